"""Accounts and drivers (پیشران)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import (
    Column,
    ColumnElement,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    and_,
    event,
    select,
    text,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from marketplace.extensions import db
from marketplace.models.base import Choice, one_of, utcnow
from marketplace.text.persian import slugify, unique_slug

if TYPE_CHECKING:
    from marketplace.models.programme import Centre


SLUG_LENGTH = 120


class DriverKind(Choice):
    PERSON = "person"  # فرد
    FIRM = "firm"  # مجموعه


class Role(Choice):
    BUYER = "buyer"
    DRIVER = "driver"
    STAFF = "staff"
    ADMIN = "admin"



staff_centres = Table(
    "staff_centres",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("centre_id", ForeignKey("centres.id", ondelete="CASCADE"), primary_key=True),
)

driver_centres = Table(
    "driver_centres",
    db.metadata,
    Column("driver_id", ForeignKey("drivers.id", ondelete="CASCADE"), primary_key=True),
    Column("centre_id", ForeignKey("centres.id", ondelete="CASCADE"), primary_key=True),
)


class Driver(db.Model):
    """A person or firm that trains, supplies, pays and buys from trainees."""

    __tablename__ = "drivers"
    __table_args__ = (one_of("kind", DriverKind),
                      Index("uq_drivers_slug", "slug", unique=True))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), default=DriverKind.PERSON)
    name_fa: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    # The shop page's address, /drivers/<slug>: given once, from the name, when the row
    # is first saved (`_give_slugs`), and kept, so links to it stay good after a rename.
    slug: Mapped[str] = mapped_column(String(SLUG_LENGTH))
    # The personal number the programme calls: never on a public page.
    phone: Mapped[str | None] = mapped_column(String(20))
    # What the shop page says: the driver's own words, and a number for buyers only if
    # she chose to give one; `page_public` off hides the page (404) and its links.
    about_fa: Mapped[str | None] = mapped_column(Text)
    business_phone: Mapped[str | None] = mapped_column(String(20))
    page_public: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    centres: Mapped[list[Centre]] = relationship(secondary=driver_centres, order_by="Centre.id")
    users: Mapped[list[User]] = relationship(back_populates="driver")

    @hybrid_property
    def has_public_page(self) -> bool:
        """Whether /drivers/<slug> shows her shop (else it is a 404 and nothing links it)."""
        return self.is_active and self.page_public

    @has_public_page.inplace.expression
    @classmethod
    def _has_public_page_expression(cls) -> ColumnElement[bool]:
        return and_(cls.is_active.is_(True), cls.page_public.is_(True))

    def __repr__(self) -> str:
        return f"<Driver {self.id} {self.name_fa}>"


def driver_slug_base(name_fa: str | None, name_en: str | None) -> str:
    """The English name's slug when it has one (as centres have), else the Persian one."""
    return slugify(name_en, SLUG_LENGTH) or slugify(name_fa, SLUG_LENGTH) or "seller"


@event.listens_for(Session, "before_flush")
def _give_slugs(session: Session, flush_context: object, instances: object) -> None:
    """Every new driver gets a slug of her own: the name's, or with -2, -3, … when another
    driver has it (also one saved in this same flush)."""
    new = [d for d in session.new if isinstance(d, Driver) and not d.slug]
    if not new:
        return
    given: set[str] = set()
    with session.no_autoflush:
        for driver in new:
            base = driver_slug_base(driver.name_fa, driver.name_en)
            taken = set(session.scalars(select(Driver.slug).where(
                (Driver.slug == base) | Driver.slug.startswith(base + "-"))))
            driver.slug = unique_slug(base, taken | given, SLUG_LENGTH)
            given.add(driver.slug)


