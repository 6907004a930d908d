"""The unit picker as a form field: search as you type, chips for what is picked.

The page never holds the list of units. The field renders the units already picked as
checked chips (uncheck one to drop it), a text input the script turns into a combobox over
``/units/search``, and a listbox for the suggestions. Without script the typed name is looked
up exactly (folded) when the form is posted. Whatever arrives, ids or a name, is checked
against the picker's scope in one query before the form is valid.
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup, escape
from wtforms import Field, ValidationError
from wtforms.utils import unset_value

from ..extensions import db
from ..forms import coerce_id
from ..models import Organisation
from ..text import nfc
from . import search

OUT_OF_SCOPE = _l("Đơn vị đã chọn không có trong phạm vi được chọn hoặc đã ngừng hoạt động.")


class UnitPicker:
    """The widget: chips, a combobox input and its listbox."""

    def __call__(self, field: UnitField, **kwargs) -> Markup:
        fid = field.id
        attrs = {
            "id": fid,
            "name": f"{field.name}__text",
            "type": "text",
            "class": "picker-input",
            "role": "combobox",
            "autocomplete": "off",
            "aria-autocomplete": "list",
            "aria-expanded": "false",
            "aria-controls": f"{fid}-list",
            "placeholder": str(field.placeholder),
            "value": field.typed,
        }
        for key, value in kwargs.items():
            if key in ("required", "size"):
                continue  # a picked chip satisfies "required" (the server checks); no list size
            attrs[key.rstrip("_").replace("_", "-") if key != "class_" else "class"] = value
        data = {
            "data-url": field.search_url(),
            "data-multiple": "1" if field.multiple else "0",
            "data-name": field.name,
            "data-add-label": str(_l("Thêm cơ quan ngoài hệ thống")),
            "data-none-label": str(field.none_label),
            "data-count-label": str(_l("kết quả")),
            "data-picked-label": str(_l("Đã chọn")),
            "data-removed-label": str(_l("Đã bỏ")),
            "data-external-label": str(_l("ngoài hệ thống")),
            "data-error-label": str(_l("Không tìm được, hãy thử lại.")),
        }
        if field.addable:
            data["data-add-url"] = url_for("units.add_external")
        chips = "".join(
            f'<li class="chip"><label><input type="checkbox" name="{escape(field.name)}" '
            f'value="{unit.id}" checked>'
            f' <span class="chip-text"><span class="name">{escape(unit.name)}</span>'
            + (f' <small class="place">{escape(" › ".join(unit.place))}</small>' if unit.place else "")
            + (f' <small class="tag">{escape(_l("ngoài hệ thống"))}</small>' if unit.external else "")
            + "</span></label></li>"
            for unit in field.picked()
        )
        attributes = " ".join(f'{k}="{escape(v)}"' for k, v in {**attrs}.items() if v is not None)
        data_attrs = " ".join(f'{k}="{escape(v)}"' for k, v in data.items())
        return Markup(
            f'<div class="picker" data-picker {data_attrs}>'
            f'<ul class="chips" aria-label="{escape(_l("Đã chọn"))}">{chips}</ul>'
            f"<input {attributes}>"
            f'<ul class="picker-list" id="{fid}-list" role="listbox" hidden></ul>'
            f'<p class="picker-status sr-only" aria-live="polite"></p>'
            "</div>"
        )


class UnitField(Field):
    """One unit (``data``: an id or None). ``scope`` as in :data:`search.SCOPES`."""

    widget = UnitPicker()
    multiple = False
    #: An id or None; a list of ids for :class:`UnitsField`.
    data: Any

    def __init__(
        self,
        label=None,
        validators=None,
        scope: str = "mine",
        level: str | None = None,
        addable: bool = False,
        placeholder=None,
        **kwargs,
    ):
        super().__init__(label, validators, **kwargs)
        self.scope = scope
        self.level = level
        #: May the user add an external body from this picker?
        self.addable = addable
        self.placeholder = placeholder or _l("Gõ vài chữ của tên đơn vị…")
        #: What the list says when nothing matches.
        self.none_label = _l("Không tìm thấy đơn vị nào.")
        self.invalid_label = _l("Đơn vị không hợp lệ.")
        #: For scope "under": the unit whose subtree is offered.
        self.root: Organisation | None = None
        #: Ids that may stay although out of scope: the record's current units.
        self.keep: set[int] = set()
        self.typed = ""
        self._units: list[search.Found] | None = None

    # --- values ------------------------------------------------------------------------------

    def ids(self) -> list[int]:
        data: Any = self.data
        if self.multiple:
            return list(data or [])
        return [data] if data else []

    def _set(self, ids: list[int]) -> None:
        self.data = ids if self.multiple else (ids[0] if ids else None)
        self._units = None

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.typed = ""
        if formdata is not None:
            # NFC without control characters, as every text field (PostgreSQL refuses a NUL).
            self.typed = nfc(formdata.get(f"{self.name}__text") or "").strip()[:300]
        super().process(formdata, data=data, extra_filters=extra_filters)
        # What the record already holds may stay, even if out of scope now (a unit set from
        # above, or since deactivated): saving the form must not drop it.
        held = self.object_data if isinstance(self.object_data, list | tuple) else [self.object_data]
        self.keep = {getattr(x, "id", x) for x in held if x}
        if formdata is None:
            if self.multiple:
                self.data = [getattr(x, "id", x) for x in (self.data or [])]
            else:
                self.data = getattr(self.data, "id", self.data)

    def process_formdata(self, valuelist):
        ids: list[int] = []
        for value in valuelist:
            try:
                number = coerce_id(value)
            except ValueError as exc:
                self._set([])
                raise ValueError(self.invalid_label) from exc
            if number is not None and number not in ids:
                ids.append(number)
        if not self.multiple and len(ids) > 1:
            ids = ids[-1:]  # the last one picked wins in a single picker
        self._set(ids)

    # --- checks -------------------------------------------------------------------------------

    def pre_validate(self, form):
        if self.typed and (self.multiple or not self.ids()):
            self._resolve_typed()
        ids = set(self.ids())
        if len(ids) > 500:
            raise ValidationError(_l("Chọn nhiều nhất 500 đơn vị."))
        wanted = ids - self.keep
        if wanted - search.allowed(current_user, wanted, self.scope, self.root):
            raise ValidationError(
                _l("Đơn vị đã chọn không có trong phạm vi được chọn hoặc đã ngừng hoạt động.")
            )

    def _resolve_typed(self) -> None:
        names = [n.strip() for n in self.typed.replace("\n", ";").split(";") if n.strip()]
        ids = self.ids()
        for name in names if self.multiple else names[:1]:
            found = search.by_name(current_user, name, self.scope, self.root)
            if len(found) != 1:
                raise ValidationError(
                    _l(
                        "Không tìm thấy đơn vị tên “%(name)s”. Hãy gõ rồi chọn trong danh sách gợi ý.",
                        name=name,
                    )
                    if not found
                    else _l("Có nhiều đơn vị tên “%(name)s”. Hãy chọn trong danh sách gợi ý.", name=name)
                )
            if found[0].id not in ids:
                ids.append(found[0].id)
        self._set(ids)
        self.typed = ""

    # --- rendering ----------------------------------------------------------------------------

    def search_url(self) -> str:
        args: dict = {"scope": self.scope}
        if self.level:
            args["level"] = self.level
        if self.root is not None:
            args["root"] = self.root.id
        return url_for("units.search_units", **args)

    def picked(self) -> list[search.Found]:
        if self._units is None:
            ids = self.ids()
            rows = (
                db.session.scalars(db.select(Organisation).where(Organisation.id.in_(ids))).all()
                if ids
                else []
            )
            by_id = {o.id: o for o in rows}
            self._units = search.describe(by_id[i] for i in ids if i in by_id)
        return self._units

    def units(self) -> list[Organisation]:
        """The picked units, loaded (for services)."""
        ids = self.ids()
        if not ids:
            return []
        rows = {o.id: o for o in db.session.scalars(db.select(Organisation).where(Organisation.id.in_(ids)))}
        return [rows[i] for i in ids if i in rows]


class UnitsField(UnitField):
    """Several units (``data``: a list of ids), as chips."""

    multiple = True
