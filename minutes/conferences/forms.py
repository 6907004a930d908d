"""Forms of the conference workspace. Choices that depend on the database are set in views."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import (
    URL,
    DataRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from .. import labels
from ..forms import BaseForm, DateField, DateTimeLocalField, IntegerField, TimeField
from ..forms import pairs as _pairs
from ..models.conferences import QUALIFIERS
from ..organisations.fields import UnitField, UnitsField
from ..rules import day_part_problem
from ..text import clean_line
from .site_field import SiteField


class ConferenceForm(BaseForm):
    title = StringField(_l("Tên hội nghị"), validators=[DataRequired(), Length(max=500)])
    kind = SelectField(_l("Loại hội nghị"), choices=_pairs(labels.CONFERENCE_KINDS))
    period = SelectField(_l("Kỳ"), choices=labels.PERIOD_CHOICES, validate_choice=True)
    period_year = IntegerField(_l("Năm"), validators=[Optional(), NumberRange(min=1945, max=2100)])
    #: Optional while drafting (the day may not be known yet); publishing requires it. Often
    #: only the day and the part of the day are known ("sáng 22/9"): the hour is optional.
    starts_on = DateField(
        _l("Ngày họp"),
        validators=[Optional()],
        description=_l("Có thể để trống khi soạn nháp; cần có trước khi công bố."),
    )
    day_part = SelectField(
        _l("Buổi"),
        choices=[("", "—"), *_pairs(labels.DAY_PARTS)],
        coerce=lambda value: value or None,
        description=_l("Khi chỉ biết buổi (sáng, chiều, tối) mà chưa biết giờ."),
    )
    start_time = TimeField(
        _l("Giờ bắt đầu"),
        validators=[Optional()],
        description=_l("Để trống nếu chưa biết giờ."),
    )
    ends_at = DateTimeLocalField(_l("Kết thúc"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    format = SelectField(_l("Hình thức"), choices=_pairs(labels.FORMATS))
    organiser_id = UnitField(_l("Cơ quan tổ chức"), scope="mine", addable=True)
    reported_delegates = IntegerField(
        _l("Tổng số đại biểu theo báo cáo"),
        validators=[Optional(), NumberRange(min=0, max=1_000_000)],
        description=_l(
            "Chỉ dùng khi không có số đại biểu của từng điểm cầu; khi có, tổng được tính từ các điểm cầu."
        ),
    )
    reported_delegates_qualifier = SelectField(
        _l("Cách ghi số"), choices=[(q, q or _l("chính xác")) for q in QUALIFIERS]
    )
    notes = TextAreaField(_l("Ghi chú"), validators=[Length(max=20_000)])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        ok = self._check_start() and ok
        if self.period.data and not self.period_year.data:
            self.period_year.errors.append(_l("Hãy nhập năm của kỳ."))
            ok = False
        return ok

    def _check_start(self) -> bool:
        """The day, part of day, time and end agree (each message next to its field)."""
        day, part = self.starts_on.data, self.day_part.data
        clock, end = self.start_time.data, self.ends_at.data
        if self.starts_on.errors or self.start_time.errors:
            return False
        if day is None and (part or clock):
            self.starts_on.errors.append(_l("Hãy nhập ngày họp (có buổi hoặc giờ thì cần có ngày)."))
            return False
        if (problem := day_part_problem(part, clock)) is not None:
            self.start_time.errors.append(problem)
            return False
        if end is None or day is None:
            return True
        if clock is not None and end < datetime.combine(day, clock):
            self.ends_at.errors.append(_l("Giờ kết thúc phải sau giờ bắt đầu."))
            return False
        if end.date() < day:
            self.ends_at.errors.append(_l("Ngày kết thúc không được trước ngày họp."))
            return False
        return True


class NewConferenceForm(ConferenceForm):
    """Creating a conference: most are hosted at the organiser's own hall, one step less."""

    host_at_organiser = BooleanField(
        _l("Điểm cầu chính đặt tại cơ quan tổ chức"),
        default=True,
        description=_l(
            "Bỏ chọn nếu điểm cầu chính ở nơi khác (hội nghị trực tiếp không có điểm cầu); "
            "có thể sửa ở trang Điểm cầu."
        ),
    )


