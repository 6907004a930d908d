"""What an account's fields must look like: shared by the admin forms and the importer, so
that neither imports from the other (services never import from a form module)."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

#: Lower-case ASCII letters, digits, dot, dash and underscore; starts with a letter or digit.
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
#: Deliberately loose: something@somewhere.tld, no spaces. Mail servers have the final say.
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")

USERNAME_ERROR = _l(
    "Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới (2–80 ký tự)."
)
EMAIL_ERROR = _l("Địa chỉ thư điện tử không hợp lệ.")
