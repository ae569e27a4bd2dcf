"""Ledger operations: each is one transaction with one commit at its end."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from marketplace.catalogue import inventory
from marketplace.extensions import db
from marketplace.ledger.balances import balance
from marketplace.ledger.errors import (
    AlreadyReversed,
    LedgerError,
    NegativeBalance,
    NotYours,
    OverPayment,
    SharesInvalid,
)
from marketplace.models import (
    Driver,
    EntryKind,
    LedgerEntry,
    Payout,
    PayoutMethod,
    Product,
    ProductMaker,
    Purchase,
    PurchaseShare,
    Trainee,
    User,
)
from marketplace.notifications import outbox as notifications
from marketplace.people import audit
from marketplace.text.money import split_amount
from marketplace.text.persian import format_rials

MAX_RIALS = 10**15


@dataclass(frozen=True)
class MakerShare:
    trainee_id: int
    share_pct: int


def _lock_account(trainee_id: int) -> None:
    """Serialise writers on one trainee's accounts: a row lock on PostgreSQL, the
    write lock on SQLite. Taken before reading the balance it protects."""
    db.session.execute(update(Trainee).where(Trainee.id == trainee_id).values(id=Trainee.id))


def _eligible_trainees(driver: Driver, trainee_ids: Sequence[int]) -> dict[int, Trainee]:
    centre_ids = {c.id for c in driver.centres}
    found = db.session.scalars(select(Trainee).where(Trainee.id.in_(trainee_ids))).all()
    by_id = {t.id: t for t in found if t.centre_id in centre_ids}
    if len(by_id) != len(set(trainee_ids)):
        raise NotYours(_l("Choose makers among the trainees of your centres."))
    return by_id


def _check_shares(makers: Sequence[MakerShare]) -> None:
    if not makers:
        raise SharesInvalid(_l("Name at least one maker."))
    if len({m.trainee_id for m in makers}) != len(makers):
        raise SharesInvalid(_l("Each maker may be named only once."))
    if any(not 1 <= m.share_pct <= 100 for m in makers):
        raise SharesInvalid(_l("Each share is a whole percentage from 1 to 100."))
    if sum(m.share_pct for m in makers) != 100:
        raise SharesInvalid(_l("The makers' shares must add up to 100%."))


def _sms(trainee: Trainee, topic: str, text: str) -> None:
    notifications.queue_sms(trainee.phone, text, topic)


def record_purchase(
    driver: Driver,
    *,
    product: Product,
    quantity: int,
    total_rials: int,
    makers: Sequence[MakerShare],
    purchased_on: date,
    actor: User | None = None,
    note: str | None = None,
) -> Purchase:
    """The driver buys `quantity` units from the makers: each is owed her share.

    Adds the units to the product's stock by a conditional update (`inventory`), so a
    checkout committed meanwhile is not lost. A new product (no id yet) is created in draft.
    """
    if product.driver_id not in (None, driver.id):
        raise NotYours(_l("This item is not yours."))
    if quantity < 1:
        raise LedgerError(_l("Buy at least one unit."))
    if not 0 <= total_rials <= MAX_RIALS:
        raise LedgerError(_l("The amount is out of range."))
    _check_shares(makers)
    _eligible_trainees(driver, [m.trainee_id for m in makers])
    amounts = split_amount(total_rials, [m.share_pct for m in makers])

    product.driver_id = driver.id
    db.session.add(product)
    purchase = Purchase(
        driver_id=driver.id,
        product=product,
        centre_id=product.centre_id,
        quantity=quantity,
        total_rials=total_rials,
        purchased_on=purchased_on,
        created_by=actor,
        note=note,
    )
    db.session.add(purchase)
    db.session.flush()
    for maker, amount in zip(makers, amounts, strict=True):
        db.session.add(
            PurchaseShare(
                purchase=purchase,
                trainee_id=maker.trainee_id,
                share_pct=maker.share_pct,
                amount_rials=amount,
            )
        )
        if amount:
            db.session.add(
                LedgerEntry(
                    driver_id=driver.id,
                    trainee_id=maker.trainee_id,
                    kind=EntryKind.PURCHASE,
                    amount_rials=amount,
                    purchase=purchase,
                    occurred_on=purchased_on,
                    created_by_id=actor.id if actor else None,
                )
            )
    if not product.makers:
        product.makers = [
            ProductMaker(trainee_id=m.trainee_id, share_pct=m.share_pct) for m in makers
        ]
    product.unit_wage_rials = total_rials // quantity
    db.session.flush()  # a new product's row exists before its stock is added to
    stock = inventory.add_stock(product.id, quantity)
    set_committed_value(product, "stock", stock)
    audit.record(actor, "purchase.create", purchase, {
        "product_id": product.id, "quantity": quantity, "total_rials": total_rials,
        "stock": [stock - quantity, stock],
        "makers": {str(m.trainee_id): m.share_pct for m in makers},
    })
    db.session.commit()
    return purchase


def record_payout(
    driver: Driver,
    *,
    trainee_id: int,
    amount_rials: int,
    method: str,
    paid_on: date,
    reference: str | None = None,
    is_advance: bool = False,
    actor: User | None = None,
) -> Payout:
    """Pay a trainee's wage. More than is owed is refused unless it is an advance."""
    if method not in PayoutMethod.values():
        raise LedgerError(_l("Choose how it was paid."))
    if not 0 < amount_rials <= MAX_RIALS:
        raise LedgerError(_l("The amount must be more than zero."))
    trainee = _eligible_trainees(driver, [trainee_id])[trainee_id]
    _lock_account(trainee_id)
    owed = balance(driver.id, trainee_id)
    if amount_rials > owed and not is_advance:
        raise OverPayment(owed=owed, asked=amount_rials)
    payout = Payout(
        driver_id=driver.id,
        trainee_id=trainee_id,
        amount_rials=amount_rials,
        method=method,
        reference=reference,
        paid_on=paid_on,
        is_advance=is_advance,
        created_by_id=actor.id if actor else None,
    )
    db.session.add(payout)
    db.session.add(
        LedgerEntry(
            driver_id=driver.id,
            trainee_id=trainee_id,
            kind=EntryKind.ADVANCE if is_advance else EntryKind.PAYOUT,
            amount_rials=-amount_rials,
            payout=payout,
            occurred_on=paid_on,
            created_by_id=actor.id if actor else None,
        )
    )
    audit.record(actor, "payout.create", payout, {
        "trainee_id": trainee_id, "amount_rials": amount_rials, "method": method,
        "paid_on": paid_on, "is_advance": is_advance, "balance": [owed, owed - amount_rials],
    })
    with force_locale("fa"):
        _sms(
            trainee,
            "wage_paid",
            gettext(
                "%(name)s, your wage of %(amount)s has been paid by %(driver)s. Rooyesh",
                name=trainee.given_name,
                amount=format_rials(amount_rials, "fa"),
                driver=driver.name_fa,
            ),
        )
    db.session.commit()
    return payout


