"""A report of a conference and the figures it gives, each with its comparison."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..text import clean_line, nfc
from .base import Model
from .organisations import Organisation

if TYPE_CHECKING:
    from .conferences import Conference


class Report(Model):
    """A report, contributed statement or guidance speech, in agenda order."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    #: One of :data:`REPORT_KINDS`: báo cáo, tham luận, phát biểu chỉ đạo.
    kind: Mapped[str] = mapped_column(String(20), default="report")
    title: Mapped[str] = mapped_column(String(500))
    presenter_name: Mapped[str] = mapped_column(String(200), default="")
    presenter_title: Mapped[str] = mapped_column(String(255), default="")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    organisation_name: Mapped[str] = mapped_column(String(255), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    #: The report and its figures, as one section: bumped by every save of either, and checked
    #: in the same UPDATE (a concurrent save of the same report fails instead of winning).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    conference: Mapped[Conference] = relationship(back_populates="reports")
    organisation: Mapped[Organisation | None] = relationship()
    figures: Mapped[list[Figure]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="Figure.position"
    )

    @validates("title", "presenter_name", "presenter_title", "organisation_name")
    def _clean(self, _key: str, value: str | None) -> str:
        return clean_line(value) or ""

    @validates("summary")
    def _clean_text(self, _key: str, value: str | None) -> str:
        return (nfc(value) or "").strip()


class Figure(Model):
    """One reported figure, optionally with the same figure for a baseline period."""

    __tablename__ = "figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(String(500))
    #: A part of another figure of the same report ("trong đó UBKT Tỉnh ủy 3" under "UBKT
    #: các cấp 4"); one level deep.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("figures.id", ondelete="CASCADE"))
    #: One of :data:`QUALIFIERS`, for rounded figures ("hơn 26.000").
    qualifier: Mapped[str] = mapped_column(String(20), default="")
    #: None for an indicator copied from a previous conference and not filled in yet.
    value: Mapped[float | None]
    #: One of :data:`FIGURE_SCOPES`; empty for the reviewed period.
    scope: Mapped[str] = mapped_column(String(20), default="", server_default="")
    unit: Mapped[str] = mapped_column(String(100), default="")
    #: The same figure for the baseline period; the change is computed from it.
    baseline_value: Mapped[float | None]
    #: One of :data:`QUALIFIERS` for a rounded baseline ("cùng kỳ hơn 300").
    baseline_qualifier: Mapped[str] = mapped_column(String(20), default="", server_default="")
    #: "cùng kỳ năm 2020".
    baseline_label: Mapped[str] = mapped_column(String(200), default="")
    #: A change in per cent stated by the report when the baseline figure itself is not given
    #: ("giảm 39 %" is stored as -39). Never set together with ``baseline_value``.
    stated_change_pct: Mapped[float | None]
    #: The baseline was filled in from the same figure of the same period a year before (same
    #: organiser), not typed: shown as carried over until someone changes it.
    baseline_carried: Mapped[bool] = mapped_column(default=False, server_default="0")

    report: Mapped[Report] = relationship(back_populates="figures")
    parent: Mapped[Figure | None] = relationship(remote_side=[id])

    @validates("label", "unit", "baseline_label", "qualifier", "baseline_qualifier")
    def _clean(self, _key: str, value: str | None) -> str:
        return clean_line(value) or ""

    @property
    def delta(self) -> float | None:
        """value − baseline, when a baseline is recorded."""
        if self.baseline_value is None or self.value is None:
            return None
        return self.value - self.baseline_value

    @property
    def change_pct(self) -> float | None:
        """Change against the baseline in per cent, computed or as stated."""
        if self.value is None:
            return None
        if self.baseline_value is not None:
            if self.baseline_value == 0:
                return None
            return (self.value - self.baseline_value) / abs(self.baseline_value) * 100
        return self.stated_change_pct

    @property
    def direction(self) -> str | None:
        """ "up", "down" or "same" against the baseline; None without a comparison."""
        change = self.delta if self.delta is not None else self.change_pct
        if change is None:
            return None
        return "up" if change > 0 else "down" if change < 0 else "same"
