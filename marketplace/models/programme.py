"""The programme: neighbourhoods, centres, crafts, trainees and their courses,
certificates, referrals and loans."""

from __future__ import annotations

from datetime import date, datetime
from enum import nonmember
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db
from marketplace.models.base import Choice, one_of, utcnow

if TYPE_CHECKING:
    from marketplace.models.people import Driver, User


class CentreStatus(Choice):
    PLANNED = "planned"
    UNDER_CONSTRUCTION = "under_construction"
    ACTIVE = "active"
    CLOSED = "closed"



class FigureMetric(Choice):
    """What a published total counts (SEED.md's figures reported)."""

    TRAINED = "trained"
    EMPLOYED = "employed"  # employed or running her own business
    RELIEF_LOANS = "relief_loans"  # Relief Committee loans on the centres' referral
    DRIVERS = "drivers"
    CENTRES_ACTIVE = "centres_active"
    CENTRES_UNDER_CONSTRUCTION = "centres_under_construction"


class EnrollmentStatus(Choice):
    ENROLLED = "enrolled"
    COMPLETED = "completed"
    DROPPED = "dropped"
    # She finishes or leaves; one who left may come back and finish; a completion or a
    # drop recorded by mistake is corrected by the other. Never back to "enrolled".
    TRANSITIONS = nonmember({
        ENROLLED: {COMPLETED, DROPPED},
        COMPLETED: {DROPPED},
        DROPPED: {COMPLETED},
    })



class Partner(Choice):
    FACILITATION_OFFICE = "facilitation_office"
    SOCIAL_COUNCIL = "social_council"
    RELIEF_COMMITTEE = "relief_committee"
    WELFARE_ORGANISATION = "welfare_organisation"
    LENDERS = nonmember((RELIEF_COMMITTEE, WELFARE_ORGANISATION))



class OfficeKind(Choice):
    """A partner that is a named place in a neighbourhood, kept as a record."""

    FACILITATION_OFFICE = "facilitation_office"
    SOCIAL_COUNCIL = "social_council"


class ApplicantSource(Choice):
    """Who sent an applicant to the programme (SEED.md), or none: she walked in."""

    FACILITATION_OFFICE = "facilitation_office"
    SOCIAL_COUNCIL = "social_council"
    RELIEF_COMMITTEE = "relief_committee"
    WELFARE_ORGANISATION = "welfare_organisation"  # Behzisti
    WALK_IN = "walk_in"
    FROM_OFFICE = nonmember((FACILITATION_OFFICE, SOCIAL_COUNCIL))


class ApplicantStatus(Choice):
    """Screening by her centre's staff; admitted is final (she is then a trainee)."""

    NEW = "new"
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    ADMITTED = "admitted"
    # Still waiting for a place: these are told when her centre opens.
    WAITING = nonmember((NEW, ELIGIBLE))


class ReferralDirection(Choice):
    IN = "in"  # a partner sends a job seeker to the centre
    OUT = "out"  # the centre refers a graduate to a lender


class ReferralStatus(Choice):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COMPLETED = "completed"



class LoanStatus(Choice):
    REQUESTED = "requested"
    APPROVED = "approved"
    PAID = "paid"
    REJECTED = "rejected"



centre_crafts = Table(
    "centre_crafts",
    db.metadata,
    Column("centre_id", ForeignKey("centres.id", ondelete="CASCADE"), primary_key=True),
    Column("craft_id", ForeignKey("crafts.id", ondelete="CASCADE"), primary_key=True),
)


class Neighbourhood(db.Model):
    """A neighbourhood (محله); each centre admits only people of its own."""

    __tablename__ = "neighbourhoods"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name_fa: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    is_regeneration_target: Mapped[bool] = mapped_column(default=True)


