"""Sign-in form."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from ..forms import BaseForm
from ..models.users import MIN_PASSWORD_LENGTH


class LoginForm(BaseForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(), Length(max=200)])


class PasswordChangeForm(BaseForm):
    current = PasswordField(_l("Mật khẩu hiện tại"), validators=[DataRequired(), Length(max=200)])
    new = PasswordField(
        _l("Mật khẩu mới"),
        validators=[
            DataRequired(),
            Length(
                min=MIN_PASSWORD_LENGTH, max=200, message=_l("Mật khẩu mới cần từ %(min)d đến %(max)d ký tự.")
            ),
        ],
        description=_l("Ít nhất %(n)s ký tự; nên dùng một câu dễ nhớ.", n=MIN_PASSWORD_LENGTH),
    )
    confirm = PasswordField(
        _l("Nhập lại mật khẩu mới"),
        validators=[DataRequired(), EqualTo("new", message=_l("Hai lần nhập không khớp."))],
    )
