"""The conclusion page as one form: the chair's conclusion and any number of new directives,
saved in one submit (issue 10: a whole conference in a few submits).

Each new directive is a block of the form (``new-0-text``, ``new-0-due_date``, …) with the
fields and checks of a directive's edit form (:class:`.forms.DirectiveFields`). Blocks
nobody filled are ignored; a block with a due date or addressees but no wording is refused
next to its wording. Three blank blocks come with the page; "Thêm chỉ đạo" (with script)
adds more.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import FieldList, FormField

from ..forms import SubForm
from .forms import ConclusionForm, DirectiveFields

#: Blank blocks offered on the page (more come with "Thêm chỉ đạo").
BLANK_BLOCKS = 3
#: The most new directives one submit takes (a conclusion has a few dozen at most).
MAX_NEW = 100


class NewDirectiveForm(DirectiveFields, SubForm):
    """One new-directive block; ``conference_date`` is set by the enclosing form."""


class ConclusionDirectivesForm(ConclusionForm):
    """The chair's conclusion and the new directives under it."""

    new = FieldList(FormField(NewDirectiveForm), max_entries=MAX_NEW + 1)

    def __init__(self, *args, conference_date=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference_date = conference_date
        #: Why the whole submit was refused before any block was read (too many blocks).
        self.refused: str | None = None

    def validate(self, extra_validators=None) -> bool:
        if len(self.new.entries) > MAX_NEW:
            self.refused = str(
                _l("Mỗi lần lưu được nhiều nhất %(n)s chỉ đạo mới; hãy lưu bớt rồi thêm tiếp.", n=MAX_NEW)
            )
            return False
        for entry in self.new:
            entry.form.conference_date = self.conference_date
        return super().validate(extra_validators)

    def blocks(self) -> list[NewDirectiveForm]:
        """The filled blocks, in the order they were posted."""
        return [entry.form for entry in self.new if not entry.form.is_blank()]

    def add_blank(self, count: int = BLANK_BLOCKS) -> None:
        for _ in range(count):
            self.new.append_entry()


def form_for(conference, conference_date) -> ConclusionDirectivesForm:
    """The page's form for a GET: the stored conclusion and blank blocks."""
    form = ConclusionDirectivesForm(
        formdata=None, data={"conclusion": conference.conclusion}, conference_date=conference_date
    )
    form.add_blank()
    return form
