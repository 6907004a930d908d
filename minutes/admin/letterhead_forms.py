"""Forms of the letterhead pages: the letterhead itself, a body's template, the body picker."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import BaseForm, DateField
from ..organisations.fields import UnitField

FAMILIES = {"party": _l("Đảng (Hướng dẫn 36-HD/VPTW)"), "state": _l("Nhà nước (Nghị định 30/2020/NĐ-CP)")}
AUTHORITIES = {
    "TM": _l("Thay mặt: T/M (Đảng) · TM. (Nhà nước)"),
    "KT": _l("Ký thay: K/T · KT."),
    "TL": _l("Thừa lệnh: T/L · TL."),
    "": _l("Không: người ký ký tên mình"),
}


class LetterheadForm(BaseForm):
    family = RadioField(_l("Thể thức"), choices=list(FAMILIES.items()), default="party")
    superior = StringField(
        _l("Cơ quan cấp trên"),
        validators=[Optional(), Length(max=255)],
        description=_l("Dòng trên tên cơ quan, ví dụ TỈNH ỦY TÂY NINH; để trống nếu không có."),
    )
    body_line = StringField(
        _l("Tên cơ quan ban hành"),
        validators=[DataRequired(message=_l("Hãy nhập tên cơ quan ban hành.")), Length(max=255)],
        description=_l("Như in ở tiêu đề, ví dụ ỦY BAN KIỂM TRA."),
    )
    code = StringField(
        _l("Ký hiệu cơ quan"),
        validators=[Optional(), Length(max=30)],
        description=_l("Dùng trong số văn bản: UBKTTU trong “Số 24-TB/UBKTTU”, UBND trong “Số: 12/TB-UBND”."),
    )
    place = StringField(
        _l("Địa danh"),
        validators=[Optional(), Length(max=100)],
        description=_l("Ghi ở dòng ngày tháng: Tây Ninh, ngày 07 tháng 4 năm 2021."),
    )
    term_start = DateField(
        _l("Ngày bắt đầu nhiệm kỳ"),
        validators=[Optional()],
        description=_l("Văn bản Đảng đánh số lại từ 01 mỗi nhiệm kỳ: cần có để ban hành."),
    )
    signer_authority = RadioField(_l("Hình thức ký"), choices=list(AUTHORITIES.items()), default="TM")
    signer_for = StringField(
        _l("Ký thay mặt / thay cho"),
        validators=[Optional(), Length(max=120)],
        description=_l("BAN THƯỜNG VỤ, ỦY BAN KIỂM TRA, ỦY BAN NHÂN DÂN, CHỦ TỊCH…"),
    )
    signer_position = StringField(
        _l("Chức vụ người ký"),
        validators=[Optional(), Length(max=120)],
        description=_l("CHỦ NHIỆM, PHÓ BÍ THƯ…"),
    )
    signer_name = StringField(_l("Họ và tên người ký"), validators=[Optional(), Length(max=200)])
    recipients = TextAreaField(
        _l("Nơi nhận mặc định"),
        validators=[Optional(), Length(max=5000)],
        description=_l("Mỗi dòng một nơi nhận; các đơn vị được giao nhiệm vụ và dòng lưu được thêm sau."),
    )
    archive = StringField(
        _l("Dòng lưu"),
        validators=[Optional(), Length(max=200)],
        description=_l("Ví dụ “Lưu Văn phòng Tỉnh ủy” (Đảng), “Lưu: VT, TH” (Nhà nước)."),
    )


class TemplateForm(BaseForm):
    template = FileField(
        _l("Mẫu Word (.docx, tối đa 2 MB)"),
        validators=[FileRequired(message=_l("Hãy chọn một tệp .docx."))],
        description=_l("Mẫu được thử điền với một thông báo kết luận và một biên bản mẫu trước khi lưu."),
    )


class BodyPickForm(BaseForm):
    """The GET picker of the list page: open any body in my scope (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    unit = UnitField(
        _l("Mở tiêu đề của cơ quan"),
        scope="mine",
        validators=[DataRequired(message=_l("Hãy chọn một cơ quan."))],
    )
