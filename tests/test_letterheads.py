"""Letterheads per issuing body (Quản trị › Tiêu đề văn bản) and a body's own .docx template."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from minutes.admin.letterhead_starter import starter
from minutes.documents import custom, samples, services
from minutes.extensions import db
from minutes.models import AuditEvent, Letterhead, Organisation
from minutes.rules import RuleError
from tests.factories import make_conference
from tests.support import count, login, make_user, plain, text, version_of

GOOD = {
    "family": "party",
    "superior": "Tỉnh ủy Tây Ninh",
    "body_line": "Ủy ban Kiểm tra",
    "code": "UBKTTU",
    "place": "Tây Ninh",
    "term_start": "2020-10-15",
    "signer_authority": "TM",
    "signer_for": "Ủy ban Kiểm tra",
    "signer_position": "Chủ nhiệm",
    "signer_name": "Nguyễn Văn Hùng",
    "recipients": "- Ủy ban Kiểm tra Trung ương,\nThường trực Tỉnh ủy\n\n",
    "archive": "Lưu Văn phòng UBKT",
}


def _docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


#: A template that fills both kinds: its own words, the body line, the tasks of a notice.
GOOD_TEMPLATE = _docx(
    "MẪU RIÊNG CỦA CƠ QUAN",
    "{{ heading.body }} — {{ heading.number }}",
    '{%p if kind == "notice" %}',
    "{%p for t in tasks %}",
    "Việc {{ t.number }}: {{ t.text }}",
    "{%p endfor %}",
    "{%p else %}",
    "Biên bản: {{ conference.title }}",
    "{%p endif %}",
)


@pytest.fixture
def admin(client, users):
    login(client, "admin")
    return users["admin"]


def _save(client, unit, **changes):
    page = client.get(f"/admin/letterheads/{unit.id}")
    assert page.status_code == 200
    return client.post(f"/admin/letterheads/{unit.id}", data={**GOOD, **changes, "version": version_of(page)})


def _stored(unit) -> Letterhead | None:
    db.session.expire_all()
    return db.session.scalar(db.select(Letterhead).where(Letterhead.organisation_id == unit.id))


def _upload(client, unit, data: bytes, name: str = "mau.docx"):
    page = client.get(f"/admin/letterheads/{unit.id}")
    return client.post(
        f"/admin/letterheads/{unit.id}/template",
        data={"template": (io.BytesIO(data), name), "version": version_of(page)},
        content_type="multipart/form-data",
    )


# --- the list ------------------------------------------------------------------------------------


def test_list_shows_organisers_and_whether_each_can_issue(client, admin, units):
    make_conference(units["other"])
    make_conference(units["districts"][0])
    _save(client, units["districts"][0])
    page = client.get("/admin/letterheads")
    assert page.status_code == 200
    shown = plain(page)
    assert "Tỉnh ủy Tây Ninh" in shown and "Chưa khai báo" in shown
    assert "Quận ủy Lê Chân" in shown and "Đủ để ban hành" in shown and "Số 01-TB/UBKTTU" in shown
    assert "Huyện ủy Vĩnh Bảo" not in shown  # organised nothing, no letterhead
    assert 'role="combobox"' in text(page) and "Quận ủy Ngô Quyền" not in text(
        page
    )  # searches, lists nothing
    assert 'href="/admin/letterheads"' in text(client.get("/admin/users"))  # in the admin tabs


def test_picker_opens_any_body_of_my_scope(client, admin, units):
    response = client.get("/admin/letterheads", query_string={"unit": units["districts"][2].id})
    assert response.status_code == 303
    assert response.location.endswith(f"/admin/letterheads/{units['districts'][2].id}")


# --- editing -------------------------------------------------------------------------------------


def test_admin_sets_a_letterhead_and_it_is_audited(client, admin, units):
    unit = units["districts"][0]
    page = client.get(f"/admin/letterheads/{unit.id}")
    assert "QUẬN ỦY LÊ CHÂN" in text(page)  # the default body line, from the name
    assert 'name="version" value="0"' in text(page)
    response = _save(client, unit)
    assert response.status_code == 303
    stored = _stored(unit)
    assert stored.body_line == "ỦY BAN KIỂM TRA" and stored.superior == "TỈNH ỦY TÂY NINH"
    assert stored.code == "UBKTTU" and stored.term_start.isoformat() == "2020-10-15"
    assert stored.recipients == "Ủy ban Kiểm tra Trung ương\nThường trực Tỉnh ủy"
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "letterhead.changed"))
    assert event.organisation_id == unit.id and "code" in event.details
    again = client.get(f"/admin/letterheads/{unit.id}")
    assert "Số 01-TB/UBKTTU" in text(again) and "T/M ỦY BAN KIỂM TRA" in text(again)


def test_state_body_numbers_with_a_colon(client, admin, units):
    unit = units["districts"][1]
    _save(client, unit, family="state", code="UBND", signer_authority="KT", signer_for="Chủ tịch")
    page = text(client.get(f"/admin/letterheads/{unit.id}"))
    assert "Số: 01/TB-UBND" in page and "KT. CHỦ TỊCH" in page


def test_an_external_body_gets_its_letterhead(client, admin, units):
    external = Organisation(
        name="UBKT Tỉnh ủy Khánh Hòa", level="other", external=True, steward=units["city"]
    )
    db.session.add(external)
    db.session.commit()
    make_conference(external)
    assert external.id in _list_ids(client)
    assert _save(client, external, code="UBKTTU").status_code == 303
    assert _stored(external).code == "UBKTTU"


def _list_ids(client) -> set[int]:
    import re

    return {
        int(i) for i in re.findall(r'href="/admin/letterheads/(\d+)"', text(client.get("/admin/letterheads")))
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("code", "UB KT", "không có dấu cách"),
        ("code", "TB/UBKT", "không có dấu cách"),
        ("body_line", "  ", "Hãy nhập tên cơ quan ban hành"),
        ("term_start", "15/10/2020x", ""),
        ("term_start", "2200-01-01", "01/01/1945"),
        ("family", "monarchy", ""),
        ("signer_authority", "XX", ""),
    ],
)
def test_bad_input_is_refused_next_to_its_field(client, admin, units, field, value, message):
    unit = units["districts"][0]
    _save(client, unit, code="TU")
    before = _stored(unit).version
    response = _save(client, unit, **{field: value})
    assert response.status_code == 422
    page = text(response)
    assert f'id="{field}-error"' in page
    assert message in plain(response)
    stored = _stored(unit)
    assert stored.version == before and stored.code == "TU"


def test_a_term_start_in_the_future_is_fine(client, admin, units):
    assert _save(client, units["districts"][0], term_start="2030-10-01").status_code == 303


def test_a_stale_page_is_refused_with_409(client, admin, units):
    unit = units["districts"][0]
    _save(client, unit)
    page = client.get(f"/admin/letterheads/{unit.id}")
    old = version_of(page)
    _save(client, unit, code="TU")  # someone else saves in between
    response = client.post(f"/admin/letterheads/{unit.id}", data={**GOOD, "code": "XYZ", "version": old})
    assert response.status_code == 409
    assert "vừa được" in plain(response) and "XYZ" in text(response)  # what I typed stays
    assert _stored(unit).code == "TU"
    missing = client.post(f"/admin/letterheads/{unit.id}", data={**GOOD, "code": "XYZ"})
    assert missing.status_code == 400 and _stored(unit).code == "TU"


def test_two_first_saves_do_not_both_win(client, admin, units):
    unit = units["districts"][0]
    client.post(f"/admin/letterheads/{unit.id}", data={**GOOD, "version": "0"})
    response = client.post(f"/admin/letterheads/{unit.id}", data={**GOOD, "code": "TU", "version": "0"})
    assert response.status_code == 409 and _stored(unit).code == "UBKTTU"


def test_non_admins_get_403(client, users, units):
    for username in ("thuky", "canbo", "lanhdao"):
        login(client, username)
        assert client.get(f"/admin/letterheads/{units['city'].id}").status_code == 403
        assert (
            client.post(f"/admin/letterheads/{units['city'].id}", data={**GOOD, "version": "0"}).status_code
            == 403
        )
        assert client.get("/admin/letterheads").status_code == 403
    assert count(Letterhead) == 0


def test_an_admin_of_one_province_cannot_edit_another(client, units):
    top = Organisation(name="Trung ương", level="central")
    db.session.add(top)
    db.session.flush()
    units["city"].parent = top
    units["other"].parent = top
    db.session.commit()
    make_user("adminhp", "admin", units["city"])
    make_conference(units["other"])
    make_conference(units["city"])
    login(client, "adminhp")
    assert client.get(f"/admin/letterheads/{units['other'].id}").status_code == 403
    response = client.post(f"/admin/letterheads/{units['other'].id}", data={**GOOD, "version": "0"})
    assert response.status_code == 403 and count(Letterhead) == 0
    assert units["other"].id not in _list_ids(client) and units["city"].id in _list_ids(client)
    assert client.get("/admin/letterheads", query_string={"unit": units["other"].id}).status_code == 422
    assert _save(client, units["city"]).status_code == 303


# --- templates -------------------------------------------------------------------------------------


def test_a_good_template_is_kept_and_used_for_drafts(client, admin, units):
    unit = units["districts"][0]
    conference = make_conference(unit, conclusion="Kết luận.")
    from tests.factories import make_directive

    make_directive(conference, text="Rà soát toàn bộ hồ sơ kiểm tra.")
    response = _upload(client, unit, GOOD_TEMPLATE, "Mẫu TB.docx")
    assert response.status_code == 303
    stored = _stored(unit)
    assert stored.template == GOOD_TEMPLATE and stored.template_name == "Mẫu TB.docx"
    drafted = services.draft(db.session.get(type(conference), conference.id), "notice")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(drafted.content)).paragraphs]
    assert "MẪU RIÊNG CỦA CƠ QUAN" in paragraphs
    assert "Việc 1: Rà soát toàn bộ hồ sơ kiểm tra." in paragraphs
    assert any(p.startswith("QUẬN ỦY LÊ CHÂN — Số") for p in paragraphs)
    download = client.get(f"/admin/letterheads/{unit.id}/template.docx")
    assert download.status_code == 200 and download.data == GOOD_TEMPLATE
    # back to the built-in layout
    page = client.get(f"/admin/letterheads/{unit.id}")
    removed = client.post(f"/admin/letterheads/{unit.id}/template/remove", data={"version": version_of(page)})
    assert removed.status_code == 303 and _stored(unit).template is None
    assert client.get(f"/admin/letterheads/{unit.id}/template.docx").status_code == 404


def _zip_of(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (_docx("{{ xyz }}"), "mau.docx", "Biến «xyz» không có; các biến dùng được: heading"),
        (_docx("{{ heading.numbr }}"), "mau.docx", "Biến «heading.numbr» không có"),
        (_docx("{{ heading.__class__.__mro__ }}"), "mau.docx", "không được phép"),
        (_docx("{{ ''.__class__ }}"), "mau.docx", "không được phép"),
        (_docx("{{ heading.body "), "mau.docx", "sai cú pháp"),
        (_docx("{% for t in tasks %}{{ t.text }}{% endfor %}"), "mau.docx", "{%p if kind"),
        (b"%PDF-1.4 not a docx", "mau.docx", "không phải văn bản Word .docx"),
        (_zip_of({"word/document.xml": b"garbage"}), "mau.docx", "không phải văn bản Word .docx"),
        (_zip_of({"a.txt": b"hello"}), "mau.docx", "không phải văn bản Word .docx"),
        (GOOD_TEMPLATE, "mau.doc", "Chỉ nhận tệp Word .docx"),
    ],
    ids=[
        "undefined",
        "undefined-field",
        "mro",
        "str-class",
        "syntax",
        "one-kind",
        "pdf",
        "fake-docx",
        "zip",
        "name",
    ],
)
def test_a_bad_template_is_refused_with_a_message(client, admin, units, data, name, message):
    unit = units["districts"][0]
    response = _upload(client, unit, data, name)
    assert response.status_code == 422
    assert 'id="template-error"' in text(response)
    assert message in plain(response).replace("&#34;", '"').replace("&#39;", "'")
    assert count(Letterhead) == 0  # nothing stored, not even a letterhead row
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "letterhead.changed")) is None


def test_a_too_large_upload_is_a_message_not_an_error_page(client, admin, units, app):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = _upload(client, units["districts"][0], b"x" * 4096)
    assert response.status_code == 413 and "lớn hơn 2 MB" in plain(response)


def test_the_starter_template_fills_both_kinds(client, admin):
    response = client.get("/admin/letterheads/starter.docx")
    assert response.status_code == 200
    custom.check(response.data)  # raises if a documented variable went missing
    filled = custom.render(starter(), samples.sample_notice())
    assert "Số 24-TB/UBKTTU" in [p.text for p in docx.Document(io.BytesIO(filled)).paragraphs]


def test_render_turns_every_failure_into_a_rule_error():
    with pytest.raises(RuleError) as caught:
        custom.render(_docx("{{ tasks.__len__() }}"), samples.sample_notice())
    assert caught.value.field == "template"
    with pytest.raises(RuleError):
        custom.render(b"not a zip", samples.sample_minutes())


@pytest.mark.parametrize(
    "source",
    [
        "{% for i in range(100000) %}x{% endfor %}",
        "{{ 'x' * 10000000 }}",
        "{{ '%099999999d' % 1 }}",
        "{{ tasks.append(1) }}",
    ],
)
def test_the_sandbox_bounds_what_a_template_can_make(source):
    with pytest.raises(RuleError):
        custom.check(_docx(source))
