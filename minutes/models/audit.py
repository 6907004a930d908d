"""The audit trail: who did what to accounts, units and access, and every sign-in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from .base import Model
from .organisations import Organisation
from .users import User


class AuditEvent(Model):
    """One security-relevant event. Written once, never changed or deleted (see below)."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    #: Who did it; None for a failed sign-in (nobody is signed in yet).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The actor's username then, or the name typed at a failed sign-in.
    actor_name: Mapped[str] = mapped_column(String(80), default="")
    #: A code from :data:`minutes.labels.AUDIT_ACTIONS` (``user.created``, ``login.failed``…).
    action: Mapped[str] = mapped_column(String(40), index=True)
    #: The unit the event concerns (the account's unit, the unit changed), so an admin lower
    #: in the tree sees the events of their own subtree only. None: only admins of everything.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    #: What it was about, as it was named then: "canbo", "Quận ủy Lê Chân".
    subject: Mapped[str] = mapped_column(String(255), default="")
    #: The rest, as "key: value" lines (never a password).
    details: Mapped[str] = mapped_column(Text, default="")
    #: The client's address as the app saw it (behind a proxy: what ProxyFix passes on).
    address: Mapped[str] = mapped_column(String(64), default="")

    actor: Mapped[User | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _audit_is_append_only(_mapper, _connection, target: AuditEvent) -> None:
    """Nothing in the app rewrites or removes the audit trail."""
    raise ValueError(f"audit event {target.id} cannot be changed or deleted")
