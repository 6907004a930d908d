"""The documents that leave the office, read back as a user's Word would read them.

For each of the demo's five conferences (three published and issued, two drafts) the
Thông báo kết luận and the biên bản are downloaded through their links and read with
python-docx: header, number, italic place and date with the zero-padding rule, document
type, directives with their units and deadlines, signature and Nơi nhận.
"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from docx import Document

from minutes.demo import load_demo
from minutes.extensions import db
from minutes.models import Conference, IssuedDocument, Letterhead, Organisation
from tests.support import login

PARTY_NUMBER = re.compile(r"^Số \d{2,}-(TB|BB)/[A-ZĐ]+$")
STATE_NUMBER = re.compile(r"^Số: \d{2,}/(TB|BB)-[A-Za-zĐ]+$")
DATE_LINE = re.compile(r"^(?P<place>[^,]+), ngày (?P<d>\d{2}) tháng (?P<m>\d{1,2}) năm (?P<y>\d{4})$")
PUBLISHED = ("giao-ban-quy-1-2021", "can-tho", "hai-phong")


@pytest.fixture
def demo(app):
    load_demo()
    return {c.external_uid: c for c in db.session.scalars(db.select(Conference))}


def _conference(demo, part: str) -> Conference:
    found = [c for uid, c in demo.items() if part in uid]
    assert len(found) == 1, (part, list(demo))
    return found[0]


def _lines(doc) -> list[tuple[str, object]]:
    """Every paragraph, in reading order, table cells included, with its paragraph object."""
    out = []

    def walk(tables):
        for table in tables:
            for row in table.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    out.extend((p.text.strip(), p) for p in cell.paragraphs)
                    walk(cell.tables)

    body = doc.element.body
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in body.iterchildren():
        if child.tag.endswith("}p"):
            p = Paragraph(child, doc)
            out.append((p.text.strip(), p))
        elif child.tag.endswith("}tbl"):
            walk([Table(child, doc)])
    return [(t, p) for t, p in out if t]


def _download(client, conference: Conference, kind: str, fmt: str = "docx"):
    page = client.get(f"/conferences/{conference.id}")
    link = f"/conferences/{conference.id}/documents/{kind}.{fmt}"
    assert link in page.get_data(as_text=True), "the conference page links the document"
    response = client.get(link)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response


def _check_header(lines, *, party: bool, kind: str, draft: bool, place: str | None, day: date | None):
    texts = [t for t, _ in lines]
    assert ("ĐẢNG CỘNG SẢN VIỆT NAM" in texts) == party
    number = next(t for t in texts if t.startswith("Số"))
    if draft:
        assert "DỰ THẢO" in texts
        assert not re.search(r"\d", number), number
    else:
        assert "DỰ THẢO" not in texts
        assert (PARTY_NUMBER if party else STATE_NUMBER).match(number), number
        assert number.split("-" if party else "/")[1].startswith("TB" if kind == "notice" else "BB")
    date_line, paragraph = next((t, p) for t, p in lines if DATE_LINE.match(t))
    assert all(r.italic for r in paragraph.runs if r.text.strip())
    m = DATE_LINE.match(date_line)
    assert m is not None
    if place:
        assert m["place"] == place
    if day:
        assert (int(m["d"]), int(m["m"]), int(m["y"])) == (day.day, day.month, day.year)
    month = m["m"]
    assert month.startswith("0") == (int(month) <= 2), "months 1–2 take a leading zero, 3–12 not"
    assert ("THÔNG BÁO" if kind == "notice" else "BIÊN BẢN") in texts
    return number


def test_the_five_demo_conferences_give_their_notice_and_minutes(client, demo):
    login(client, "thuky", "minutes-demo")
    for part in ("giao-ban-quy-1-2021", "thai-nguyen", "can-tho", "hau-giang", "hai-phong"):
        conference = _conference(demo, part)
        draft = part not in PUBLISHED
        assert conference.is_published == (not draft), part
        letterhead = db.session.scalar(
            db.select(Letterhead).where(Letterhead.organisation_id == conference.organiser_id)
        )
        issued = {
            d.kind: d
            for d in db.session.scalars(
                db.select(IssuedDocument).where(IssuedDocument.conference_id == conference.id)
            )
        }
        assert bool(issued) == (not draft), part
        for kind in ("notice", "minutes"):
            response = _download(client, conference, kind)
            if not draft:
                assert response.data == issued[kind].content, "an issued document is its stored bytes"
            lines = _lines(Document(io.BytesIO(response.data)))
            texts = [t for t, _ in lines]
            day = issued[kind].issued_on if not draft else None
            number = _check_header(
                lines,
                party=True,
                kind=kind,
                draft=draft,
                place=letterhead.place if letterhead else None,
                day=day,
            )
            if not draft:
                assert number == issued[kind].number_text
            if kind == "notice":
                _check_notice(conference, texts, letterhead)
            else:
                _check_minutes(conference, texts)


def _check_notice(conference, texts, letterhead):
    assert any("kết luận như sau:" in t for t in texts)
    for i, directive in enumerate(conference.directives, start=1):
        at = texts.index(f"{i}. {directive.text}")
        note = texts[at + 1]
        for addressee in directive.addressees:
            assert addressee.label in note, (addressee.label, note)
        if directive.due_date:
            d = directive.due_date
            month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
            assert f"trước ngày {d.day:02d}/{month}/{d.year}" in note
        else:
            assert "thường xuyên" in note
    assert any(t.endswith("biết, thực hiện.") for t in texts)
    at = texts.index("Nơi nhận:")
    recipients = [t for t in texts[at + 1 :] if t.startswith("- ")]
    assert recipients[-1].startswith("- Lưu") and recipients[-1].endswith(".")
    assert all(r.endswith(",") for r in recipients[:-1])
    labels = {a.label for d in conference.directives for a in d.addressees}
    for label in labels:
        assert f"- {label}," in recipients or f"- {label}." in recipients
    if letterhead:
        assert f"T/M {letterhead.signer_for}" in texts
        assert letterhead.signer_position in texts
        if letterhead.signer_name:
            assert letterhead.signer_name in texts


def _check_minutes(conference, texts):
    for heading in ("THÀNH PHẦN", "KẾT LUẬN CỦA CHỦ TRÌ"):
        assert any(heading in t for t in texts) or not conference.attendees
    assert "THƯ KÝ" in texts and "CHỦ TRÌ" in texts
    if conference.secretaries:
        secretary = conference.secretaries[0].name
        assert secretary in texts[texts.index("THƯ KÝ") :], "the minute-taker signs the minutes"
    for report in conference.reports:
        assert any(report.title in t for t in texts)
    for directive in conference.directives:
        assert any(directive.text in t for t in texts)


def _state_conference(secretariat_unit) -> Conference:
    inspectorate = Organisation(name="Thanh tra tỉnh Tây Ninh", level="other", parent=secretariat_unit)
    db.session.add(inspectorate)
    db.session.flush()
    db.session.add(
        Letterhead(
            organisation_id=inspectorate.id,
            family="state",
            superior="UBND TỈNH TÂY NINH",
            body_line="THANH TRA TỈNH",
            code="TTT",
            place="Tây Ninh",
            signer_authority="KT",
            signer_for="CHÁNH THANH TRA",
            signer_position="PHÓ CHÁNH THANH TRA",
            signer_name="Lê Văn Minh",
            recipients="Thanh tra Chính phủ\nUBND tỉnh",
            archive="Lưu: VT, NV",
        )
    )
    conference = Conference(
        title="Hội nghị sơ kết công tác thanh tra 6 tháng đầu năm 2024",
        kind="midyear",
        format="in_person",
        organiser=inspectorate,
        organiser_name=inspectorate.name,
        starts_on=date(2024, 7, 5),
        status="published",
        conclusion="Chánh Thanh tra ghi nhận kết quả và giao nhiệm vụ.",
    )
    db.session.add(conference)
    db.session.commit()
    return conference


def test_a_state_body_issues_in_the_decree_30_layout(client, users, units):
    conference = _state_conference(units["city"])
    login(client, "thuky")
    page = client.get(f"/conferences/{conference.id}/documents")
    assert page.status_code == 200
    response = client.post(
        f"/conferences/{conference.id}/documents/notice/issue",
        data={
            "notice-issued_on": "2024-07-08",
            "notice-signer_authority": "KT. CHÁNH THANH TRA",
            "notice-signer_position": "Phó Chánh Thanh tra",
            "notice-signer_name": "Lê Văn Minh",
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:800]
    data = client.get(f"/conferences/{conference.id}/documents/notice.docx").data
    lines = _lines(Document(io.BytesIO(data)))
    texts = [t for t, _ in lines]
    number = _check_header(
        lines, party=False, kind="notice", draft=False, place="Tây Ninh", day=date(2024, 7, 8)
    )
    assert number == "Số: 01/TB-TTT"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
    assert "Độc lập - Tự do - Hạnh phúc" in texts
    assert "KT. CHÁNH THANH TRA" in texts and "PHÓ CHÁNH THANH TRA" in texts
    recipients = [t for t in texts[texts.index("Nơi nhận:") + 1 :] if t.startswith("- ")]
    assert recipients[0] == "- Thanh tra Chính phủ;" and recipients[-1] == "- Lưu: VT, NV."


def test_issuing_numbers_in_order_keeps_the_bytes_and_never_reuses_a_number(client, users, units):
    conference = _state_conference(units["city"])
    login(client, "thuky")
    url = f"/conferences/{conference.id}/documents/minutes/issue"
    form = {"minutes-issued_on": "2024-07-05", "minutes-signer_name": "Lê Văn Minh"}
    assert client.post(url, data=form).status_code == 303
    first = client.get(f"/conferences/{conference.id}/documents/minutes.docx").data
    assert client.get(f"/conferences/{conference.id}/documents/minutes.docx").data == first
    # Reopen, change, publish again: a new issue takes a new number; the register keeps both.
    conference.status = "draft"
    conference.conclusion = "Kết luận đã sửa sau khi mở lại."
    db.session.commit()
    draft = client.get(f"/conferences/{conference.id}/documents/minutes.docx").data
    assert "DỰ THẢO" in [t for t, _ in _lines(Document(io.BytesIO(draft)))]
    conference.status = "published"
    db.session.commit()
    assert client.post(url, data=form).status_code == 303
    entries = list(db.session.scalars(db.select(IssuedDocument).order_by(IssuedDocument.id)))
    assert [e.number_text for e in entries] == ["Số: 01/BB-TTT", "Số: 02/BB-TTT"]
    latest = client.get(f"/conferences/{conference.id}/documents/minutes.docx").data
    assert latest == entries[1].content != first
    assert client.get(f"/documents/{entries[0].id}.docx").data == first
    # A typed number already in the register is refused next to the field; nothing is added.
    refused = client.post(url, data={**form, "minutes-number": "2"})
    assert refused.status_code == 422
    assert "đã có trong sổ văn bản" in refused.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(IssuedDocument)) == 2
    # A typed free number is taken as typed, and the next automatic one follows the highest.
    # Nothing changed since Số 02: a second number only when asked for in so many words.
    unchanged = client.post(url, data=form)
    assert unchanged.status_code == 422 and "nội dung chưa thay đổi" in unchanged.get_data(as_text=True)
    again = {**form, "minutes-again": "y"}
    assert client.post(url, data={**again, "minutes-number": "7"}).status_code == 303
    assert client.post(url, data=again).status_code == 303
    numbers = list(db.session.scalars(db.select(IssuedDocument.number).order_by(IssuedDocument.id)))
    assert numbers == [1, 2, 7, 8]


def test_a_deleted_conference_frees_no_number(app, users, units):
    from minutes.documents import services

    conference = _state_conference(units["city"])
    services.issue(conference, "notice", users["secretariat"], issued_on=date(2024, 7, 8))
    db.session.commit()
    conference.status = "draft"
    db.session.delete(conference)
    db.session.commit()
    second = _state_conference_again(units)
    document = services.issue(second, "notice", users["secretariat"], issued_on=date(2024, 7, 9))
    db.session.commit()
    assert document.number == 2
    assert db.session.scalar(db.select(db.func.count()).select_from(IssuedDocument)) == 2


def _state_conference_again(units) -> Conference:
    inspectorate = db.session.scalar(
        db.select(Organisation).where(Organisation.name == "Thanh tra tỉnh Tây Ninh")
    )
    conference = Conference(
        title="Hội nghị giao ban thanh tra quý III năm 2024",
        kind="review",
        organiser=inspectorate,
        organiser_name=inspectorate.name,
        status="published",
    )
    db.session.add(conference)
    db.session.commit()
    return conference


def test_a_number_taken_by_a_concurrent_issue_is_retried_with_the_next(app, users, units, monkeypatch):
    """The database settles a race: a number another issue took in the meantime fails the
    unique index, and the issue takes the next free one."""
    from minutes.documents import services

    conference = _state_conference(units["city"])
    services.issue(conference, "notice", users["secretariat"], issued_on=date(2024, 7, 8))
    db.session.commit()
    real = services._next_number
    stale = iter([1])  # what a concurrent reader computed before the first issue committed
    monkeypatch.setattr(services, "_next_number", lambda *a: next(stale, None) or real(*a))
    document = services.issue(
        conference, "notice", users["secretariat"], issued_on=date(2024, 7, 8), again=True
    )
    db.session.commit()
    assert document.number == 2


def test_drafts_cannot_be_issued_and_others_cannot_issue(client, users, units):
    conference = _state_conference(units["city"])
    conference.status = "draft"
    db.session.commit()
    login(client, "thuky")
    url = f"/conferences/{conference.id}/documents/notice/issue"
    form = {"notice-issued_on": "2024-07-08", "notice-signer_name": "Lê Văn Minh"}
    refused = client.post(url, data=form)
    assert refused.status_code == 422 and "đã công bố" in refused.get_data(as_text=True)
    conference.status = "published"
    db.session.commit()
    login(client, "canbo")
    assert client.post(url, data=form).status_code == 403
    login(client, "thuky")
    bad = client.post(url, data={"notice-issued_on": "07/08/2024x", "notice-signer_name": ""})
    assert bad.status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(IssuedDocument)) == 0


def test_a_body_without_a_complete_letterhead_is_told_what_is_missing(client, users, units):
    conference = Conference(
        title="Hội nghị giao ban",
        kind="review",
        organiser=units["city"],
        organiser_name="Thành ủy Hải Phòng",
        status="published",
    )
    db.session.add(conference)
    db.session.commit()
    login(client, "thuky")
    refused = client.post(
        f"/conferences/{conference.id}/documents/notice/issue",
        data={"notice-issued_on": "2024-07-08", "notice-signer_name": "Nguyễn Văn A"},
    )
    assert refused.status_code == 422
    assert "chưa có tiêu đề văn bản" in refused.get_data(as_text=True)
    draft = client.get(f"/conferences/{conference.id}/documents/notice.docx")
    assert draft.status_code == 200
    assert "THÀNH ỦY HẢI PHÒNG" in [t for t, _ in _lines(Document(io.BytesIO(draft.data)))]
    # An admin of the body is led straight to its letterhead.
    login(client, "admin")
    page = client.get(f"/conferences/{conference.id}/documents").get_data(as_text=True)
    assert f'href="/admin/letterheads/{units["city"].id}"' in page


def test_a_template_that_cannot_be_filled_gives_a_message_not_a_broken_file(client, users, units):
    from tests.test_letterheads import _docx

    conference = _state_conference(units["city"])
    letterhead = db.session.scalar(
        db.select(Letterhead).where(Letterhead.organisation_id == conference.organiser_id)
    )
    # Stored before the upload check existed, say: it asks for a task this conference lacks.
    letterhead.template = _docx("{{ heading.number }}", "{{ tasks[3].text }}")
    conference.status = "draft"
    db.session.commit()
    login(client, "thuky")
    response = client.get(f"/conferences/{conference.id}/documents/notice.docx")
    assert response.status_code == 422
    assert "không điền được" in response.get_data(as_text=True)


def test_characters_xml_cannot_hold_never_reach_a_document_or_a_sheet(client, users, units):
    conference = _state_conference(units["city"])
    conference.title = "Hội nghị \uffff giao ban \ufffe"
    conference.conclusion = "Kết luận \uffff."
    db.session.commit()
    assert "\uffff" not in conference.title and "\ufffe" not in conference.title
    login(client, "thuky")
    assert client.get(f"/conferences/{conference.id}/documents/notice.docx").status_code == 200
    assert client.get(f"/conferences/{conference.id}/documents/minutes.docx").status_code == 200
    assert client.get("/conferences/export.xlsx").status_code == 200


def test_issuing_guards_against_double_posts_odd_dates_and_the_wrong_family(client, users, units):
    conference = _state_conference(units["city"])
    login(client, "thuky")
    url = f"/conferences/{conference.id}/documents/notice/issue"
    page = client.get(f"/conferences/{conference.id}/documents").get_data(as_text=True)
    assert 'name="notice-seen" type="hidden" value="0"' in page
    form = {"notice-issued_on": "2024-07-08", "notice-signer_name": "Lê Văn Minh", "notice-seen": "0"}
    # A State body writes "KT." whatever the secretary typed.
    first = client.post(url, data={**form, "notice-signer_authority": "k/t chánh thanh tra"})
    assert first.status_code == 303
    texts = [
        t
        for t, _ in _lines(Document(io.BytesIO(db.session.scalars(db.select(IssuedDocument)).one().content)))
    ]
    assert "KT. CHÁNH THANH TRA" in texts
    # The same page posted again (a double click): someone issued in between, so nothing more.
    stale = client.post(url, data={**form, "notice-again": "y"})
    assert stale.status_code == 409 and "đã được ban hành" in stale.get_data(as_text=True)
    for day, why in (("2024-07-01", "trước ngày hội nghị"), ("2099-01-01", "sau hôm nay")):
        refused = client.post(url, data={**form, "notice-seen": "", "notice-issued_on": day})
        assert refused.status_code == 422 and why in refused.get_data(as_text=True), day
    typo = client.post(url, data={**form, "notice-seen": "", "notice-number": "1_2"})
    assert typo.status_code == 422 and "Hãy nhập một số nguyên." in typo.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(IssuedDocument)) == 1
