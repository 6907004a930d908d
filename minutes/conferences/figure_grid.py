"""The figures grid of a report as a form: one row per figure, a paste box for a whole block.

A cell with an amount takes what the report says: "1.917", "37,6", "76 nghìn", "hơn 300",
even "1.917 vụ" (the unit goes to the unit column). Empty rows are ignored; a row with an
id and "Xóa" ticked is removed when the grid is saved.
"""

from __future__ import annotations

from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    Field,
    FieldList,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length
from wtforms.widgets import TextInput

from .. import labels
from ..formatting import number
from ..forms import BaseForm, NumberField, SubForm, pairs
from ..rules import figure_problem
from ..text import fold
from .figure_paste import MAX_BASELINE_LABEL, MAX_LABEL, MAX_UNIT, PasteResult, parse_amount
from .figures import MAX_FIGURES, FigureRow

#: Empty rows offered under the figures (more come with "Thêm dòng" or a paste).
BLANK_ROWS = 3
#: The longest block the paste box reads.
MAX_PASTE = 200_000


class AmountField(Field):
    """An amount as written in a report; ``data`` is (qualifier, value or None, unit)."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.data = ("", None, "")

    def process_data(self, value):
        self.data = value if isinstance(value, tuple) else ("", None, "")

    def process_formdata(self, valuelist):
        text = valuelist[0] if valuelist else ""
        self.data = ("", None, "")
        try:
            qualifier, value, unit = parse_amount(text)
        except ValueError as exc:
            raise ValueError(_l("Hãy ghi một số, ví dụ 1.917; 37,6; 76 nghìn hoặc hơn 300.")) from exc
        if (problem := figure_problem(value)) is not None:
            raise ValueError(problem)
        self.data = (qualifier, value, unit)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        qualifier, value, _unit = self.data
        if value is None:
            return ""
        return f"{qualifier} {number(value, places=4)}".strip()


def _typed(amount: AmountField) -> bool:
    if amount.raw_data is not None:
        return bool(amount.raw_data and amount.raw_data[0].strip())
    return amount.data[1] is not None


class FigureRowForm(SubForm):
    id = HiddenField()
    part = BooleanField(_l("Thuộc dòng trên"))
    label = StringField(_l("Chỉ tiêu"), validators=[Length(max=MAX_LABEL)])
    value = AmountField(_l("Số liệu"))
    unit = StringField(_l("Đơn vị tính"), validators=[Length(max=MAX_UNIT)])
    scope = SelectField(_l("Phạm vi"), choices=pairs(labels.FIGURE_SCOPES), default="")
    baseline = AmountField(_l("Số liệu kỳ so sánh"))
    baseline_label = StringField(_l("Kỳ so sánh"), validators=[Length(max=MAX_BASELINE_LABEL)])
    stated_change_pct = NumberField(_l("Tăng/giảm % theo báo cáo"))
    delete = BooleanField(_l("Xóa dòng"))

    def is_blank(self) -> bool:
        """Nothing typed and no figure behind the row: the row is ignored."""
        amounts = (self.value, self.baseline)
        return not (
            (self.id.data or "").strip()
            or self.label.data
            or self.unit.data
            or self.baseline_label.data
            or any(_typed(amount) for amount in amounts)
            or self.stated_change_pct.data is not None
            or (self.stated_change_pct.raw_data and self.stated_change_pct.raw_data[0].strip())
        )

    def row_id(self) -> int | None:
        raw = (self.id.data or "").strip()
        return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 10 else None

    def check(self) -> bool:
        """The rules of one row that need more than one cell."""
        ok = True
        if not self.label.data:
            self.label.errors.append(_l("Hãy ghi tên chỉ tiêu."))
            ok = False
        for amount in (self.value, self.baseline):
            unit = amount.data[2]
            if unit and self.unit.data and fold(unit) != fold(self.unit.data):
                amount.errors.append(
                    _l("Đơn vị “%(one)s” khác đơn vị tính “%(other)s”.", one=unit, other=self.unit.data)
                )
                ok = False
        if self.baseline.data[1] is not None and self.stated_change_pct.data is not None:
            self.stated_change_pct.errors.append(
                _l("Đã có số liệu kỳ so sánh: tỷ lệ được tính tự động, hãy để trống ô này.")
            )
            ok = False
        compared = self.baseline.data[1] is not None or self.stated_change_pct.data is not None
        if compared and not self.baseline_label.data:
            self.baseline_label.errors.append(_l("Hãy ghi kỳ so sánh, ví dụ: cùng kỳ năm 2020."))
            ok = False
        return ok

    def figure_row(self) -> FigureRow:
        qualifier, value, unit = self.value.data
        baseline_qualifier, baseline, baseline_unit = self.baseline.data
        return FigureRow(
            id=self.row_id(),
            label=self.label.data or "",
            value=value,
            qualifier=qualifier,
            unit=self.unit.data or unit or baseline_unit,
            scope=self.scope.data or "",
            part=bool(self.part.data),
            baseline_value=baseline,
            baseline_qualifier=baseline_qualifier,
            baseline_label=self.baseline_label.data or "",
            stated_change_pct=self.stated_change_pct.data,
        )


class FigureGridForm(BaseForm):
    rows = FieldList(FormField(FigureRowForm), max_entries=MAX_FIGURES + 50)
    paste = TextAreaField(
        _l("Dán bảng số liệu"),
        validators=[Length(max=MAX_PASTE)],
        description=_l(
            "Chép các dòng từ Excel hoặc Word rồi dán vào đây: chỉ tiêu, số liệu, đơn vị tính, "
            "số liệu kỳ so sánh, kỳ so sánh. Dòng “trong đó …” hoặc có gạch đầu dòng là phần "
            "của dòng trên."
        ),
    )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        parent_deleted = None
        for entry in self.rows:
            row = entry.form
            if row.is_blank():
                continue
            if not row.part.data:
                parent_deleted = bool(row.delete.data)
            if row.delete.data:
                continue
            ok = row.check() and ok
            if row.part.data and parent_deleted:
                row.part.errors.append(
                    _l("Dòng này thuộc một dòng đang được xóa: bỏ “Thuộc dòng trên” hoặc xóa cả dòng này.")
                )
                ok = False
        return ok

    def figure_rows(self) -> list[FigureRow]:
        """The rows to save, in order: neither blank nor marked for deletion."""
        rows = []
        for index, entry in enumerate(self.rows):
            if entry.form.is_blank() or entry.form.delete.data:
                continue
            row = entry.form.figure_row()
            row.index = index  # where a refusal is shown: this row of the grid as posted
            rows.append(row)
        return rows

    def trim(self) -> None:
        """Drop the empty rows at the end (before a pasted block is added under the rest)."""
        while self.rows.entries and self.rows.entries[-1].form.is_blank():
            self.rows.pop_entry()

    def add(self, row: FigureRow) -> None:
        self.rows.append_entry(_data(row))

    def add_blank(self, count: int = BLANK_ROWS) -> None:
        for _ in range(count):
            self.rows.append_entry(SimpleNamespace(**_EMPTY))


_EMPTY = {
    "id": "",
    "part": False,
    "label": "",
    "value": ("", None, ""),
    "unit": "",
    "scope": "",
    "baseline": ("", None, ""),
    "baseline_label": "",
    "stated_change_pct": None,
    "delete": False,
}


def _data(row: FigureRow) -> SimpleNamespace:
    return SimpleNamespace(
        id=str(row.id or ""),
        part=row.part,
        label=row.label,
        value=(row.qualifier, row.value, ""),
        unit=row.unit,
        scope=row.scope,
        baseline=(row.baseline_qualifier, row.baseline_value, ""),
        baseline_label=row.baseline_label,
        stated_change_pct=None if row.stated_change_pct is None else float(row.stated_change_pct),
        delete=False,
    )


def grid_for(rows: list[FigureRow]) -> FigureGridForm:
    """The grid showing ``rows`` and a few empty rows, for a GET."""
    form = FigureGridForm(formdata=None)
    for row in rows:
        form.add(row)
    form.add_blank()
    return form


def pasted_rows(result: PasteResult) -> list[FigureRow]:
    """The rows read from a pasted block, as new grid rows."""
    return [
        FigureRow(
            id=None,
            label=row.label,
            value=row.value,
            qualifier=row.qualifier,
            unit=row.unit,
            part=row.part_of_previous,
            baseline_value=row.baseline_value,
            baseline_qualifier=row.baseline_qualifier,
            baseline_label=row.baseline_label,
        )
        for row in result.rows
    ]
