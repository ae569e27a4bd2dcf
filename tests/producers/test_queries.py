"""Pages send a bounded number of SQL statements, however many rows they show."""

from __future__ import annotations

from datetime import date

import pytest

from marketplace import ledger
from marketplace.ledger import MakerShare
from tests import factories as f


def _more(db, side, n: int) -> None:
    """n more items, each bought, with a photo, an order line and a payout."""
    for _ in range(n):
        product = f.make_product(driver=side.driver, centre=side.centre, stock=0)
        f.make_photo(product=product)
        db.session.commit()
        ledger.record_purchase(side.driver, product=product, quantity=1, total_rials=1000,
                               makers=[MakerShare(side.trainee.id, 100)],
                               purchased_on=date(2026, 11, 3))
        ledger.record_payout(side.driver, trainee_id=side.trainee.id, amount_rials=500,
                             method="cash", paid_on=date(2026, 11, 4))
        f.make_order_line(product=product, order=f.make_order(status="paid"))
        f.make_trainee(centre=side.centre)
        db.session.commit()


@pytest.mark.parametrize("path", [
    "/producers/", "/producers/orders", "/producers/listings", "/producers/purchases",
    "/producers/trainees/{t}", "/producers/trainees/{t}/statement?year=1405&month=8",
    "/producers/earnings", "/producers/purchases/new", "/producers/materials",
])
def test_query_count_does_not_grow_with_rows(client, login_as, db, mine, count_queries,
                                             path) -> None:
    login_as(mine.user)
    url = path.format(t=mine.trainee.id)
    _more(db, mine, 1)
    few = count_queries(lambda: client.get(url))
    _more(db, mine, 5)
    many = count_queries(lambda: client.get(url))
    assert 0 < many == few, (url, few, many)
