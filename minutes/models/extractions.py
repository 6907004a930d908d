"""A pasted report waiting for its secretary's review (text → minutes).

Until the secretary confirms, what was pasted and the draft read from it live here, one row
per paste, visible to that user only; no conference row exists yet. Confirming creates the
draft conference and empties the row (text and draft gone), keeping only the conference's id
so that a second click lands there; a row older than :data:`KEEP` is deleted.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from .base import Model
from .users import User

KEEP = timedelta(hours=24)


class Extraction(Model):
    __tablename__ = "extractions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    #: The uploaded file's name, or "" for pasted text.
    filename: Mapped[str] = mapped_column(String(255), default="")
    #: The cleaned text the draft's spans point into.
    source: Mapped[str] = mapped_column(Text)
    #: The draft as read (JSON, the schema of ``minutes.extraction.extract``).
    draft_json: Mapped[str] = mapped_column(Text)
    #: Once confirmed: the conference it became. The text and the draft are emptied then; the
    #: row only remembers where a second click on "confirm" should land, until it is purged.
    conference_id: Mapped[int | None] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"))

    user: Mapped[User] = relationship()

    @property
    def draft(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.draft_json)
        return value

    @draft.setter
    def draft(self, value: dict[str, Any]) -> None:
        self.draft_json = json.dumps(value, ensure_ascii=False)

    def expired(self, now: datetime | None = None) -> bool:
        return (now or utcnow()) - self.created_at > KEEP
