"""Every POST form of the workspace carries a CSRF token once CSRF is on, as in
production (the test configuration turns it off)."""

from __future__ import annotations

import re

from tests import factories as f

FORM = re.compile(r"<form\b([^>]*method=\"post\"[^>]*)>(.*?)</form>", re.S | re.I)
# The header's language switch is the same form on the storefront a shared cache keeps:
# no token, checked by origin instead (security.same_site_only, tests/orders/test_cart.py).
BY_ORIGIN = ('action="/language"',)


def test_every_post_form_has_a_csrf_token(app, client, login_as, db, mine, monkeypatch) -> None:
    f.make_photo(product=mine.product)
    f.make_photo(product=mine.product)
    db.session.commit()
    login_as(mine.user)  # signing in first: the test sign-in posts no token
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    pages = ["/producers/", "/producers/purchases/new", "/producers/payouts/new",
             f"/producers/trainees/{mine.trainee.id}", f"/producers/listings/{mine.product.id}",
             "/producers/orders", "/producers/materials/new"]
    seen = 0
    for path in pages:
        html = client.get(path).get_data(as_text=True)
        for attributes, body in FORM.findall(html):
            if any(action in attributes for action in BY_ORIGIN):
                continue
            seen += 1
            assert 'name="csrf_token"' in body, (path, body[:300])
    assert seen >= 10
