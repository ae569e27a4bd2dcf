"""Every page of the workspace renders for its driver."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path", [
    "/producers/", "/producers/purchases", "/producers/purchases/new",
    "/producers/payouts/new", "/producers/materials", "/producers/materials/new",
    "/producers/listings", "/producers/listings?status=draft", "/producers/orders",
    "/producers/orders?show=all", "/producers/earnings",
])
def test_pages_render(client, login_as, mine, path) -> None:
    login_as(mine.user)
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]


def test_owned_pages_render(client, login_as, mine) -> None:
    login_as(mine.user)
    for path in (
        f"/producers/purchases/{mine.purchase.id}",
        f"/producers/trainees/{mine.trainee.id}",
        f"/producers/trainees/{mine.trainee.id}/statement",
        f"/producers/trainees/{mine.trainee.id}/statement?year=1405&month=8",
        f"/producers/trainees/{mine.trainee.id}/statement/print?year=1405&month=8",
        f"/producers/trainees/{mine.trainee.id}/statement.csv?year=1405&month=8",
        f"/producers/listings/{mine.product.id}",
    ):
        response = client.get(path)
        assert response.status_code == 200, (path, response.get_data(as_text=True)[:2000])


def test_pages_render_in_english(client, login_as, mine) -> None:
    client.post("/language", data={"lang": "en"})
    login_as(mine.user)
    for path in ("/producers/", "/producers/listings", f"/producers/listings/{mine.product.id}",
                 "/producers/earnings", "/producers/orders?show=all",
                 f"/producers/trainees/{mine.trainee.id}/statement"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert 'lang="en"' in response.get_data(as_text=True), path
