"""Forms of task tracking. Rules that need the task (dates, states) live in services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from .. import labels
from ..forms import BaseForm, DateField, IntegerField, pairs
from ..organisations.fields import UnitField, UnitsField


class AssignForm(BaseForm):
    """Turn a directive into tasks: named units, or every unit of a level under one."""

    organisation_ids = UnitsField(_l("Đơn vị chủ trì"), scope="mine", addable=True)
    parent_id = UnitField(_l("Hoặc: mọi đơn vị thuộc"), scope="mine")
    level = SelectField(
        _l("Cấp"),
        choices=[("", _l("Cấp trực thuộc ngay dưới"))] + pairs(labels.LEVELS),
        default="",
        description=_l(
            "Ví dụ: chọn Thành ủy Hải Phòng và cấp Huyện, quận để giao cho 19 đơn vị "
            "một lần; chọn cấp Chi bộ để giao cho mọi chi bộ."
        ),
    )
    partner_ids = UnitsField(_l("Đơn vị phối hợp"), scope="mine", addable=True)
    lead_person = StringField(_l("Người phụ trách"), validators=[Length(max=200)])
    due_date = DateField(
        _l("Thời hạn"), validators=[Optional()], description=_l("Để trống nếu thực hiện thường xuyên.")
    )
    priority = SelectField(_l("Mức ưu tiên"), choices=pairs(labels.PRIORITIES), default="normal")


class EditTaskForm(BaseForm):
    organisation_id = UnitField(
        _l("Đơn vị chủ trì"),
        scope="mine",
        addable=True,
        validators=[DataRequired(message=_l("Hãy chọn đơn vị."))],
    )
    partner_ids = UnitsField(_l("Đơn vị phối hợp"), scope="mine", addable=True)
    lead_person = StringField(_l("Người phụ trách"), validators=[Length(max=200)])
    due_date = DateField(
        _l("Thời hạn"),
        validators=[Optional()],
        description=_l(
            "Để trống nếu thực hiện thường xuyên. Muốn giữ lại thời hạn cũ trong hồ sơ, hãy dùng gia hạn."
        ),
    )
    priority = SelectField(_l("Mức ưu tiên"), choices=pairs(labels.PRIORITIES))


class CompleteForm(BaseForm):
    completed_on = DateField(
        _l("Ngày hoàn thành"), validators=[InputRequired(message=_l("Hãy nhập ngày hoàn thành."))]
    )
    result_note = TextAreaField(
        _l("Kết quả thực hiện"),
        validators=[DataRequired(message=_l("Hãy ghi kết quả thực hiện.")), Length(max=5_000)],
    )


class ProgressForm(BaseForm):
    percent = IntegerField(
        _l("Tiến độ (%)"),
        validators=[
            InputRequired(message=_l("Hãy nhập tiến độ.")),
            NumberRange(min=0, max=100, message=_l("Tiến độ phải từ %(min)s đến %(max)s %%.")),
        ],
    )
    note = TextAreaField(_l("Ghi chú tiến độ"), validators=[Length(max=5_000)])


class ReasonForm(BaseForm):
    """Reopen or cancel: both need a reason."""

    reason = TextAreaField(
        _l("Lý do"), validators=[DataRequired(message=_l("Hãy ghi lý do.")), Length(max=2_000)]
    )


class ExtensionRequestForm(BaseForm):
    new_due_date = DateField(
        _l("Xin gia hạn đến ngày"), validators=[InputRequired(message=_l("Hãy nhập thời hạn mới."))]
    )
    reason = TextAreaField(
        _l("Lý do xin gia hạn"),
        validators=[DataRequired(message=_l("Hãy ghi lý do xin gia hạn.")), Length(max=2_000)],
    )


class ExtensionDecisionForm(BaseForm):
    decision = SelectField(
        _l("Quyết định"), choices=[("approve", _l("Chấp thuận")), ("reject", _l("Không chấp thuận"))]
    )
    reference = StringField(_l("Văn bản (số, ký hiệu)"), validators=[Length(max=255)])
    note = TextAreaField(_l("Ghi chú"), validators=[Length(max=2_000)])


class DelegateForm(BaseForm):
    unit_ids = UnitsField(_l("Giao cho đơn vị cấp dưới"), scope="under")
    due_date = DateField(
        _l("Thời hạn"), validators=[Optional()], description=_l("Không sau thời hạn của nhiệm vụ gốc.")
    )


class TaskFilterForm(BaseForm):
    class Meta:
        csrf = False

    status = SelectField(
        _l("Trạng thái"),
        choices=[("", _l("Tất cả"))] + pairs(labels.TASK_STATUS_GROUPS) + pairs(labels.TASK_STATUSES),
        validators=[Optional()],
    )
    window = SelectField(
        _l("Thời hạn"),
        choices=[("", _l("Mọi thời hạn"))] + pairs(labels.DUE_WINDOWS),
        validators=[Optional()],
    )


class DashboardFilterForm(BaseForm):
    class Meta:
        csrf = False

    year = IntegerField(_l("Năm"), validators=[Optional(), NumberRange(min=1945, max=2100)])
    organisation_id = UnitField(_l("Đơn vị"), scope="mine")
