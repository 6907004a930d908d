"""The issue form: the number (or the next one), the date, who signs."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from ..forms import BaseForm, DateField, IntegerField


class IssueForm(BaseForm):
    number = IntegerField(
        _l("Số văn bản"),
        validators=[Optional()],
        description=_l("Để trống để lấy số tiếp theo của sổ văn bản; hoặc ghi số đã cấp ở sổ giấy."),
    )
    issued_on = DateField(_l("Ngày văn bản"), validators=[InputRequired(_l("Chọn ngày văn bản."))])
    signer_authority = StringField(
        _l("Thẩm quyền ký"),
        validators=[Length(max=160)],
        description=_l(
            "Ví dụ: T/M BAN THƯỜNG VỤ, K/T CHỦ NHIỆM, TM. ỦY BAN NHÂN DÂN; để trống nếu ký tên mình."
        ),
    )
    signer_position = StringField(_l("Chức vụ người ký"), validators=[Length(max=120)])
    #: The register entry the page showed as the latest (0: none), so that an issue made
    #: meanwhile by someone else is not followed blindly by a second one.
    seen = IntegerField(widget=HiddenInput(), validators=[Optional()])
    again = BooleanField(_l("Ban hành lại dù nội dung không đổi"))
    signer_name = StringField(
        _l("Họ tên người ký"), validators=[InputRequired(_l("Ghi họ tên người ký.")), Length(max=200)]
    )


class RegisterFilterForm(BaseForm):
    """The register's filters: the year of the document's date and its type."""

    class Meta:
        csrf = False

    year = IntegerField(_l("Năm"), validators=[Optional(), NumberRange(min=1945, max=2099)])
    kind = SelectField(
        _l("Loại văn bản"),
        choices=[
            ("", _l("Tất cả")),
            ("notice", _l("Thông báo kết luận")),
            ("minutes", _l("Biên bản hội nghị")),
        ],
        validators=[Optional()],
    )
