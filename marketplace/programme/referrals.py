"""Referrals in from partners and out to lenders, and the loans that follow."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from marketplace.extensions import db
from marketplace.models import (
    Centre,
    Loan,
    LoanStatus,
    Partner,
    PartnerOffice,
    Referral,
    ReferralDirection,
    ReferralStatus,
    Trainee,
    User,
)
from marketplace.people import audit
from marketplace.programme import ProgrammeError

# Who refers people in, and who lends to those referred out (SEED.md).
SOURCES = (Partner.FACILITATION_OFFICE, Partner.SOCIAL_COUNCIL, Partner.RELIEF_COMMITTEE)
LENDERS = Partner.LENDERS


def record_referral(
    *,
    centre: Centre,
    direction: str,
    partner: str,
    trainee: Trainee | None,
    applicant_name: str | None,
    referred_on: date,
    note: str | None,
    actor: User,
    office: PartnerOffice | None = None,
) -> Referral:
    """Record a referral; 'in' names a registered trainee or an applicant, 'out' a trainee.
    A referral from a facilitation office or a social council may name the office."""
    allowed = SOURCES if direction == ReferralDirection.IN else LENDERS
    if direction not in ("in", "out") or partner not in allowed:
        raise ProgrammeError(_l("This partner does not take referrals that way."), "partner")
    if trainee is not None and trainee.centre_id != centre.id:
        raise ProgrammeError(_l("Choose a trainee of this centre."), "trainee_id")
    if trainee is None and (direction == "out" or not applicant_name):
        raise ProgrammeError(_l("Choose a trainee or write the applicant's name."), "trainee_id")
    if office is not None and office.kind != partner:
        raise ProgrammeError(_l("This office is not of the kind chosen as the partner."),
                             "office_id")
    referral = Referral(
        centre=centre,
        direction=direction,
        partner=partner,
        trainee=trainee,
        applicant_name=None if trainee is not None else applicant_name,
        referred_on=referred_on,
        note=note or None,
        office=office,
    )
    db.session.add(referral)
    audit.record(actor, "referral.create", referral, {
        "direction": direction, "partner": partner,
        "trainee_id": trainee.id if trainee is not None else None, "referred_on": referred_on,
        "office_id": office.id if office is not None else None,
    })
    db.session.commit()
    return referral


def set_referral_status(referral: Referral, status: str, *, actor: User) -> Referral:
    if status not in ReferralStatus.values():
        raise ProgrammeError(_l("Choose a status."), "status")
    audit.record(actor, "referral.status", referral, {"status": [referral.status, status]})
    referral.status = status
    db.session.commit()
    return referral


def record_loan(
    referral: Referral, *, amount_rials: int, status: str, decided_on: date | None, actor: User
) -> Loan:
    """The loan that followed a referral out to a lender."""
    if referral.direction != "out" or referral.trainee_id is None:
        raise ProgrammeError(_l("Loans follow a referral out to a lender."), "amount")
    if amount_rials <= 0:
        raise ProgrammeError(_l("Enter an amount."), "amount")
    loan = Loan(
        referral=referral,
        trainee_id=referral.trainee_id,
        partner=referral.partner,
        amount_rials=amount_rials,
        status=_loan_status(status),
        decided_on=decided_on,
    )
    db.session.add(loan)
    audit.record(actor, "loan.create", loan, {
        "trainee_id": loan.trainee_id, "partner": loan.partner, "amount_rials": amount_rials,
        "status": loan.status, "decided_on": decided_on,
    })
    db.session.commit()
    return loan


def set_loan_status(loan: Loan, status: str, *, decided_on: date | None, actor: User) -> Loan:
    audit.record(actor, "loan.status", loan, {
        "status": [loan.status, _loan_status(status)], "decided_on": [loan.decided_on, decided_on],
    })
    loan.status = status
    loan.decided_on = decided_on
    db.session.commit()
    return loan


def _loan_status(status: str) -> str:
    if status not in LoanStatus.values():
        raise ProgrammeError(_l("Choose a status."), "status")
    return status
