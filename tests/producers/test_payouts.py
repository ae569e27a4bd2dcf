"""Paying wages through the form, over-payment, advances, and corrections by reversal."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace import ledger
from marketplace.extensions import db as _db
from marketplace.models import LedgerEntry, OutboxMessage, Payout
from marketplace.text.persian import format_rials


def _form(side, **over):
    data = {"trainee_id": str(side.trainee.id), "amount": "۲۰۰٬۰۰۰", "method": "card_to_card",
            "reference": "123456", "paid_on": "1405/08/19"}
    data.update(over)
    return data


def _payouts() -> int:
    return _db.session.scalar(select(func.count(Payout.id)))


def test_a_wage_is_paid_and_she_gets_an_sms(client, login_as, mine) -> None:
    login_as(mine.user)
    response = client.post("/producers/payouts/new", data=_form(mine))
    assert response.status_code == 302
    assert ledger.balance(mine.driver.id, mine.trainee.id) == 7_000_000
    sms = _db.session.scalars(select(OutboxMessage).where(OutboxMessage.topic == "wage_paid")).all()
    assert [m.recipient for m in sms] == [mine.trainee.phone]
    assert format_rials(2_000_000, "fa") in sms[0].body and mine.trainee.given_name in sms[0].body


def test_paying_more_than_owed_is_refused_on_the_amount_field(client, login_as, mine) -> None:
    login_as(mine.user)
    response = client.post("/producers/payouts/new", data=_form(mine, amount="900001"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="amount-error"' in html
    assert _payouts() == 0


def test_an_advance_may_exceed_what_is_owed(client, login_as, mine) -> None:
    login_as(mine.user)
    data = _form(mine, amount="1000000", is_advance="y")
    assert client.post("/producers/payouts/new", data=data).status_code == 302
    assert ledger.balance(mine.driver.id, mine.trainee.id) == -1_000_000


def test_bad_amounts_are_refused_and_nothing_is_written(client, login_as, mine) -> None:
    login_as(mine.user)
    for bad in ("", " ", "\u200c\t", "-5", "0", "دو میلیون", "1000.5", "10000000000000001"):
        response = client.post("/producers/payouts/new", data=_form(mine, amount=bad))
        assert response.status_code == 200, bad
        assert 'id="amount-error"' in response.get_data(as_text=True), bad
    assert _payouts() == 0


def test_a_trainee_of_another_driver_cannot_be_paid(client, login_as, mine, theirs) -> None:
    login_as(mine.user)
    response = client.post("/producers/payouts/new",
                           data=_form(mine, trainee_id=str(theirs.trainee.id)))
    assert response.status_code == 200
    assert _payouts() == 0


def test_a_reversal_corrects_a_payout_and_both_stay_in_the_history(
    client, login_as, mine
) -> None:
    login_as(mine.user)
    client.post("/producers/payouts/new", data=_form(mine))
    entry = _db.session.scalar(select(LedgerEntry).where(LedgerEntry.kind == "payout"))
    response = client.post(f"/producers/entries/{entry.id}/reverse",
                           data={"reason": "مبلغ اشتباه"})
    assert response.status_code == 302
    assert ledger.balance(mine.driver.id, mine.trainee.id) == 9_000_000
    page = client.get(f"/producers/trainees/{mine.trainee.id}").get_data(as_text=True)
    assert "مبلغ اشتباه" in page
    assert page.count('id="entry-') == 3  # purchase, payout and its reversal
    # A second reversal of the same entry is refused; the balance does not move.
    client.post(f"/producers/entries/{entry.id}/reverse", data={"reason": "دوباره"})
    assert ledger.balance(mine.driver.id, mine.trainee.id) == 9_000_000


def test_a_reversal_needs_a_reason(client, login_as, mine) -> None:
    login_as(mine.user)
    response = client.post(f"/producers/entries/{mine.entry.id}/reverse", data={"reason": ""})
    assert response.status_code == 302
    assert ledger.balance(mine.driver.id, mine.trainee.id) == 9_000_000
