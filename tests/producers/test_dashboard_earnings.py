"""The dashboard's figures and the earnings page (sales per month, craft, centre)."""

from __future__ import annotations

from datetime import date, datetime

from marketplace import ledger
from marketplace.ledger import earnings
from marketplace.text.persian import format_money
from tests import factories as f


def test_dashboard_figures(client, login_as, db, mine, theirs) -> None:
    d = mine.driver
    ledger.record_payout(d, trainee_id=mine.trainee.id, amount_rials=1_000_000,
                         method="cash", paid_on=date(2026, 11, 10))  # Aban 1405
    ledger.record_payout(d, trainee_id=mine.trainee.id, amount_rials=2_000_000,
                         method="cash", paid_on=date(2026, 9, 1))  # Shahrivar
    payout = ledger.record_payout(d, trainee_id=mine.trainee.id, amount_rials=300_000,
                                  method="cash", paid_on=date(2026, 11, 12))
    entry = next(e for e in ledger.entries_for(d.id, mine.trainee.id) if e.payout_id == payout.id)
    ledger.reverse_entry(d, entry.id, reason="x", on=date(2026, 11, 12))
    figures = earnings.figures(d.id, date(2026, 11, 15))
    assert figures.paid_this_month_rials == 1_000_000
    assert figures.paid_total_rials == 3_000_000
    assert figures.items_bought == 3
    assert figures.items_sold == 1 and figures.lines_waiting == 1
    assert figures.items_listed == 0
    login_as(mine.user)
    html = client.get("/producers/").get_data(as_text=True)
    assert format_money(6_000_000, "fa") in html  # owed to her now
    assert mine.trainee.full_name in html and theirs.trainee.full_name not in html


def test_sales_by_craft_centre_and_month(client, login_as, db, mine) -> None:
    craft = f.make_craft(name_fa="گلیم")
    other = f.make_product(driver=mine.driver, centre=mine.centre, craft=craft,
                           price_rials=2_000_000)
    order = f.make_order(status="paid", created_at=datetime(2026, 11, 1, 8, 0))
    f.make_order_line(product=other, order=order, quantity=2, wage_rials=1_000_000)
    cancelled = f.make_order_line(product=other, order=order, status="cancelled")
    mine.line.wage_rials = 4_000_000
    mine.line.order.created_at = datetime(2026, 10, 1, 8, 0)  # Mehr 1405
    db.session.commit()
    crafts = {r.key.id: r for r in earnings.by_craft(mine.driver.id)}
    assert crafts[craft.id].sales_rials == 4_000_000 and crafts[craft.id].units == 2
    assert crafts[craft.id].wage_pct == 25
    centres = earnings.by_centre(mine.driver.id)
    assert [r.sales_rials for r in centres] == [14_000_000]
    months = earnings.by_month(mine.driver.id, date(2026, 11, 15))
    assert len(months) == 12 and months[-1].key == (1405, 8)
    assert months[-1].sales_rials == 4_000_000 and months[-2].sales_rials == 10_000_000
    assert cancelled.id  # cancelled lines are not sales
    login_as(mine.user)
    html = client.get("/producers/earnings").get_data(as_text=True)
    assert html.count("<svg") == 3 and "گلیم" in html and "<table" in html


def test_months_are_tehran_months(db, mine) -> None:
    # 22 Oct 2026 21:00 UTC is 00:30 on 1 Aban 1405 in Tehran.
    mine.line.order.created_at = datetime(2026, 10, 22, 21, 0)
    db.session.commit()
    months = earnings.by_month(mine.driver.id, date(2026, 11, 15), months=2)
    assert [(r.key, r.sales_rials) for r in months] == [((1405, 7), 0), ((1405, 8), 10_000_000)]
