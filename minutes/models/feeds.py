"""Built calendar feeds, kept under their ETag where every app server finds them.

A feed's ETag comes from a cheap fingerprint query (:func:`minutes.calendar.services.fingerprint`);
building the calendar is the expensive part. One row per feed (who, what, which options):
a rebuild replaces it, so the table holds as many rows as there are subscriptions in use.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from .base import Model


class FeedBody(Model):
    __tablename__ = "feed_bodies"

    #: The feed's identity (scope, reader, options, address it is served under), hashed.
    feed_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: The fingerprint the body was built for: a different one means the body is stale.
    etag: Mapped[str] = mapped_column(String(64))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    built_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
