"""What a conference needs before its minutes are published, and what it should have.

:func:`publish_checks` reads a loaded conference and changes nothing: no request, no form,
no URL building. Each check carries a message and where to go and fix it (an endpoint of the
conference workspace, its arguments and the field to land on); the publish page turns those
into links.

- A **refusal** blocks publishing: no day, no organising body, no chair (or published already).
- A **warning** is shown and may be overridden ("publish anyway"): no minute-taker, no host
  site, no delegate count reported, no concluding remarks, directives addressed to nobody.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from ..models import Conference


@dataclass(frozen=True)
class Check:
    """One finding: ``code`` (stable, for tests and styling), the message, and where to fix it."""

    code: str
    message: str
    endpoint: str
    #: Arguments of the endpoint besides ``conference_id`` (a directive's id).
    values: dict[str, int] = field(default_factory=dict)
    #: The id of the form field to land on, if any.
    anchor: str | None = None


@dataclass(frozen=True)
class Checklist:
    refusals: list[Check]
    warnings: list[Check]

    @property
    def publishable(self) -> bool:
        return not self.refusals


def _short(text: str, limit: int = 80) -> str:
    """One line, at most ``limit`` characters, without the final full stop (it is quoted)."""
    text = " ".join(text.split()).rstrip(" .;")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def publish_checks(conference: Conference) -> Checklist:
    """The refusals and warnings of publishing ``conference`` now, in the order of its pages."""
    refusals: list[Check] = []
    warnings: list[Check] = []
    if conference.is_published:
        refusals.append(Check("published", _("Biên bản đã được công bố."), "conferences.show"))
    if conference.starts_on is None:
        refusals.append(Check("date", _("Chưa có ngày họp."), "conferences.edit", anchor="starts_on"))
    if conference.organiser_id is None:
        refusals.append(
            Check("organiser", _("Chưa ghi cơ quan tổ chức."), "conferences.edit", anchor="organiser_id")
        )
    if not conference.has_headcount:
        warnings.append(
            Check(
                "headcount",
                _("Chưa ghi số đại biểu (số của từng điểm cầu hoặc tổng số theo báo cáo)."),
                "conferences.edit",
                anchor="reported_delegates",
            )
        )
    if conference.host_site is None:
        warnings.append(Check("host", _("Chưa ghi điểm cầu chính (nơi chủ trì)."), "conferences.sites"))
    if not conference.chairs:
        refusals.append(
            Check(
                "chair",
                _("Chưa ghi người chủ trì (thêm đại biểu với vai trò Chủ trì)."),
                "conferences.attendees",
            )
        )
    if not conference.secretaries:
        warnings.append(
            Check(
                "secretary",
                _("Chưa ghi thư ký hội nghị (thêm đại biểu với vai trò Thư ký)."),
                "conferences.attendees",
            )
        )
    if not conference.conclusion:
        warnings.append(
            Check("conclusion", _("Chưa ghi nội dung kết luận của chủ trì."), "conferences.conclusion")
        )
    for number, directive in enumerate(conference.directives, start=1):
        if not directive.addressees:
            warnings.append(
                Check(
                    "addressees",
                    _(
                        "Chỉ đạo %(n)s chưa có đơn vị thực hiện: “%(text)s”.",
                        n=number,
                        text=_short(directive.text),
                    ),
                    "conferences.directive_edit",
                    values={"directive_id": directive.id},
                )
            )
    return Checklist(refusals, warnings)
