"""Who reaches what: anonymous → sign in, other roles → 404, another driver's objects → 404."""

from __future__ import annotations

import pytest

from marketplace.models import Role
from tests import factories as f

# (method, path); {p} product, {t} trainee, {e} ledger entry, {l} order line, {u} purchase,
# {ph} photo of the product.
ROUTES = [
    ("GET", "/producers/"),
    ("GET", "/producers/purchases"),
    ("GET", "/producers/purchases/new"),
    ("POST", "/producers/purchases/new"),
    ("GET", "/producers/purchases/{u}"),
    ("GET", "/producers/payouts/new"),
    ("POST", "/producers/payouts/new"),
    ("GET", "/producers/trainees/{t}"),
    ("POST", "/producers/entries/{e}/reverse"),
    ("GET", "/producers/trainees/{t}/statement"),
    ("GET", "/producers/trainees/{t}/statement.csv"),
    ("GET", "/producers/trainees/{t}/statement/print"),
    ("GET", "/producers/materials"),
    ("GET", "/producers/materials/new"),
    ("POST", "/producers/materials/new"),
    ("GET", "/producers/listings"),
    ("GET", "/producers/listings/{p}"),
    ("POST", "/producers/listings/{p}"),
    ("POST", "/producers/listings/{p}/photos"),
    ("POST", "/producers/listings/{p}/photos/{ph}/cover"),
    ("POST", "/producers/listings/{p}/photos/{ph}/earlier"),
    ("POST", "/producers/listings/{p}/publish"),
    ("POST", "/producers/listings/{p}/unpublish"),
    ("POST", "/producers/listings/{p}/archive"),
    ("GET", "/producers/orders"),
    ("POST", "/producers/orders/lines/{l}/preparing"),
    ("POST", "/producers/orders/lines/{l}/shipped"),
    ("POST", "/producers/orders/lines/{l}/ready"),
    ("POST", "/producers/orders/lines/{l}/cancel"),
    ("GET", "/producers/earnings"),
]
OWNED = [r for r in ROUTES if "{" in r[1]]


def _path(template: str, side, photo_id: int) -> str:
    return template.format(p=side.product.id, t=side.trainee.id, e=side.entry.id,
                           l=side.line.id, u=side.purchase.id, ph=photo_id)


@pytest.fixture
def photo(db, mine):
    p = f.make_photo(product=mine.product)
    db.session.commit()
    return p


@pytest.mark.parametrize(("method", "template"), ROUTES)
def test_anonymous_is_sent_to_sign_in(client, mine, photo, method, template) -> None:
    response = client.open(_path(template, mine, photo.id), method=method)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", [Role.BUYER, Role.STAFF, Role.ADMIN])
@pytest.mark.parametrize(("method", "template"), ROUTES)
def test_other_roles_get_404(client, login_as, db, mine, photo, role, method, template) -> None:
    login_as(f.make_user(role))
    assert client.open(_path(template, mine, photo.id), method=method).status_code == 404


@pytest.mark.parametrize(("method", "template"), OWNED)
def test_another_drivers_objects_are_404(
    client, login_as, db, mine, theirs, photo, method, template
) -> None:
    login_as(theirs.user)
    assert client.open(_path(template, mine, photo.id), method=method).status_code == 404


def test_cover_with_a_photo_of_another_item_is_404(client, login_as, db, mine, theirs) -> None:
    stranger_photo = f.make_photo(product=theirs.product)
    db.session.commit()
    login_as(mine.user)
    url = f"/producers/listings/{mine.product.id}/photos/{stranger_photo.id}/cover"
    assert client.post(url).status_code == 404


def test_trainee_of_my_centre_without_account_has_no_statement(client, login_as, mine) -> None:
    login_as(mine.user)
    assert client.get(f"/producers/trainees/{mine.other_trainee.id}/statement").status_code == 404
    assert client.get(
        f"/producers/trainees/{mine.other_trainee.id}/statement.csv"
    ).status_code == 404
