"""Starting a conference from a previous one (:mod:`.copying`): pick the previous conference,
choose the new period, get a draft with its structure and the "cùng kỳ" baselines."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectField
from wtforms.validators import DataRequired, InputRequired, NumberRange

from .. import labels
from ..clock import today
from ..extensions import db
from ..forms import BaseForm, IntegerField
from ..labels import join_period, period_label, split_period
from ..models import Conference
from ..pagination import paginate
from ..permissions import WRITE_MINUTES, can, visible_conferences
from ..rules import RuleError
from ..views import commit, fail
from . import copying, services
from .workspace import bp, readable


class CopyForm(BaseForm):
    """The period the new conference reviews."""

    period = SelectField(
        _l("Kỳ"),
        choices=[choice for choice in labels.PERIOD_CHOICES if choice[0]],
        validators=[DataRequired(message=_l("Hãy chọn kỳ của hội nghị mới."))],
    )
    period_year = IntegerField(
        _l("Năm"),
        validators=[
            InputRequired(message=_l("Hãy nhập năm của kỳ.")),
            NumberRange(min=1945, max=2100, message=_l("Năm phải trong khoảng 1945 đến 2100.")),
        ],
    )


def _may_create() -> None:
    if not can(current_user, WRITE_MINUTES):
        abort(403)


@bp.get("/copy")
def copy_pick():
    """The conferences the user may start from, newest first, a page at a time."""
    _may_create()
    query = services.list_query().where(visible_conferences(current_user))
    return render_template("conferences/copy.html", conference=None, page=paginate(query))


@bp.route("/<int:conference_id>/copy", methods=["GET", "POST"])
def copy(conference_id: int):
    """The new period, prefilled with the one after the previous conference's; the POST
    creates the draft and opens its general information."""
    _may_create()
    previous = readable(conference_id)
    form = CopyForm()
    if request.method == "GET":
        after, number, year = copying.next_period(
            previous.period_kind, previous.period_number, previous.period_year
        )
        form.period.data = join_period(after, number) if number or after in ("year", "nine_months") else ""
        form.period_year.data = year or today().year

    def page(status: int = 200):
        return render_template(
            "conferences/copy.html", conference=previous, form=form, tab="overview"
        ), status

    if not form.validate_on_submit():
        return page(422 if request.method == "POST" else 200)
    kind, number = split_period(form.period.data)
    try:
        conference = copying.start_from(
            previous, current_user, period_year=form.period_year.data, period_kind=kind, period_number=number
        )
        commit()
    except RuleError as error:
        db.session.rollback()
        return page(fail(form, error))
    flash(_summary(previous, conference), "success")
    return redirect(url_for(".edit", conference_id=conference.id), 303)


def _summary(previous: Conference, conference: Conference) -> str:
    """What the flash says was copied, and how many baselines were carried."""
    figures = [f for r in conference.reports for f in r.figures]
    last_year = (conference.period_year or 0) - 1
    carried = sum(1 for f in figures if f.baseline_carried)
    parts = [
        _(
            "Đã tạo bản nháp %(period)s từ “%(title)s”: %(sites)s điểm cầu, %(people)s đại biểu, "
            "%(reports)s báo cáo với %(figures)s chỉ tiêu (chưa có số liệu).",
            period=period_label(conference.period_kind, conference.period_number, conference.period_year),
            title=previous.title,
            sites=len(conference.sites),
            people=len(conference.attendees),
            reports=len(conference.reports),
            figures=len(figures),
        )
    ]
    if figures:
        parts.append(
            _(
                "%(n)s chỉ tiêu đã có số cùng kỳ năm %(y)s (ghi “chuyển từ cùng kỳ”).",
                n=carried,
                y=last_year,
            )
            if carried
            else _("Không tìm thấy số liệu cùng kỳ năm %(y)s để chuyển sang.", y=last_year)
        )
    if conference.title == previous.title:
        parts.append(_("Tên hội nghị giữ như cũ: hãy sửa cho kỳ mới."))
    return " ".join(parts)
