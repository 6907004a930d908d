"""Text → minutes in the application: paste, review beside the source, confirm or discard."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from minutes.clock import utcnow
from minutes.extensions import db
from minutes.models import Conference, Directive, Extraction, Figure, Organisation, Site
from tests.support import count, login, make_user, text

REPORT = (Path(__file__).parent / "extraction" / "cases" / "hai_phong_quy.txt").read_text(encoding="utf-8")


class FormReader(HTMLParser):
    """What a browser would post from the page's form that has ``marker`` among its fields."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self.current: list[tuple[str, str]] | None = None
        self.select: str | None = None
        self.textarea: str | None = None
        self.buffer = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.current = []
        elif self.current is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file"):
                return
            self.current.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.current.append((self.select, a.get("value", "")))
        elif tag == "textarea":
            self.textarea = a.get("name")
            self.buffer = ""

    def handle_data(self, data):
        if self.textarea:
            self.buffer += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea and self.current is not None:
            self.current.append((self.textarea, self.buffer.lstrip("\n")))
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form" and self.current is not None:
            self.forms.append(self.current)
            self.current = None


def review_form(html: str) -> dict[str, list[str]]:
    reader = FormReader()
    reader.feed(html)
    form = next(f for f in reader.forms if any(k == "title" for k, _ in f))
    out: dict[str, list[str]] = {}
    for key, value in form:
        out.setdefault(key, []).append(value)
    return out


@pytest.fixture
def hai_phong(units):
    """The city has its inspection commission, under which the text's units are matched."""
    city = units["city"]
    commission = Organisation(name="Ủy ban Kiểm tra Thành ủy Hải Phòng", level="province", parent=city)
    db.session.add(commission)
    db.session.commit()
    return commission


def paste(client, body: str = REPORT):
    response = client.post("/conferences/from-text/", data={"text": body})
    assert response.status_code == 303, text(response)[:2000]
    return response.headers["Location"]


def test_paste_opens_a_review_beside_the_source_and_creates_nothing(client, users, units, hai_phong):
    login(client, "thuky")
    before = count(Conference)
    where = paste(client)
    page = client.get(where)
    html = text(page)
    assert page.status_code == 200
    assert count(Conference) == before
    record = db.session.scalars(db.select(Extraction)).one()
    assert record.user_id == users["secretariat"].id
    # Every figure and directive is marked in the source and linked from its row.
    draft = record.draft
    for kind, items in (("f", draft["figures"]), ("d", draft["directives"])):
        for index in range(len(items)):
            assert f'id="src-{kind}-{index}"' in html and f'href="#src-{kind}-{index}"' in html
    # Names are linked to the tree: the organiser written "Thành ủy Hải Phòng" is the unit,
    # the addressee "UBKT Thành ủy" of the text is the commission.
    form = review_form(html)
    assert form["organiser_id"] == [str(units["city"].id)]
    addressed = [v for k, v in form.items() if k.endswith("addressee_ids")]
    assert [str(hai_phong.id)] in addressed


def test_confirm_creates_the_draft_with_what_was_reviewed(client, users, units, hai_phong):
    login(client, "thuky")
    where = paste(client)
    form = review_form(text(client.get(where)))
    figure_labels = [k for k in form if re.fullmatch(r"figures-\d+-label", k)]
    assert len(figure_labels) >= 3
    # Correct one figure, drop one directive, change one addressee to a worded group.
    form["figures-0-value"] = ["999"]
    form["directives-0-drop"] = ["y"]
    form["directives-1-addressee_ids"] = []
    form["directives-1-addressee_groups"] = ["các quận ủy, huyện ủy"]
    kept_directives = len([k for k in form if re.fullmatch(r"directives-\d+-text", k)]) - 1
    response = client.post(where, data=form)
    assert response.status_code == 303, text(response)[:3000]
    conference = db.session.scalars(db.select(Conference)).one()
    assert response.headers["Location"].endswith(f"/conferences/{conference.id}")
    assert conference.status == "draft" and conference.organiser_id == units["city"].id
    figures = db.session.scalars(db.select(Figure).order_by(Figure.position)).all()
    assert figures[0].value == 999
    assert len(figures) == len(figure_labels)
    directives = db.session.scalars(db.select(Directive).order_by(Directive.position)).all()
    assert len(directives) == kept_directives
    assert [a.label for a in directives[0].addressees] == ["các quận ủy, huyện ủy"]
    # The review is over: its text and draft are gone; the row only remembers the conference.
    (record,) = db.session.scalars(db.select(Extraction)).all()
    assert (record.source, record.draft, record.conference_id) == ("", {}, conference.id)
    # A second click, or the back button, lands on that conference; nothing more is made.
    for again in (client.post(where, data=form), client.get(where)):
        assert again.status_code == 303
        assert again.headers["Location"].endswith(f"/conferences/{conference.id}")
    assert count(Conference) == 1


def test_a_review_is_its_owners_only_and_lasts_a_day(client, users, units):
    login(client, "thuky")
    where = paste(client)
    other = make_user("thuky2", "secretariat", units["city"])
    login(client, other.username)
    assert client.get(where).status_code == 404
    assert client.post(where, data={"discard": "1"}).status_code == 404
    login(client, "thuky")
    record = db.session.scalars(db.select(Extraction)).one()
    record.created_at = utcnow() - timedelta(hours=25)
    db.session.commit()
    assert client.get(where).status_code == 404
    paste(client)  # a new paste purges what expired
    assert count(Extraction) == 1


