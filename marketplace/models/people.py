"""Accounts and drivers (پیشران)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from marketplace.extensions import db
from marketplace.models.base import Choice, one_of, utcnow

if TYPE_CHECKING:
    from marketplace.models.programme import Centre


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
    __table_args__ = (one_of("kind", DriverKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), default=DriverKind.PERSON)
    name_fa: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20))
    about_fa: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    centres: Mapped[list[Centre]] = relationship(secondary=driver_centres, order_by="Centre.id")
    users: Mapped[list[User]] = relationship(back_populates="driver")

    def __repr__(self) -> str:
        return f"<Driver {self.id} {self.name_fa}>"


class User(UserMixin, db.Model):
    """Anyone who signs in: buyers, drivers' people, centre staff and admins."""

    __tablename__ = "users"
    __table_args__ = (
        one_of("role", Role),
        # A driver account must name its driver; no one else may.
        db.CheckConstraint(
            "(role = 'driver') = (driver_id IS NOT NULL)", name="driver_link"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10), default=Role.BUYER)
    full_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20))
    driver_id: Mapped[int | None] = mapped_column(ForeignKey("drivers.id"), index=True)
    is_active_account: Mapped[bool] = mapped_column("is_active", default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    driver: Mapped[Driver | None] = relationship(back_populates="users")
    centres: Mapped[list[Centre]] = relationship(secondary=staff_centres, order_by="Centre.id")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sign-in for deactivated users
        return self.is_active_account

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def get_id(self) -> str:
        """Flask-Login's id, kept in the session and the remember-me cookie: the user's id
        and a keyed fingerprint of her password hash, so a new password (changed, reset by
        e-mail or by an admin) signs out every other browser. See auth_support.load_user."""
        return f"{self.id}-{self.session_fingerprint()}"

    def session_fingerprint(self) -> str:
        key = str(current_app.secret_key).encode()
        return hmac.new(key, self.password_hash.encode(), hashlib.sha256).hexdigest()[:24]

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"

