"""The chair's conclusion and the numbered directives under it: one section (the text and
the list), and each directive with its own version."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _

from ..models import Conference, Directive
from ..rules import RuleError
from . import services
from .directive_rows import ConclusionDirectivesForm, form_for
from .forms import DirectiveFields, DirectiveForm
from .workspace import bp, child, edit_item, editable, now_reads, readable, save


def _directive_form(conference: Conference, obj: Directive) -> DirectiveForm:
    form = DirectiveForm(obj=obj, conference_date=services.conference_date(conference), prefix="directive")
    form.addressee_ids.keep = {a.organisation_id for a in obj.addressees if a.organisation_id}
    if request.method == "GET":
        form.addressee_ids.data = [a.organisation_id for a in obj.addressees if a.organisation_id]
        form.addressee_groups.data = "\n".join(a.label for a in obj.addressees if not a.organisation_id)
    return form


def _fill_directive(form: DirectiveFields, directive: Directive) -> None:
    services.set_directive(
        directive,
        text=form.text.data,
        due_date=form.due_date.data,
        units=form.addressee_ids.units(),
        groups=(form.addressee_groups.data or "").splitlines(),
    )


def _page(conference: Conference, form: ConclusionDirectivesForm | None = None):
    return render_template(
        "conferences/conclusion.html",
        conference=conference,
        form=form or form_for(conference, services.conference_date(conference)),
        tab="conclusion",
    )


@bp.route("/<int:conference_id>/conclusion", methods=["GET", "POST"])
def conclusion(conference_id: int):
    """The chair's concluding remarks and the numbered directives under them: the text and
    any number of new directives are saved in one submit, under the conclusion's version."""
    if request.method == "GET":
        return _page(readable(conference_id))
    conference = editable(conference_id)
    form = ConclusionDirectivesForm(conference_date=services.conference_date(conference))
    if not form.validate():
        return _page(conference, form), 422
    blocks = form.blocks()
    # A hand-made request without the text adds directives and leaves the conclusion alone.
    text = form.conclusion.data or "" if "conclusion" in request.form else conference.conclusion or ""

    def change():
        changed = text != (conference.conclusion or "")
        conference.conclusion = text
        for block in blocks:
            directive = Directive(
                text=block.text.data, position=services.next_position(conference.directives)
            )
            conference.directives.append(directive)
            try:
                _fill_directive(block, directive)
            except RuleError as error:  # shown next to the field of this block
                if error.field and error.field in block:
                    error.field = block[error.field].name
                raise
        if blocks and changed:
            return _("Đã lưu kết luận và thêm %(n)s chỉ đạo.", n=len(blocks))
        if blocks:
            return _("Đã thêm %(n)s chỉ đạo.", n=len(blocks))
        return _("Đã lưu kết luận.")

    return save(
        conference,
        "conclusion",
        change,
        form=form,
        endpoint=".conclusion",
        render=lambda _s: _page(conference, form),
        # After a double submit the directives are already there: say so, or saving again
        # would add them twice.
        current=lambda: " ".join(
            (
                now_reads(_("kết luận"), conference.conclusion),
                now_reads(
                    _("%(n)s chỉ đạo", n=len(conference.directives)),
                    "; ".join(f"{d.position}. {d.text}" for d in conference.directives),
                ),
            )
        ),
    )


@bp.route("/<int:conference_id>/directives/<int:directive_id>/edit", methods=["GET", "POST"])
def directive_edit(conference_id: int, directive_id: int):
    """Edit one directive."""
    conference = editable(conference_id)
    directive = child(Directive, directive_id, conference)
    form = _directive_form(conference, obj=directive)

    def change():
        _fill_directive(form, directive)
        return _("Đã lưu chỉ đạo số %(n)s.", n=directive.position)

    return edit_item(
        conference,
        directive,
        form,
        change=change,
        heading=_("Sửa chỉ đạo"),
        tab="conclusion",
        back=url_for(".conclusion", conference_id=conference.id),
        version=lambda: directive.version,
        endpoint=".conclusion",
        current=lambda: now_reads(_("chỉ đạo"), directive.text),
    )


@bp.post("/<int:conference_id>/directives/<int:directive_id>/delete")
def directive_delete(conference_id: int, directive_id: int):
    """Remove a directive (not one that has been assigned as tasks)."""
    conference = editable(conference_id)
    directive = child(Directive, directive_id, conference)

    def change():
        if services.task_count(directive=directive):
            raise RuleError(_("Chỉ đạo đã được giao thành nhiệm vụ nên không xóa được."))
        conference.directives.remove(directive)
        services.renumber(conference.directives)
        return _("Đã xóa chỉ đạo.")

    return save(
        conference,
        "conclusion",
        change,
        form=None,
        endpoint=".conclusion",
        render=lambda _s: _back(conference),
    )


def _back(conference: Conference):
    """After a refused button (delete, move): the conclusion page as it is now."""
    return _page(readable(conference.id))


@bp.post("/<int:conference_id>/directives/<int:directive_id>/move/<any(up, down):direction>")
def directive_move(conference_id: int, directive_id: int, direction: str):
    """Move a directive up or down the list."""
    conference = editable(conference_id)
    directive = child(Directive, directive_id, conference)

    def change():
        services.move(conference.directives, directive, -1 if direction == "up" else 1)
        return _("Đã đổi thứ tự.")

    return save(
        conference,
        "conclusion",
        change,
        form=None,
        endpoint=".conclusion",
        render=lambda _s: _back(conference),
    )