def test_discard_deletes_the_review(client, users):
    login(client, "thuky")
    where = paste(client)
    response = client.post(where, data={"discard": "1"})
    assert response.status_code == 303
    assert count(Extraction) == 0 and count(Conference) == 0


def test_an_officer_cannot_paste(client, users):
    login(client, "canbo")
    assert client.post("/conferences/from-text/", data={"text": REPORT}).status_code == 403
    assert count(Extraction) == 0


@pytest.mark.parametrize(
    "upload, message, status",
    [
        ((io.BytesIO(b""), "rong.txt"), "Tệp rỗng", 422),
        ((io.BytesIO(b"\x00\x01\x02binary\x00" * 100), "anh.txt"), "nhị phân", 422),
        ((io.BytesIO(b"A" * (2 * 1024 * 1024 + 10)), "lon.txt"), "lớn hơn 2 MB", 422),
        ((io.BytesIO(b"A" * (10 * 1024 * 1024)), "lon.txt"), "lớn hơn 2 MB", 413),
        ((io.BytesIO(b"PK\x03\x04 broken"), "hong.docx"), "Tệp .docx bị hỏng", 422),
    ],
)
def test_a_bad_file_gets_a_message_next_to_the_field_and_saves_nothing(
    client, users, upload, message, status
):
    login(client, "thuky")
    response = client.post(
        "/conferences/from-text/", data={"upload": upload}, content_type="multipart/form-data"
    )
    assert response.status_code == status
    assert 'id="upload-error"' in text(response)
    assert message in text(response)
    assert count(Extraction) == 0 and count(Conference) == 0


def test_a_file_just_under_the_limit_is_read(client, users):
    login(client, "thuky")
    body = (REPORT + "\n") * (2 * 1024 * 1024 // len(REPORT.encode()) - 1)
    assert len(body.encode()) < 2 * 1024 * 1024
    response = client.post(
        "/conferences/from-text/",
        data={"upload": (io.BytesIO(body.encode()), "dai.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    assert count(Extraction) == 1


def test_nothing_pasted_is_refused(client, users):
    login(client, "thuky")
    response = client.post("/conferences/from-text/", data={"text": "   "})
    assert response.status_code == 422 and "Hãy dán nội dung" in text(response)


def test_a_bad_correction_is_shown_next_to_its_field_and_creates_nothing(client, users, units):
    login(client, "thuky")
    where = paste(client)
    form = review_form(text(client.get(where)))
    form["figures-0-value"] = ["mười hai"]
    form["title"] = [""]
    response = client.post(where, data=form)
    assert response.status_code == 422
    html = text(response)
    assert 'id="figures-0-value-error"' in html and 'id="title-error"' in html
    assert count(Conference) == 0 and count(Site) == 0 and count(Extraction) == 1


def test_a_document_longer_than_a_review_keeps_the_first_rows_and_says_what_was_left_out(
    client, users, units, hai_phong
):
    """700 figures do not fit one report (500): the review shows 500 and says 200 went, and
    confirming saves exactly the 500 shown (no error page, nothing dropped silently)."""
    login(client, "thuky")
    body = "Hội nghị giao ban quý III năm 2024 của Thành ủy Hải Phòng.\n\n" + "\n".join(
        f"Trong kỳ, các cấp ủy đã kết nạp {i + 10} đảng viên ở phường số {i}." for i in range(700)
    )
    where = paste(client, body)
    page = client.get(where)
    assert page.status_code == 200
    html = text(page)
    assert "Bỏ ra 200 số liệu" in html
    form = review_form(html)
    labels = [k for k in form if re.fullmatch(r"figures-\d+-label", k)]
    assert len(labels) == 500
    response = client.post(where, data=form)
    assert response.status_code == 303, text(response)[:2000]
    values = db.session.scalars(db.select(Figure.value).order_by(Figure.position)).all()
    assert values == list(range(10, 510))


def test_a_second_confirm_racing_the_first_creates_nothing_and_lands_on_the_first(
    client, users, units, hai_phong, monkeypatch
):
    """Two clicks on "confirm": both pass validation; the first commits its conference and
    ends the review while the second is still building. The second must not create a second
    conference, nor fail with an error page: it rolls back and lands on the first one's."""
    from minutes.extraction import services as extraction

    login(client, "thuky")
    where = paste(client)
    form = review_form(text(client.get(where)))
    made_by_the_first = Conference(title="Hội nghị của lần bấm thứ nhất", status="draft", kind="review")
    db.session.add(made_by_the_first)
    db.session.commit()
    first_id = made_by_the_first.id
    finish = extraction.finish

    def first_click_got_there_first(record, conference):
        # The one connection of the test stands for two: what this request built is not
        # committed (dropped here, as its own rollback would), and the first request's
        # commit lands before this one's claim.
        record_id = record.id
        db.session.rollback()
        db.session.execute(
            db.update(Extraction).where(Extraction.id == record_id).values(conference_id=first_id, source="")
        )
        db.session.commit()
        return finish(db.session.get(Extraction, record_id), made_by_the_first)

    monkeypatch.setattr(extraction, "finish", first_click_got_there_first)
    response = client.post(where, data=form)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/conferences/{first_id}")
    assert count(Conference) == 1 and count(Site) == 0 and count(Figure) == 0
