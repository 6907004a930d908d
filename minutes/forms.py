"""Form building blocks shared by every feature: NFC input, Vietnamese numbers, unit choices."""

from __future__ import annotations

import re
from datetime import time

import wtforms
import wtforms.fields
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, StringField, TextAreaField
from wtforms.widgets import TextInput

from .rules import MAX_ID, date_in_range, date_range_message, figure_problem
from .text import clean_line, nfc, parse_number


def _normalise_line(value):
    return clean_line(value) if isinstance(value, str) else value


def _normalise_text(value):
    return nfc(value).strip() if isinstance(value, str) else value


def _bind_field(form, unbound_field, options):
    field_class = unbound_field.field_class
    # Keep the field's own filters (they arrive in unbound_field.kwargs) after ours.
    own = (*unbound_field.kwargs.get("filters", ()), *options.get("filters", ()))
    if issubclass(field_class, TextAreaField):
        options["filters"] = (_normalise_text, *own)
    elif issubclass(field_class, StringField):
        options["filters"] = (_normalise_line, *own)
    return unbound_field.bind(form=form, **options)


class BaseForm(FlaskForm):
    """Every form: one-line text is NFC and single-spaced, long text is NFC and stripped."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            return _bind_field(form, unbound_field, options)


class SubForm(wtforms.Form):
    """A row of a :class:`BaseForm` (inside a FieldList): the same text rules, no CSRF token
    of its own (the enclosing form carries it)."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            return _bind_field(form, unbound_field, options)


class NumberField(Field):
    """A text input that accepts Vietnamese number formats; ``data`` is a float or None."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, minimum=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.minimum = minimum

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        from .formatting import number

        return number(self.data, places=4)

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not valuelist[0].strip():
            return
        try:
            value = parse_number(valuelist[0])
        except ValueError as exc:
            raise ValueError(_l("Hãy nhập một số, ví dụ 1.917 hoặc 37,6.")) from exc
        if (problem := figure_problem(value)) is not None:
            raise ValueError(problem)
        if self.minimum is not None and value < self.minimum:
            raise ValueError(_l("Không được nhỏ hơn %(min)s.", min=self.minimum))
        self.data = float(value)


def coerce_id(value):
    """Select value → int id, or None for the blank choice."""
    if value in (None, "", "None"):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 10:
        number = int(value)
    else:
        raise ValueError("not an id")
    if not 0 < number <= MAX_ID:  # the database's INTEGER; anything else is no choice
        raise ValueError("not an id")
    return number


def pairs(mapping) -> list:
    """A label mapping as select choices."""
    return list(mapping.items())


class IntegerField(wtforms.IntegerField):
    """WTForms' IntegerField, refusing absurdly long numbers before any validator sees them.

    (A 400-digit integer makes NumberRange call ``math.isnan`` on it, which overflows.)
    """

    def process_formdata(self, valuelist):
        raw = (valuelist[0] or "").strip() if valuelist else ""
        if len(raw) > 15:
            self.data = None
            raise ValueError(_l("Số quá lớn."))
        # int() would take "٣" for 3 and "1_2" for 12; WTForms' own message is English.
        if raw and not re.fullmatch(r"[+-]?[0-9]+", raw):
            self.data = None
            raise ValueError(_l("Hãy nhập một số nguyên."))
        super().process_formdata(valuelist)


class _Bounded:
    """A date input held to :data:`~minutes.rules.MIN_DATE` … :data:`~minutes.rules.MAX_DATE`
    (a task due in 9999 would break every calendar feed)."""

    def process_formdata(self, valuelist):
        if valuelist and len(" ".join(valuelist)) > 40:
            self.data = None
            raise ValueError(_l("Ngày không hợp lệ."))
        super().process_formdata(valuelist)
        if not date_in_range(self.data):
            self.data = None
            raise ValueError(date_range_message())


class DateField(_Bounded, wtforms.fields.DateField):
    """WTForms' DateField (``yyyy-mm-dd``), between 01/01/1945 and 31/12/2099."""


class DateTimeLocalField(_Bounded, wtforms.fields.DateTimeLocalField):
    """WTForms' DateTimeLocalField, between 01/01/1945 and 31/12/2099."""


_CLOCK = re.compile(r"^(\d{1,2})\s*[:hH]\s*(\d{2})?(?::(\d{2}))?$")


def parse_clock(text: str) -> time:
    """ "08:00", "8:00", "08:00:00" (a browser's time input with seconds), "8h30" or "8h" →
    a time of day; ValueError on anything else."""
    found = _CLOCK.match(text.strip()) if text.isascii() else None
    if found is None:
        raise ValueError(text)
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    if hour > 23 or minute > 59 or int(found.group(3) or 0) > 59:
        raise ValueError(text)
    return time(hour, minute)


class TimeField(Field):
    """A time input (``HH:MM``); ``data`` is a :class:`datetime.time` or None."""

    widget = wtforms.widgets.TimeInput()

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%H:%M") if self.data else ""

    def process_formdata(self, valuelist):
        self.data = None
        raw = valuelist[0] if valuelist else ""
        if not raw or not raw.strip():
            return
        try:
            if len(raw) > 10:
                raise ValueError(raw)
            self.data = parse_clock(raw)
        except ValueError as exc:
            raise ValueError(_l("Hãy nhập giờ dạng giờ:phút, ví dụ 08:00 hoặc 14:30.")) from exc
