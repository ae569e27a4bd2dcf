"""Monthly statements: totals against the ledger, the CSV, and the printable page."""

from __future__ import annotations

import csv
import io
from datetime import date

from marketplace import ledger
from marketplace.ledger import MakerShare
from marketplace.text.persian import format_money, jalali_month_bounds
from tests import factories as f

# Aban 1405 is 23 Oct – 21 Nov 2026; Azar 1405 starts 22 Nov 2026.
ABAN = (1405, 8)


def _history(db, side):
    """Before Aban, in Aban (purchase, payout, advance-free reversal), and after it."""
    d, t = side.driver, side.trainee
    # make_side bought 9,000,000 on 1 Nov 2026 (10 Aban).
    ledger.record_payout(d, trainee_id=t.id, amount_rials=1_000_000, method="cash",
                         paid_on=date(2026, 10, 1))  # Mehr
    p2 = f.make_product(driver=d, centre=side.centre, stock=0)
    db.session.commit()
    ledger.record_purchase(d, product=p2, quantity=1, total_rials=3_000_000,
                           makers=[MakerShare(t.id, 100)], purchased_on=date(2026, 11, 5))
    payout = ledger.record_payout(d, trainee_id=t.id, amount_rials=2_500_000,
                                  method="bank_transfer", reference="R-1",
                                  paid_on=date(2026, 11, 10))
    entry = next(e for e in ledger.entries_for(d.id, t.id) if e.payout_id == payout.id)
    ledger.reverse_entry(d, entry.id, reason="اشتباه", on=date(2026, 11, 11))
    ledger.record_payout(d, trainee_id=t.id, amount_rials=500_000, method="cash",
                         paid_on=date(2026, 11, 25))  # Azar


def test_statement_totals_equal_the_ledger(db, mine) -> None:
    _history(db, mine)
    st = ledger.month_statement(mine.driver.id, mine.trainee.id, *ABAN)
    start, end = jalali_month_bounds(*ABAN)
    entries = ledger.entries_for(mine.driver.id, mine.trainee.id)
    assert st.opening_rials == sum(e.amount_rials for e in entries if e.occurred_on < start)
    assert st.opening_rials == -1_000_000
    assert st.closing_rials == sum(e.amount_rials for e in entries if e.occurred_on < end)
    assert st.closing_rials == -1_000_000 + 9_000_000 + 3_000_000
    assert st.credits_rials - st.debits_rials == sum(
        e.amount_rials for e in entries if start <= e.occurred_on < end
    )
    assert [r.running_rials for r in st.rows][-1] == st.closing_rials
    # Every month together gives today's balance.
    azar = ledger.month_statement(mine.driver.id, mine.trainee.id, 1405, 9)
    assert azar.opening_rials == st.closing_rials
    assert azar.closing_rials == ledger.balance(mine.driver.id, mine.trainee.id)


def test_statement_page_shows_entries_and_balances(client, login_as, db, mine) -> None:
    _history(db, mine)
    login_as(mine.user)
    html = client.get(
        f"/producers/trainees/{mine.trainee.id}/statement?year=1405&month=8"
    ).get_data(as_text=True)
    assert "اشتباه" in html and "R-1" in html
    assert format_money(11_000_000, "fa") in html  # the closing balance
    assert format_money(-1_000_000, "fa") in html  # the opening balance


def test_statement_csv(client, login_as, db, mine) -> None:
    _history(db, mine)
    login_as(mine.user)
    response = client.get(
        f"/producers/trainees/{mine.trainee.id}/statement.csv?year=1405&month=8"
    )
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, opening, *entries, closing = rows
    assert len(header) == 7
    assert int(opening[6]) == -1_000_000
    assert len(entries) == 4  # purchase, purchase, payout, reversal
    assert [int(r[6]) for r in entries][-1] == 11_000_000
    assert sum(int(r[4]) for r in entries) == int(closing[4]) == 9_000_000 + 3_000_000 + 2_500_000
    assert sum(int(r[5]) for r in entries) == int(closing[5]) == 2_500_000
    assert int(closing[6]) == 11_000_000
    assert entries[0][0] == "۱۴۰۵/۰۸/۱۰" and entries[0][1] == "2026-11-01"


def test_printable_statement_is_persian_with_names(client, login_as, db, mine) -> None:
    _history(db, mine)
    client.post("/language", data={"lang": "en"})
    login_as(mine.user)
    html = client.get(
        f"/producers/trainees/{mine.trainee.id}/statement/print?year=1405&month=8"
    ).get_data(as_text=True)
    assert 'class="statement-print"' in html
    assert mine.centre.name_fa in html and mine.driver.name_fa in html
    assert mine.trainee.full_name in html
    assert "آبان" in html and 'dir="rtl"' in html


def test_a_nonsense_period_is_404(client, login_as, mine) -> None:
    login_as(mine.user)
    url = f"/producers/trainees/{mine.trainee.id}/statement"
    assert client.get(url + "?year=1405&month=13").status_code == 404
    assert client.get(url + "?year=1405").status_code == 404


def test_statement_csv_cells_never_start_a_formula(client, login_as, db, mine) -> None:
    """Finding 8: a product's title is user text; in the CSV it must stay text."""
    product = f.make_product(driver=mine.driver, centre=mine.centre, stock=0,
                             title_fa='=HYPERLINK("http://evil")')
    db.session.commit()
    ledger.record_purchase(mine.driver, product=product, quantity=1, total_rials=3_000,
                           makers=[MakerShare(mine.trainee.id, 100)],
                           purchased_on=date(2026, 11, 2))
    login_as(mine.user)
    raw = client.get(f"/producers/trainees/{mine.trainee.id}/statement.csv?year=1405&month=8")
    rows = list(csv.reader(io.StringIO(raw.get_data().decode("utf-8-sig"))))
    texts = [cell for row in rows for cell in row[2:4]]
    assert any("HYPERLINK" in cell for cell in texts)
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in texts)