class SiteForm(BaseForm):
    name = StringField(_l("Tên điểm cầu"), validators=[DataRequired(), Length(max=255)])
    organisation_id = UnitField(_l("Đơn vị"), scope="mine", addable=True)
    is_host = BooleanField(_l("Điểm cầu chính (chủ trì)"))
    leader_name = StringField(_l("Người chủ trì tại điểm cầu"), validators=[Length(max=200)])
    leader_title = StringField(_l("Chức vụ người chủ trì"), validators=[Length(max=255)])
    headcount = IntegerField(
        _l("Số đại biểu"),
        validators=[
            Optional(),
            NumberRange(min=0, max=100_000, message=_l("Số đại biểu phải từ 0 đến 100.000.")),
        ],
    )
    room = StringField(_l("Phòng họp"), validators=[Length(max=255)])
    join_url = URLField(
        _l("Đường dẫn tham gia"),
        validators=[
            Optional(),
            Length(max=500),
            URL(require_tld=False, message=_l("Hãy nhập một địa chỉ bắt đầu bằng http:// hoặc https://")),
        ],
    )

    def validate_join_url(self, field):
        if field.data and not field.data.lower().startswith(("http://", "https://")):
            raise ValidationError(_l("Hãy nhập một địa chỉ bắt đầu bằng http:// hoặc https://"))


class BulkSitesForm(BaseForm):
    parent_id = UnitField(
        _l("Các đơn vị trực thuộc"),
        scope="mine",
        validators=[DataRequired(message=_l("Hãy chọn một đơn vị."))],
    )
    level = SelectField(
        _l("Cấp"),
        choices=[("", _l("Cấp trực thuộc ngay dưới"))] + _pairs(labels.LEVELS),
        description=_l(
            "Để trống: các đơn vị trực thuộc trực tiếp. Chọn một cấp: mọi đơn vị của cấp đó bên dưới."
        ),
    )


#: The length of ``Site.name`` and ``DirectiveAddressee.label``, one line of a list typed in a
#: text area each: PostgreSQL refuses a longer value (SQLite would have kept it).
NAME_MAX = 255


def check_line_lengths(text: str | None) -> None:
    """Refuse, at the field, a list with a line longer than :data:`NAME_MAX`."""
    for number, line in enumerate((text or "").splitlines(), 1):
        if len(clean_line(line)) > NAME_MAX:
            raise ValidationError(_l("Dòng %(n)s dài quá mức cho phép.", n=number))


class PasteSitesForm(BaseForm):
    names = TextAreaField(
        _l("Danh sách điểm cầu"),
        validators=[DataRequired(), Length(max=50_000)],
        description=_l("Mỗi dòng một điểm cầu. Tên trùng với một đơn vị sẽ được gắn với đơn vị đó."),
    )

    def validate_names(self, field):
        check_line_lengths(field.data)


class AttendeeForm(BaseForm):
    name = StringField(_l("Họ và tên"), validators=[Length(max=200)])
    job_title = StringField(_l("Chức vụ"), validators=[Length(max=255)])
    organisation_id = UnitField(_l("Đơn vị"), scope="any", addable=True)
    organisation_name = StringField(
        _l("Đơn vị khác (ghi rõ)"),
        validators=[Length(max=255)],
        description=_l("Khi đơn vị không có trong danh sách."),
    )
    site_id = SiteField(_l("Điểm cầu"))
    role = SelectField(_l("Vai trò"), choices=_pairs(labels.ATTENDEE_ROLES), default="delegate")
    presence = SelectField(_l("Tình trạng"), choices=_pairs(labels.PRESENCE), default="present")
    absence_reason = StringField(_l("Lý do vắng"), validators=[Length(max=255)])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not self.name.data and not self.job_title.data:
            self.name.errors.append(_l("Hãy nhập họ tên hoặc chức vụ."))
            ok = False
        if self.presence.data == "present" and self.absence_reason.data:
            self.absence_reason.errors.append(_l("Chỉ ghi lý do khi đại biểu vắng."))
            ok = False
        return ok


