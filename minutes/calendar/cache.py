"""Built feeds kept in the database under their ETag, so that a repeated full request (a
calendar client that sends no If-None-Match, or a second app server) costs no rebuild.

The row is keyed by the feed's identity and replaced on rebuild: the table never holds more
than one body per feed in use. Bodies nobody asked for in :data:`KEEP` are purged when a
new one is stored. The caller commits.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.exc import IntegrityError

from ..clock import utcnow
from ..extensions import db
from ..models import FeedBody

KEEP = timedelta(days=2)


def cached(feed_key: str, etag: str) -> bytes | None:
    """The body built for this feed at this fingerprint, if one was kept."""
    return db.session.scalar(
        db.select(FeedBody.body).where(FeedBody.feed_key == feed_key, FeedBody.etag == etag)
    )


def keep(feed_key: str, etag: str, body: bytes) -> None:
    """Store ``body`` as the feed's current build (replacing the previous one)."""
    now = utcnow()
    db.session.execute(db.delete(FeedBody).where(FeedBody.built_at < now - KEEP))
    updated = db.session.execute(
        db.update(FeedBody).where(FeedBody.feed_key == feed_key).values(etag=etag, body=body, built_at=now)
    )
    if getattr(updated, "rowcount", 0):
        return
    try:
        with db.session.begin_nested():  # two servers building the same new feed at once
            db.session.execute(
                db.insert(FeedBody).values(feed_key=feed_key, etag=etag, body=body, built_at=now)
            )
    except IntegrityError:
        pass  # the other one stored the same feed: either body serves
