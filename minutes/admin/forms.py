"""Forms of the administration pages. Unit choices depend on the database and are set in views."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from .. import labels
from ..forms import BaseForm, pairs
from ..models.users import MIN_PASSWORD_LENGTH
from ..organisations.fields import UnitField
from .validation import EMAIL_ERROR, EMAIL_PATTERN, USERNAME_ERROR, USERNAME_PATTERN

USERNAME_HELP = _l("2–80 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới.")
PASSWORD_ERROR = _l("Mật khẩu cần từ %(min)d đến %(max)d ký tự.")
PASSWORD_HELP = _l("Ít nhất %(n)s ký tự.", n=MIN_PASSWORD_LENGTH)


class LowerCaseField(StringField):
    """A text input whose value is lower-cased (usernames are stored and looked up that way)."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if isinstance(self.data, str):
            self.data = self.data.lower()


def _password_field(label):
    return PasswordField(
        label,
        validators=[
            DataRequired(message=_l("Hãy nhập mật khẩu.")),
            Length(min=MIN_PASSWORD_LENGTH, max=200, message=PASSWORD_ERROR),
        ],
        description=PASSWORD_HELP,
    )


def _email_field():
    return StringField(
        _l("Thư điện tử"),
        validators=[Optional(), Length(max=255), Regexp(EMAIL_PATTERN, message=EMAIL_ERROR)],
    )


# --- users -------------------------------------------------------------------------------------


class UserFilterForm(BaseForm):
    """The GET filters of the user list (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    q = StringField(_l("Tìm kiếm"), validators=[Optional(), Length(max=200)])
    role = SelectField(
        _l("Vai trò"), choices=[("", _l("Tất cả"))] + pairs(labels.ROLES), validators=[Optional()]
    )
    unit = UnitField(_l("Đơn vị (gồm cấp dưới)"), scope="mine")
    status = SelectField(
        _l("Trạng thái"),
        validators=[Optional()],
        choices=[("", _l("Tất cả")), ("active", _l("Đang hoạt động")), ("inactive", _l("Đã khóa"))],
    )


class AuditFilterForm(BaseForm):
    """The GET filters of the audit trail."""

    class Meta:
        csrf = False

    action = SelectField(
        _l("Việc"), choices=[("", _l("Tất cả"))] + pairs(labels.AUDIT_ACTIONS), validators=[Optional()]
    )
    who = StringField(
        _l("Tên đăng nhập"),
        validators=[Optional(), Length(max=80)],
        description=_l("Người làm, hoặc tài khoản bị tác động."),
    )


class UserEditForm(BaseForm):
    full_name = StringField(_l("Họ và tên"), validators=[DataRequired(), Length(max=200)])
    email = _email_field()
    role = SelectField(_l("Vai trò"), choices=pairs(labels.ROLES))
    organisation_id = UnitField(
        _l("Đơn vị"), scope="mine", validators=[DataRequired(message=_l("Hãy chọn một đơn vị."))]
    )


class UserCreateForm(UserEditForm):
    username = LowerCaseField(
        _l("Tên đăng nhập"),
        description=USERNAME_HELP,
        validators=[DataRequired(), Regexp(USERNAME_PATTERN, message=USERNAME_ERROR)],
    )
    password = _password_field(_l("Mật khẩu ban đầu"))


class PasswordResetForm(BaseForm):
    password = _password_field(_l("Mật khẩu mới"))


# --- units -------------------------------------------------------------------------------------


class UnitEditForm(BaseForm):
    name = StringField(_l("Tên đơn vị"), validators=[DataRequired(), Length(max=255)])
    short_name = StringField(_l("Tên viết tắt"), validators=[Optional(), Length(max=80)])
    external_key = StringField(
        _l("Mã đơn vị"),
        validators=[Optional(), Length(max=120)],
        description=_l("Không bắt buộc; cần có để nhập tài khoản của đơn vị từ tệp."),
    )
    level = SelectField(_l("Cấp"), choices=pairs(labels.LEVELS), default="other")


class UnitCreateForm(UnitEditForm):
    parent_id = UnitField(_l("Trực thuộc"), scope="mine")


class UnitMoveForm(BaseForm):
    parent_id = UnitField(_l("Chuyển về trực thuộc"), scope="mine")


class UnitMergeForm(BaseForm):
    target_id = UnitField(
        _l("Hợp nhất vào đơn vị"),
        scope="mine",
        validators=[DataRequired(message=_l("Hãy chọn đơn vị tiếp nhận."))],
    )
    move_children = BooleanField(_l("Chuyển các đơn vị trực thuộc đang hoạt động sang đơn vị tiếp nhận"))
    move_users = BooleanField(_l("Chuyển các tài khoản của đơn vị sang đơn vị tiếp nhận"))


class ExternalMergeForm(BaseForm):
    """Merge an external body into the unit of the tree it really is. Picked on the unit page
    and sent as a GET (the confirmation step, which changes nothing: built with
    ``meta={"csrf": False}``), then posted from the confirmation page with its version."""

    into = UnitField(
        _l("Gộp vào đơn vị trong hệ thống"),
        scope="any",
        validators=[DataRequired(message=_l("Hãy chọn đơn vị trong hệ thống để gộp vào."))],
        description=_l(
            "Mọi hội nghị, điểm cầu, đại biểu, báo cáo, chỉ đạo và nhiệm vụ đang trỏ tới cơ quan này "
            "sẽ trỏ tới đơn vị được chọn; tên đã ghi trong hồ sơ cũ giữ nguyên."
        ),
    )


# --- import ------------------------------------------------------------------------------------

IMPORT_KINDS = {"units": _l("Đơn vị"), "users": _l("Tài khoản")}


class ImportForm(BaseForm):
    kind = SelectField(_l("Loại dữ liệu"), choices=pairs(IMPORT_KINDS))
    file = FileField(
        _l("Tệp CSV hoặc Excel (.xlsx)"), validators=[FileRequired(message=_l("Hãy chọn một tệp."))]
    )
