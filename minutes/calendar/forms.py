"""Forms of the calendar pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField
from wtforms.validators import NumberRange, Optional

from ..forms import BaseForm, IntegerField, coerce_id
from ..organisations.fields import UnitField


class FeedForm(BaseForm):
    """Which feed, with which options (a GET form: it only builds links)."""

    class Meta:
        csrf = False

    scope = SelectField(
        _l("Lịch"),
        default="mine",
        choices=[
            ("mine", _l("Việc của tôi (đơn vị tôi và cấp dưới)")),
            ("unit", _l("Nhiệm vụ của một đơn vị")),
            ("conference", _l("Một hội nghị và các nhiệm vụ của nó")),
            ("all", _l("Tất cả nhiệm vụ và hội nghị")),
        ],
    )
    unit_id = UnitField(_l("Đơn vị"), scope="mine")
    with_subunits = BooleanField(_l("Gồm cả các đơn vị cấp dưới"), default=True)
    conference_id = SelectField(_l("Hội nghị"), coerce=coerce_id, validators=[Optional()])
    include_done = BooleanField(_l("Hiện cả nhiệm vụ đã hoàn thành"), default=True)
    alarm_days = IntegerField(
        _l("Nhắc trước (ngày)"),
        default=1,
        validators=[Optional(), NumberRange(min=0, max=60)],
        description=_l("0: không nhắc."),
    )
    style = SelectField(
        _l("Kiểu"),
        default="event",
        choices=[
            ("event", _l("Sự kiện cả ngày (Google, Outlook, Apple)")),
            ("todo", _l("Việc cần làm — VTODO (Thunderbird, CalDAV)")),
        ],
    )


class ImportForm(BaseForm):
    file = FileField(
        _l("Tệp lời mời (.ics)"), validators=[FileRequired(message=_l("Hãy chọn một tệp .ics."))]
    )
