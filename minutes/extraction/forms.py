"""The paste form and the review form of text → minutes.

The review form is the conference's own form (the same fields and checks as "new
conference") with the extracted sites, figures and directives as rows: figure rows are the
figures grid's, directive rows the conclusion page's, each with a "drop" box.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, FieldList, FormField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..conferences.figure_grid import FigureRowForm
from ..conferences.forms import ConferenceForm, DirectiveFields
from ..forms import BaseForm, SubForm
from ..organisations.fields import UnitField
from .reading import MAX_BYTES
from .services import MAX_ROWS


class PasteForm(BaseForm):
    text = TextAreaField(
        _l("Dán nội dung"),
        validators=[Length(max=MAX_BYTES)],
        description=_l("Biên bản đánh máy, thông báo kết luận, bản tin… (tối đa 2 MB)."),
    )
    upload = FileField(
        _l("Hoặc chọn tệp"),
        description=_l("Tệp .txt, .docx hoặc .pdf có lớp chữ, tối đa 2 MB."),
        render_kw={"accept": ".txt,.docx,.pdf,text/plain,application/pdf"},
    )


class SiteRowForm(SubForm):
    source = HiddenField()
    drop = BooleanField(_l("Bỏ"))
    name = StringField(_l("Tên điểm cầu"), validators=[Length(max=255)])
    is_host = BooleanField(_l("Điểm cầu chính"))
    organisation_id = UnitField(_l("Đơn vị"), scope="mine", addable=True)


class FigureReviewForm(FigureRowForm):
    source = HiddenField()


class DirectiveReviewForm(DirectiveFields, SubForm):
    source = HiddenField()
    drop = BooleanField(_l("Bỏ"))


class ReviewForm(ConferenceForm):
    chair_name = StringField(_l("Người chủ trì"), validators=[Length(max=200)])
    chair_title = StringField(_l("Chức vụ người chủ trì"), validators=[Length(max=255)])
    report_title = StringField(
        _l("Tên báo cáo chứa các số liệu"),
        default="Báo cáo tại hội nghị",
        validators=[DataRequired(), Length(max=500)],
    )
    conclusion = TextAreaField(_l("Kết luận của chủ trì"), validators=[Length(max=50_000)])
    sites = FieldList(FormField(SiteRowForm), max_entries=MAX_ROWS)
    figures = FieldList(FormField(FigureReviewForm), max_entries=MAX_ROWS)
    directives = FieldList(FormField(DirectiveReviewForm), max_entries=MAX_ROWS)

    def __init__(self, *args, conference_date=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference_date = conference_date

    def validate(self, extra_validators=None) -> bool:
        for entry in self.directives:
            entry.form.conference_date = self.starts_on.data
        ok = super().validate(extra_validators)
        for entry in self.figures:
            row = entry.form
            if not row.delete.data and not row.is_blank():
                ok = row.check() and ok
        for entry in self.sites:
            row = entry.form
            if not row.drop.data and not (row.name.data or row.organisation_id.data):
                row.name.errors.append(_l("Hãy ghi tên điểm cầu hoặc bỏ dòng này."))
                ok = False
        for entry in self.directives:
            row = entry.form
            if not row.drop.data and not row.text.data:
                row.text.errors.append(_l("Hãy ghi nội dung chỉ đạo hoặc bỏ dòng này."))
                ok = False
        return ok
