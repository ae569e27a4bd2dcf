"""The heart: guests in the session, buyers in rows, merged on sign-in; /favourites shows
only the visitor's own; a list page reads the visitor's hearts in one query."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Favourite, ProductStatus
from tests.factories import make_product, make_user, sign_in
from tests.shop.conftest import listed_product


def _heart(client, product, on="1", next_path="/products"):
    return client.post(f"/favourites/{product.id}", data={"on": on, "next": next_path})


def _saved(user) -> set[int]:
    return set(db.session.scalars(select(Favourite.product_id).where(Favourite.user_id == user.id)))


def test_guest_hearts_live_in_the_session_and_join_her_account(client, db) -> None:
    first, second = listed_product(n=1, title_fa="گلیم یک"), listed_product(n=2, title_fa="گلیم دو")
    buyer = make_user(email="fav@example.com")
    db.session.commit()
    response = _heart(client, first)
    assert response.status_code == 302 and response.headers["Location"] == "/products"
    page = client.get("/favourites").get_data(as_text=True)
    assert "گلیم یک" in page and "گلیم دو" not in page
    assert 'aria-pressed="true"' in page
    assert sign_in(client, buyer).status_code == 302
    assert _saved(buyer) == {first.id}
    _heart(client, second)
    _heart(client, first, on="0")
    assert _saved(buyer) == {second.id}
    _heart(client, second)  # again: still one row
    assert db.session.scalar(select(db.func.count(Favourite.id))) == 1


def test_favourites_page_shows_only_her_own(client, db) -> None:
    mine, theirs = listed_product(n=1, title_fa="مال من"), listed_product(n=2, title_fa="مال او")
    me, other = make_user(email="me@example.com"), make_user(email="other@example.com")
    db.session.add(Favourite(user_id=other.id, product_id=theirs.id))
    db.session.add(Favourite(user_id=me.id, product_id=mine.id))
    db.session.commit()
    sign_in(client, me)
    page = client.get("/favourites").get_data(as_text=True)
    assert "مال من" in page and "مال او" not in page
    _heart(client, theirs, on="0")  # un-hearting touches only her own rows
    assert db.session.scalar(select(db.func.count(Favourite.id))) == 2


def test_an_unlisted_product_cannot_be_hearted(client, db) -> None:
    draft = make_product(status=ProductStatus.DRAFT)
    db.session.commit()
    assert _heart(client, draft).status_code == 404
    assert client.post("/favourites/999999", data={"on": "1"}).status_code == 404
    # An outside address in `next` is not followed.
    item = listed_product(n=3)
    db.session.commit()
    assert _heart(client, item, next_path="//evil.example").headers["Location"] == "/favourites"


def test_anonymous_pages_carry_no_visitor_state(client, db) -> None:
    item = listed_product(n=1)
    db.session.commit()
    page = client.get("/products").get_data(as_text=True)
    assert 'aria-pressed="false"' in page and 'aria-pressed="true"' not in page
    _heart(client, item)
    _heart(client, item, on="0")
    with client.session_transaction() as session:
        assert "favourites" not in session  # nothing personal left: cacheable again


def test_a_list_reads_the_hearts_in_one_query(client, db, count_queries) -> None:
    buyer = make_user(email="q@example.com")
    items = [listed_product(n=i) for i in range(6)]
    db.session.commit()
    sign_in(client, buyer)
    _heart(client, items[0])
    with count_queries() as before:
        client.get("/products")
    for item in items[1:]:
        _heart(client, item)
    with count_queries() as after:
        page = client.get("/products").get_data(as_text=True)
    assert page.count('aria-pressed="true"') == 6
    assert after.count == before.count
    assert sum("favourites" in s for s in after.statements) == 1
