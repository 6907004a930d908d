"""The report upward's choice: a period (quý, 6 tháng, năm), a year and an organisation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, ValidationError
from wtforms.validators import InputRequired, NumberRange, StopValidation

from .. import labels
from ..forms import BaseForm, IntegerField
from ..organisations.fields import UnitField

#: The periods a report upward covers: the quarters, the two halves and the year.
PERIODS = [
    (code, label)
    for code, label in labels.PERIOD_CHOICES
    if code.split(":")[0] in ("quarter", "half", "year")
]
FIRST_YEAR, LAST_YEAR = 1945, 2099


class PeriodField(SelectField):
    def pre_validate(self, form):
        if self.data not in {code for code, _label in PERIODS}:
            raise ValidationError(_l("Hãy chọn một quý, 6 tháng đầu hoặc cuối năm, hoặc cả năm."))


class YearField(IntegerField):
    """A year typed in digits; one message for whatever is wrong with it."""

    def process_formdata(self, valuelist):
        if not valuelist or not (valuelist[0] or "").strip():
            self.data = None  # "required" says so
            return
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            self.data = None
            raise ValueError(_l("Hãy nhập năm bằng chữ số, ví dụ 2021.")) from exc

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()  # the one message above is enough


class UpwardForm(BaseForm):
    class Meta:
        csrf = False

    period = PeriodField(_l("Kỳ báo cáo"), choices=PERIODS)
    year = YearField(
        _l("Năm"),
        validators=[
            InputRequired(message=_l("Hãy nhập năm.")),
            NumberRange(
                min=FIRST_YEAR,
                max=LAST_YEAR,
                message=_l("Năm phải từ %(min)s đến %(max)s."),
            ),
        ],
    )
    organisation_id = UnitField(_l("Đơn vị"), scope="mine")