class User(UserMixin, db.Model):
    """Anyone who signs in: buyers, drivers' people, centre staff and admins."""

    __tablename__ = "users"
    __table_args__ = (
        one_of("role", Role),
        # A driver account must name its driver; no one else may.
        db.CheckConstraint(
            "(role = 'driver') = (driver_id IS NOT NULL)", name="driver_link"
        ),
        # Phone sign-in finds an account by its proven number, so one account a number.
        # Unproven numbers (typed at registration or by the admin) may repeat.
        Index("uq_users_verified_phone", "phone", unique=True,
              sqlite_where=text("phone_verified_at IS NOT NULL"),
              postgresql_where=text("phone_verified_at IS NOT NULL")),
        # An account is reached by e-mail and password, or by its proven phone, or both.
        db.CheckConstraint("email IS NOT NULL OR phone_verified_at IS NOT NULL",
                           name="email_or_phone"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10), default=Role.BUYER)
    full_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20))
    # When a one-time code sent to `phone` was typed back: only then may it sign in.
    phone_verified_at: Mapped[datetime | None]
    # When the buyer ticked her consent to the terms (phone sign-up).
    terms_accepted_at: Mapped[datetime | None]
    driver_id: Mapped[int | None] = mapped_column(ForeignKey("drivers.id"), index=True)
    is_active_account: Mapped[bool] = mapped_column("is_active", default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # TOTP (RFC 6238) for staff and admin: the base32 secret, when it was confirmed, and
    # the last time step accepted (a code is never accepted twice).
    totp_secret: Mapped[str | None] = mapped_column(String(32))
    totp_enabled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None]

    driver: Mapped[Driver | None] = relationship(back_populates="users")
    centres: Mapped[list[Centre]] = relationship(secondary=staff_centres, order_by="Centre.id")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sign-in for deactivated users
        return self.is_active_account

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    # Which server-side session (UserSession) this request runs under: set by the loader
    # (web/auth_support.load_user) or by sign-in, never stored. Not a mapped column.
    current_session = None
    current_session_key = None

    @property
    def has_second_factor(self) -> bool:
        return self.totp_enabled_at is not None

    @property
    def needs_second_factor(self) -> bool:
        """Staff and admin reach the back office only with a TOTP second factor."""
        return self.role in (Role.STAFF, Role.ADMIN)

    def get_id(self) -> str:
        """Flask-Login's id, kept in the session and the remember-me cookie: the random key
        of this browser's server-side session (people/sessions.py), not the user's id, so
        that ending the session record ends the cookie too."""
        if not self.current_session_key:
            raise RuntimeError("get_id() before a session was started for this user")
        return self.current_session_key

    # UserMixin compares get_id(), which is now per browser: compare the account instead.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, User):
            return NotImplemented
        return self is other or (self.id is not None and self.id == other.id)

    def __hash__(self) -> int:
        return object.__hash__(self)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"


class UserSession(db.Model):
    """One signed-in browser. The cookie holds a random key; only its SHA-256 is stored,
    so the table cannot be turned back into cookies. Sign-out sets `revoked_at`; the
    owner's list shows only live rows (people/sessions.py)."""

    __tablename__ = "user_sessions"
    __table_args__ = (Index("ix_user_sessions_user_id_revoked_at", "user_id", "revoked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the current key was issued: a remember-me key lives 30 days from here and is
    # replaced (rotated) whenever it brings a browser back.
    renewed_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    ip: Mapped[str] = mapped_column(String(45), default="")
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class RecoveryCode(db.Model):
    """A one-time code that stands in for the TOTP code (a lost phone); only a hash kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[datetime | None]


class SignInDelay(db.Model):
    """Failed sign-ins of one account (or one known device, or one TOTP step): after a few,
    each further try must wait twice as long as the last (people/throttle.py). Keyed by
    a hash, so the table is no list of typed e-mail addresses."""

    __tablename__ = "sign_in_delays"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(default=utcnow)



class PhoneCode(db.Model):
    """A one-time sign-in code sent by SMS (people/phone_codes.py). Only a keyed hash of
    the code is kept; the requesting address is kept hashed too, for its rate limit."""

    __tablename__ = "phone_codes"
    __table_args__ = (
        Index("ix_phone_codes_phone_created_at", "phone", "created_at"),
        Index("ix_phone_codes_address_hash_created_at", "address_hash", "created_at"),
        db.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20))
    code_hash: Mapped[str] = mapped_column(String(64))
    address_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    used_at: Mapped[datetime | None]


class SavedAddress(db.Model):
    """A buyer's delivery address, offered at checkout; at most one is her default."""

    __tablename__ = "saved_addresses"
    __table_args__ = (
        Index("uq_saved_addresses_one_default", "user_id", unique=True,
              sqlite_where=text("is_default"), postgresql_where=text("is_default")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    province_code: Mapped[str] = mapped_column(String(40))
    city: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(Text)
    postal_code: Mapped[str] = mapped_column(String(10))
    is_default: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
