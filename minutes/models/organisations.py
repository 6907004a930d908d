"""The organisation tree: Trung ương → tỉnh/thành → huyện/quận → cơ sở → chi bộ, or any other."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..text import clean_line, fold
from .base import Model

#: Levels of the tree, top down. Labels are translated at display time.
LEVELS = ("central", "province", "district", "grassroots", "cell", "other")


class Organisation(Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    #: The current name. Rows that name a unit (sites, attendees, addressees) keep a copy of
    #: the name it had then, so renaming a unit never rewrites old minutes.
    name: Mapped[str] = mapped_column(String(255))
    #: :func:`minutes.text.fold` of ``name``, for diacritic-insensitive search.
    name_folded: Mapped[str] = mapped_column(String(255), index=True)
    short_name: Mapped[str | None] = mapped_column(String(80))
    #: One of :data:`LEVELS`.
    level: Mapped[str] = mapped_column(String(20), default="other")
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    #: Set when the unit was abolished or merged; its rows stay for the records that name it.
    deactivated_on: Mapped[date | None]
    #: The unit that took over when this one was merged away.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    #: Stable key for units loaded by the demo data or an import, so reloading is idempotent.
    external_key: Mapped[str | None] = mapped_column(String(120), unique=True)

    parent: Mapped[Organisation | None] = relationship(
        remote_side=[id], back_populates="children", foreign_keys=[parent_id]
    )
    children: Mapped[list[Organisation]] = relationship(
        back_populates="parent", foreign_keys=[parent_id], order_by="Organisation.sort_order"
    )
    merged_into: Mapped[Organisation | None] = relationship(remote_side=[id], foreign_keys=[merged_into_id])

    @validates("name")
    def _set_name(self, _key: str, value: str) -> str:
        value = clean_line(value)
        self.name_folded = fold(value)
        return value

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"