def reverse_entry(
    driver: Driver, entry_id: int, *, reason: str, on: date, actor: User | None = None
) -> LedgerEntry:
    """Correct a mistake by an opposite entry; the original stays in the history."""
    entry = db.session.get(LedgerEntry, entry_id)
    if entry is None or entry.driver_id != driver.id:
        raise NotYours(_l("No such entry in your ledger."))
    if entry.kind == EntryKind.REVERSAL:
        raise AlreadyReversed(_l("A reversal cannot itself be reversed; record a new entry."))
    _lock_account(entry.trainee_id)
    already = db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.reverses_id == entry.id))
    if already is not None:
        raise AlreadyReversed(_l("This entry has already been reversed."))
    if entry.amount_rials > 0 and balance(driver.id, entry.trainee_id) - entry.amount_rials < 0:
        raise NegativeBalance(
            _l("She has already been paid part of this; reverse that payout first.")
        )
    reversal = LedgerEntry(
        driver_id=driver.id,
        trainee_id=entry.trainee_id,
        kind=EntryKind.REVERSAL,
        amount_rials=-entry.amount_rials,
        reverses_id=entry.id,
        occurred_on=on,
        note=reason[:300],
        created_by_id=actor.id if actor else None,
    )
    db.session.add(reversal)
    audit.record(actor, "entry.reverse", reversal, {
        "reverses_id": entry.id, "trainee_id": entry.trainee_id,
        "amount_rials": reversal.amount_rials, "reason": reversal.note,
    })
    db.session.commit()
    return reversal
