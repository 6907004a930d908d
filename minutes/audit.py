"""Writing the audit trail: one call for every security-relevant event, from views, admin
services, imports and sign-in. The caller commits (a failed sign-in commits on its own)."""

from __future__ import annotations

import logging

from flask import has_request_context, request

from .extensions import db
from .models import AuditEvent, Organisation, User

log = logging.getLogger("minutes.audit")


def record(
    action: str,
    *,
    actor: User | None,
    unit: Organisation | int | None = None,
    subject: str = "",
    actor_name: str | None = None,
    **details,
) -> AuditEvent:
    """Add an audit event for ``action`` (a code of :data:`minutes.labels.AUDIT_ACTIONS`) to
    the session and to the ``minutes.audit`` log. ``unit``: the unit it concerns."""
    # A LocalProxy (current_user) is unwrapped to the User it stands for.
    actor = getattr(actor, "_get_current_object", lambda: actor)()
    unit_id = unit.id if isinstance(unit, Organisation) else unit
    lines = "\n".join(f"{key}: {value}" for key, value in details.items() if value is not None)
    address = (request.remote_addr or "")[:64] if has_request_context() else "cli"
    name = actor_name if actor_name is not None else (actor.username if actor else "")
    row = AuditEvent(
        action=action,
        actor=actor,
        actor_name=name[:80],
        organisation_id=unit_id,
        subject=subject[:255],
        details=lines,
        address=address,
    )
    db.session.add(row)
    log.info(
        "%s by %s from %s: %s %s",
        action,
        name or "-",
        address,
        subject,
        " ".join(f"{k}={v!r}" for k, v in details.items()),
    )
    return row
