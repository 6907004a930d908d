"""Accounts. Every user belongs to one unit and has one role."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..clock import utcnow
from ..text import nfc
from .base import Model
from .organisations import Organisation

#: admin: users and units; secretariat: writes minutes and assigns tasks; officer: works its
#: unit's tasks; viewer: reads, changes nothing. Each within its unit's subtree: see
#: :mod:`minutes.permissions`.
ROLES = ("admin", "secretariat", "officer", "viewer")
#: Shortest password accepted when one is set or changed.
MIN_PASSWORD_LENGTH = 10


def username_key(raw: object) -> str:
    """The one normal form of a typed username: control characters removed, NFC, stripped,
    lower case. Sign-in looks the account up by it and the per-account throttles count it,
    so ``"thu\\x02ky"`` and ``" ThuKy "`` are the same account and the same counter."""
    return nfc(raw if isinstance(raw, str) else "").strip().lower()[:80]


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    #: Where task reminders go; optional.
    email: Mapped[str | None] = mapped_column(String(255))
    password_hash: Mapped[str] = mapped_column(String(255))
    #: One of :data:`ROLES`.
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    #: Part of the signed-in identity stored in the session cookie. Rotated on sign-out and on
    #: password change, so every copy of an older cookie stops working at once.
    session_token: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_hex(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def get_id(self) -> str:
        return f"{self.id}.{self.session_token}"

    def rotate_session(self) -> None:
        """Invalidate every existing session of this user."""
        self.session_token = secrets.token_hex(16)

    def set_password(self, password: str) -> None:
        """Hash with scrypt; the test suite configures a cheap method (PASSWORD_HASH_METHOD)."""
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if has_app_context() else "scrypt"
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.username}>"