class PasteAttendeesForm(BaseForm):
    lines = TextAreaField(
        _l("Danh sách đại biểu"),
        validators=[DataRequired(message=_l("Hãy dán danh sách, mỗi dòng một người.")), Length(max=200_000)],
        description=_l(
            "Mỗi dòng một người: họ tên; chức vụ; đơn vị (cách nhau bằng dấu chấm phẩy, hoặc chép "
            "thẳng các cột từ Excel), hoặc “họ tên, chức vụ”. Đơn vị trùng tên với một đơn vị trong "
            "hệ thống được gắn với đơn vị đó."
        ),
    )
    role = SelectField(
        _l("Vai trò của những người này"), choices=_pairs(labels.ATTENDEE_ROLES), default="delegate"
    )
    site_id = SiteField(_l("Tại điểm cầu"))


class ReportForm(BaseForm):
    kind = SelectField(_l("Loại"), choices=_pairs(labels.REPORT_KINDS))
    title = StringField(_l("Tiêu đề"), validators=[DataRequired(), Length(max=500)])
    presenter_name = StringField(_l("Người trình bày"), validators=[Length(max=200)])
    presenter_title = StringField(_l("Chức vụ người trình bày"), validators=[Length(max=255)])
    organisation_id = UnitField(_l("Đơn vị"), scope="any", addable=True)
    organisation_name = StringField(_l("Đơn vị khác (ghi rõ)"), validators=[Length(max=255)])
    summary = TextAreaField(_l("Tóm tắt nội dung"), validators=[Length(max=50_000)])


class ConclusionForm(BaseForm):
    conclusion = TextAreaField(_l("Kết luận của chủ trì"), validators=[Length(max=100_000)])


class DirectiveFields:
    """The fields of one directive and their checks, shared by its edit form and the
    new-directive blocks of the conclusion page (:mod:`.directive_rows`). Whoever builds the
    form sets ``conference_date`` (a due date may not be before the conference day)."""

    text = TextAreaField(_l("Nội dung chỉ đạo"), validators=[Length(max=10_000)])
    due_date = DateField(
        _l("Thời hạn"), validators=[Optional()], description=_l("Để trống nếu là nhiệm vụ thường xuyên.")
    )
    addressee_ids = UnitsField(_l("Đơn vị thực hiện"), scope="mine", addable=True)
    addressee_groups = TextAreaField(
        _l("Nhóm đơn vị (ghi bằng lời)"),
        validators=[Length(max=5_000)],
        description=_l("Mỗi dòng một nhóm, ví dụ: UBKT các cấp; các cấp ủy trực thuộc."),
    )
    conference_date = None

    def is_blank(self) -> bool:
        """Nothing typed or picked: a new-directive block nobody filled, which is ignored."""
        return not (
            self.text.data
            or (self.due_date.raw_data and self.due_date.raw_data[0].strip())
            or self.due_date.data
            or self.addressee_ids.data
            or self.addressee_ids.typed
            or self.addressee_groups.data
        )

    def validate_addressee_groups(self, field):
        check_line_lengths(field.data)

    def validate_text(self, field):
        if not field.data and not self.is_blank():
            raise ValidationError(_l("Hãy ghi nội dung chỉ đạo."))

    def validate_due_date(self, field):
        if field.data and self.conference_date and field.data < self.conference_date:
            raise ValidationError(
                _l("Thời hạn không được trước ngày họp (%(d)s).", d=self.conference_date.strftime("%d/%m/%Y"))
            )


class DirectiveForm(DirectiveFields, BaseForm):
    """One directive's edit page: never blank, the wording is required."""

    def __init__(self, *args, conference_date=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference_date = conference_date

    def is_blank(self) -> bool:
        return False


class ReopenForm(BaseForm):
    reason = TextAreaField(_l("Lý do mở lại"), validators=[DataRequired(), Length(max=2_000)])


class ConferenceFilterForm(BaseForm):
    """The GET filters of the conference list (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    q = StringField(_l("Tìm kiếm"), validators=[Optional(), Length(max=200)])
    year = IntegerField(_l("Năm"), validators=[Optional(), NumberRange(min=1945, max=2100)])
    kind = SelectField(
        _l("Loại"), choices=[("", _l("Tất cả"))] + _pairs(labels.CONFERENCE_KINDS), validators=[Optional()]
    )
    organiser = UnitField(_l("Cơ quan tổ chức"), scope="mine")
    status = SelectField(
        _l("Trạng thái"), choices=[("", _l("Tất cả"))] + _pairs(labels.STATUSES), validators=[Optional()]
    )