class Centre(db.Model):
    """A Rooyesh centre (مرکز رویش)."""

    __tablename__ = "centres"
    __table_args__ = (
        one_of("status", CentreStatus),
        # Target of the trainees' composite foreign key (the neighbourhood rule).
        UniqueConstraint("id", "neighbourhood_id", name="uq_centres_id_neighbourhood"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name_fa: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhoods.id"), index=True)
    address_fa: Mapped[str | None] = mapped_column(String(400))
    address_en: Mapped[str | None] = mapped_column(String(400))
    status: Mapped[str] = mapped_column(String(20), default=CentreStatus.PLANNED)
    opened_on: Mapped[date | None]
    status_changed_on: Mapped[date | None]
    # When a planned or building centre is expected to open; None while nobody knows.
    planned_opening_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    neighbourhood: Mapped[Neighbourhood] = relationship()
    crafts: Mapped[list[Craft]] = relationship(secondary=centre_crafts, order_by="Craft.id")


class Craft(db.Model):
    """A craft taught in the workshops (قالی‌بافی، گلیم‌بافی، …)."""

    __tablename__ = "crafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name_fa: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))


class Trainee(db.Model):
    """A skill learner (مهارت‌آموز). Only the consented fields may ever be public."""

    __tablename__ = "trainees"
    __table_args__ = (
        # The programme's rule, held by the database: her centre is in her neighbourhood.
        ForeignKeyConstraint(
            ["centre_id", "neighbourhood_id"],
            ["centres.id", "centres.neighbourhood_id"],
            name="fk_trainees_centre_neighbourhood",
        ),
        CheckConstraint("length(national_code) = 10", name="national_code_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    national_code: Mapped[str] = mapped_column(String(10), unique=True)
    phone: Mapped[str | None] = mapped_column(String(11))
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhoods.id"), index=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"), index=True)
    joined_on: Mapped[date]
    show_given_name: Mapped[bool] = mapped_column(default=False)
    show_photo: Mapped[bool] = mapped_column(default=False)
    show_story: Mapped[bool] = mapped_column(default=False)
    consent_recorded_on: Mapped[date | None]
    story_fa: Mapped[str | None] = mapped_column(Text)
    story_en: Mapped[str | None] = mapped_column(Text)
    portrait_digest: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    centre: Mapped[Centre] = relationship(foreign_keys=[centre_id])
    neighbourhood: Mapped[Neighbourhood] = relationship(foreign_keys=[neighbourhood_id])

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class Course(db.Model):
    """A workshop of one craft at one centre, taught by one driver."""

    __tablename__ = "courses"
    __table_args__ = (
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title_fa: Mapped[str] = mapped_column(String(200))
    craft_id: Mapped[int] = mapped_column(ForeignKey("crafts.id"), index=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"), index=True)
    driver_id: Mapped[int] = mapped_column(ForeignKey("drivers.id"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    craft: Mapped[Craft] = relationship()
    centre: Mapped[Centre] = relationship()
    driver: Mapped[Driver] = relationship()
    enrollments: Mapped[list[Enrollment]] = relationship(back_populates="course")


class Enrollment(db.Model):
    __tablename__ = "enrollments"
    __table_args__ = (
        UniqueConstraint("course_id", "trainee_id"),
        one_of("status", EnrollmentStatus),
        CheckConstraint(
            "status = 'completed' OR (completed_on IS NULL AND NOT employed_after)",
            name="completion_consistent",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=EnrollmentStatus.ENROLLED)
    enrolled_on: Mapped[date]
    completed_on: Mapped[date | None]
    employed_after: Mapped[bool] = mapped_column(default=False)
    employment_note: Mapped[str | None] = mapped_column(String(300))

    course: Mapped[Course] = relationship(back_populates="enrollments")
    trainee: Mapped[Trainee] = relationship()


class Certificate(db.Model):
    """A TVTO skill certificate (گواهینامه مهارتی فنی و حرفه‌ای)."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id"), index=True)
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id"))
    craft_id: Mapped[int] = mapped_column(ForeignKey("crafts.id"))
    number: Mapped[str] = mapped_column(String(40), unique=True)
    issued_on: Mapped[date]

    trainee: Mapped[Trainee] = relationship()
    course: Mapped[Course | None] = relationship()
    craft: Mapped[Craft] = relationship()


class PartnerOffice(db.Model):
    """A facilitation office (دفتر تسهیلگری) or social council (شورای اجتماعی) of a
    neighbourhood, so referrals and applicants name the office that sent them."""

    __tablename__ = "partner_offices"
    __table_args__ = (
        one_of("kind", OfficeKind),
        UniqueConstraint("kind", "name", name="uq_partner_offices_kind_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(200))
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhoods.id"), index=True)
    contact: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    neighbourhood: Mapped[Neighbourhood] = relationship()


class Applicant(db.Model):
    """A woman who asked to join the programme, screened by her neighbourhood's centre.

    `centre_id` is the centre of her neighbourhood when it has one (active or still being
    built: then she waits on its list); admission makes her a Trainee (`trainee_id`, once).
    """

    __tablename__ = "applicants"
    __table_args__ = (
        one_of("source", ApplicantSource),
        one_of("status", ApplicantStatus),
        CheckConstraint("length(national_code) = 10", name="national_code_length"),
        CheckConstraint(
            "status != 'not_eligible' OR length(reason) > 0", name="refusal_has_reason"
        ),
        CheckConstraint(
            "(status = 'admitted') = (trainee_id IS NOT NULL)", name="admitted_is_trainee"
        ),
        CheckConstraint(
            "NOT head_of_household OR household_document IS NOT NULL OR office_id IS NOT NULL",
            name="head_of_household_shown",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    national_code: Mapped[str] = mapped_column(String(10), unique=True)
    phone: Mapped[str | None] = mapped_column(String(11))
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhoods.id"), index=True)
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id"), index=True)
    head_of_household: Mapped[bool] = mapped_column(default=False)
    # What shows it: a document seen by staff (its kind and number), or the office below.
    household_document: Mapped[str | None] = mapped_column(String(200))
    craft_id: Mapped[int | None] = mapped_column(ForeignKey("crafts.id"))
    source: Mapped[str] = mapped_column(String(30))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("partner_offices.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=ApplicantStatus.NEW)
    reason: Mapped[str | None] = mapped_column(String(300))
    applied_on: Mapped[date] = mapped_column(index=True)
    trainee_id: Mapped[int | None] = mapped_column(ForeignKey("trainees.id"), unique=True)
    # When she was told by SMS that her centre opened: at most once.
    told_open_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    neighbourhood: Mapped[Neighbourhood] = relationship()
    centre: Mapped[Centre | None] = relationship()
    craft: Mapped[Craft | None] = relationship()
    office: Mapped[PartnerOffice | None] = relationship()
    trainee: Mapped[Trainee | None] = relationship()

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class Referral(db.Model):
    """A referral in from a partner, or out to a lender for a loan."""

    __tablename__ = "referrals"
    __table_args__ = (
        one_of("partner", Partner),
        one_of("direction", ReferralDirection),
        one_of("status", ReferralStatus),
        CheckConstraint(
            "trainee_id IS NOT NULL OR applicant_name IS NOT NULL", name="names_someone"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"), index=True)
    trainee_id: Mapped[int | None] = mapped_column(ForeignKey("trainees.id"), index=True)
    applicant_name: Mapped[str | None] = mapped_column(String(200))
    partner: Mapped[str] = mapped_column(String(30))
    direction: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(12), default=ReferralStatus.OPEN)
    referred_on: Mapped[date]
    note: Mapped[str | None] = mapped_column(Text)
    # The office that sent her, when the partner is an office kept as a record.
    office_id: Mapped[int | None] = mapped_column(ForeignKey("partner_offices.id"), index=True)

    centre: Mapped[Centre] = relationship()
    trainee: Mapped[Trainee | None] = relationship()
    office: Mapped[PartnerOffice | None] = relationship()
    loans: Mapped[list[Loan]] = relationship(back_populates="referral")


class Loan(db.Model):
    """A business loan (تسهیلات) from the Relief Committee or the Welfare Organisation."""

    __tablename__ = "loans"
    __table_args__ = (
        one_of("partner", Partner.LENDERS),
        one_of("status", LoanStatus),
        CheckConstraint("amount_rials > 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id"), index=True)
    partner: Mapped[str] = mapped_column(String(30))
    amount_rials: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(12), default=LoanStatus.REQUESTED)
    decided_on: Mapped[date | None]

    referral: Mapped[Referral] = relationship(back_populates="loans")
    trainee: Mapped[Trainee] = relationship()


class ProgrammeFigure(db.Model):
    """A total the programme published or counted before this system: its baseline.

    Kept beside what the system counts itself and never added to it (nobody knows how far
    the two overlap). `centre_id` None is the whole programme; `jyear` None is every year up
    to the source's date, else the Jalali year the figure is for. A range («۳۵ تا ۴۰») is
    `value` to `value_high`; an exact figure has no `value_high`.
    """

    __tablename__ = "programme_figures"
    __table_args__ = (
        one_of("metric", FigureMetric),
        CheckConstraint("value >= 0", name="value_not_negative"),
        CheckConstraint("value_high IS NULL OR value_high > value", name="range_ordered"),
        CheckConstraint("jyear IS NULL OR (jyear >= 1300 AND jyear <= 1500)",
                        name="jyear_plausible"),
        CheckConstraint("length(source) > 0", name="source_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    metric: Mapped[str] = mapped_column(String(30), index=True)
    value: Mapped[int]
    value_high: Mapped[int | None]
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id"), index=True)
    jyear: Mapped[int | None]
    source: Mapped[str] = mapped_column(String(300))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    centre: Mapped[Centre | None] = relationship()
    recorded_by: Mapped[User | None] = relationship()
