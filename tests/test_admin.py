"""Administration: accounts, the organisation tree and bulk import, for administrators only."""

from __future__ import annotations

import io
import re
import unicodedata

import openpyxl
import pytest

from minutes.clock import today
from minutes.conferences import services as conference_services
from minutes.extensions import db
from minutes.models import Conference, Organisation, User
from tests.support import PASSWORD, count, login, make_user, picked_ids, text

NEW_PASSWORD = "mot hai ba bon nam"


def user_named(username: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(db.select(User).where(User.username == username))


def unit_keyed(key: str) -> Organisation | None:
    db.session.expire_all()
    return db.session.scalar(db.select(Organisation).where(Organisation.external_key == key))


def signs_in(app, username: str, password: str) -> bool:
    """Whether a fresh browser can sign in with these credentials."""
    other = app.test_client()
    response = login(other, username, password)
    return response.status_code == 302 and other.get("/conferences/").status_code == 200


def upload(client, kind: str, content: bytes, filename: str = "data.csv"):
    return client.post(
        "/admin/import",
        data={"kind": kind, "file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def error_lines(response) -> list[int]:
    """The line numbers listed in the import error table."""
    table = re.search(r'id="import-errors".*?</table>', text(response), re.S)
    assert table, "no error table on the page"
    return [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', table.group(0))]


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def admin(client, users):
    login(client, "admin")
    return users["admin"]


# --- access --------------------------------------------------------------------------------------


def _admin_urls(app, user_id: int, unit_id: int):
    """Every admin rule with its methods, ids filled in."""
    values = {"user_id": user_id, "unit_id": unit_id, "kind": "units"}
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if rule.endpoint.startswith("admin."):
                url = url_for(rule.endpoint, **{k: values[k] for k in rule.arguments})
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                    yield method, url


@pytest.mark.parametrize("role", ["secretariat", "officer", "viewer"])
def test_other_roles_get_403_on_every_admin_url(app, client, users, units, role):
    login(client, users[role].username)
    urls = list(_admin_urls(app, users["officer"].id, units["districts"][0].id))
    assert len(urls) >= 15
    before = (count(User), count(Organisation))
    for method, url in urls:
        response = client.open(
            url,
            method=method,
            data={
                "username": "intruder",
                "full_name": "X",
                "role": "admin",
                "password": "x" * 12,
                "organisation_id": units["city"].id,
                "name": "Hacked",
                "level": "other",
                "pw-password": "x" * 12,
                "target_id": units["other"].id,
            },
        )
        assert response.status_code == 403, (method, url)
    assert (count(User), count(Organisation)) == before
    assert users["officer"].active and units["districts"][0].name == "Quận ủy Lê Chân"


def test_signed_out_visitors_are_sent_to_sign_in(app, client, users, units):
    for method, url in _admin_urls(app, users["officer"].id, units["city"].id):
        response = client.open(url, method=method)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_only_administrators_see_the_admin_link(client, users):
    login(client, "thuky")
    assert "/admin/users" not in text(client.get("/conferences/"))
    login(client, "admin")
    assert "/admin/users" in text(client.get("/conferences/"))


def test_there_is_no_way_to_delete_a_unit(app):
    endpoints = [r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("admin.")]
    assert not [e for e in endpoints if "delete" in e]
    for rule in app.url_map.iter_rules():
        assert "DELETE" not in rule.methods


# --- users -------------------------------------------------------------------------------------


def test_admin_creates_a_user_who_can_then_sign_in(app, client, admin, units):
    app.config.pop("PASSWORD_HASH_METHOD")  # the production hash, not the suite's cheap one
    response = client.post(
        "/admin/users/new",
        data={
            "username": "NguyenVanA",
            "full_name": "Nguye\u0302\u0303n Va\u0306n A",
            "email": "a@example.vn",
            "role": "officer",
            "organisation_id": units["districts"][1].id,
            "password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 303
    user = user_named("nguyenvana")
    assert user is not None and user.role == "officer" and user.active
    assert user.full_name == unicodedata.normalize("NFC", "Nguyễn Văn A")
    assert user.organisation_id == units["districts"][1].id
    assert user.password_hash.startswith("scrypt:")
    assert signs_in(app, "nguyenvana", NEW_PASSWORD)
    page = client.get(response.headers["Location"])
    assert "Đã tạo tài khoản nguyenvana" in text(page)


def test_duplicate_username_is_refused_ignoring_case_and_nothing_is_saved(client, admin, units):
    make_user("TranThiB", "viewer", units["city"])  # stored with capitals (as the CLI may)
    before = count(User)
    for username in ("tranthib", "TRANTHIB", "ThuKy"):
        response = client.post(
            "/admin/users/new",
            data={
                "username": username,
                "full_name": "Someone",
                "role": "viewer",
                "organisation_id": units["city"].id,
                "password": NEW_PASSWORD,
            },
        )
        assert response.status_code == 422, username
        assert 'id="username-error"' in text(response)
        assert "đã có người dùng" in text(response)
    assert count(User) == before


def test_short_password_and_bad_fields_are_refused_next_to_the_fields(client, admin, units):
    before = count(User)
    response = client.post(
        "/admin/users/new",
        data={
            "username": "ab cd",
            "full_name": "",
            "email": "not-an-address",
            "role": "officer",
            "organisation_id": units["city"].id,
            "password": "123456789",
        },
    )
    assert response.status_code == 422
    page = text(response)
    for field in ("username", "full_name", "email", "password"):
        assert f'id="{field}-error"' in page, field
    assert "Mật khẩu cần từ 10" in page
    assert count(User) == before


def test_password_equal_to_username_is_refused(client, admin, units):
    response = client.post(
        "/admin/users/new",
        data={
            "username": "longusername",
            "full_name": "X",
            "role": "officer",
            "organisation_id": units["city"].id,
            "password": "LongUsername",
        },
    )
    assert response.status_code == 422 and 'id="password-error"' in text(response)
    assert user_named("longusername") is None


def test_edit_changes_role_unit_and_details(client, admin, users, units):
    officer = users["officer"]
    response = client.post(
        f"/admin/users/{officer.id}",
        data={
            "full_name": "Cán bộ mới",
            "email": "canbo@example.vn",
            "role": "secretariat",
            "organisation_id": units["other"].id,
        },
    )
    assert response.status_code == 303
    officer = user_named("canbo")
    assert (officer.full_name, officer.email, officer.role, officer.organisation_id) == (
        "Cán bộ mới",
        "canbo@example.vn",
        "secretariat",
        units["other"].id,
    )


def test_an_admin_cannot_change_their_own_role(client, admin, units):
    response = client.post(
        f"/admin/users/{admin.id}",
        data={"full_name": "Admin", "role": "viewer", "organisation_id": units["city"].id},
    )
    assert response.status_code == 422 and 'id="role-error"' in text(response)
    assert user_named("admin").role == "admin"


def test_a_deactivated_user_cannot_sign_in_and_loses_open_sessions(app, client, admin, users):
    officer_browser = app.test_client()
    login(officer_browser, "canbo")
    assert officer_browser.get("/conferences/").status_code == 200
    response = client.post(f"/admin/users/{users['officer'].id}/deactivate")
    assert response.status_code == 303
    assert user_named("canbo").active is False
    assert "Đã khóa tài khoản canbo" in text(client.get(response.headers["Location"]))
    assert officer_browser.get("/conferences/").status_code == 302  # the old session is void
    assert not signs_in(app, "canbo", PASSWORD)
    client.post(f"/admin/users/{users['officer'].id}/reactivate")
    assert signs_in(app, "canbo", PASSWORD)


def test_an_admin_cannot_deactivate_themselves(client, admin):
    response = client.post(f"/admin/users/{admin.id}/deactivate", follow_redirects=True)
    assert "không thể tự khóa" in text(response)
    assert user_named("admin").active is True
    assert client.get("/admin/users").status_code == 200


def test_reset_password(app, client, admin, users):
    officer_browser = app.test_client()
    login(officer_browser, "canbo")
    short = client.post(f"/admin/users/{users['officer'].id}/password", data={"pw-password": "short"})
    assert short.status_code == 422 and 'id="pw-password-error"' in text(short)
    assert signs_in(app, "canbo", PASSWORD)
    response = client.post(f"/admin/users/{users['officer'].id}/password", data={"pw-password": NEW_PASSWORD})
    assert response.status_code == 303
    assert officer_browser.get("/conferences/").status_code == 302
    assert not signs_in(app, "canbo", PASSWORD)
    assert signs_in(app, "canbo", NEW_PASSWORD)


def test_user_list_searches_without_diacritics_and_filters(client, admin, units):
    person = make_user("nguyenthu", "officer", units["districts"][2])
    person.full_name = "Nguyễn Thị Thu Đào"
    db.session.commit()
    page = text(client.get("/admin/users?q=thu+dao"))
    assert "nguyenthu" in page and "canbo" not in page
    page = text(client.get("/admin/users?role=viewer"))
    assert "lanhdao" in page and "canbo" not in page
    page = text(client.get(f"/admin/users?unit={units['city'].id}&role=officer"))
    assert "canbo" in page and "nguyenthu" in page  # units below the city count too
    page = text(client.get(f"/admin/users?unit={units['other'].id}"))
    assert "Không có tài khoản nào" in page


def test_user_list_query_count_does_not_grow_with_users(client, admin, units, count_queries):
    def add_users(n, start):
        for i in range(start, start + n):
            db.session.add(
                User(
                    username=f"nguoi{i:03d}",
                    full_name=f"Người {i}",
                    role="officer",
                    organisation=units["districts"][i % 3],
                    password_hash="x",
                )
            )
        db.session.commit()

    def queries():
        counts = []
        for url in (
            "/admin/users",
            "/admin/users?q=nguoi",
            f"/admin/users?q=nguoi&unit={units['city'].id}",
            "/admin/users?page=2&role=officer",
        ):
            with count_queries() as statements:
                assert client.get(url).status_code == 200
            counts.append(len(statements))
        return counts

    add_users(30, 0)  # more than a page
    few = queries()
    add_users(120, 30)
    assert queries() == few
    assert max(few) <= 6


# --- units -------------------------------------------------------------------------------------


def test_tree_lists_active_and_inactive_units(client, admin, units):
    units["other"].active = False
    units["other"].deactivated_on = today()
    db.session.commit()
    page = text(client.get("/admin/units"))
    assert "Thành ủy Hải Phòng" in page and "Quận ủy Lê Chân" in page and "Tỉnh ủy Tây Ninh" in page
    assert "Ngừng từ" in page


def test_add_a_unit_under_a_parent(client, admin, units):
    response = client.post(
        "/admin/units/new",
        data={
            "name": "Đảng ủy phường  An Biên",
            "short_name": "ĐUP An Biên",
            "external_key": "HP-AB",
            "level": "grassroots",
            "parent_id": units["districts"][0].id,
        },
    )
    assert response.status_code == 303
    unit = unit_keyed("HP-AB")
    assert unit.name == "Đảng ủy phường An Biên" and unit.parent_id == units["districts"][0].id
    duplicate = client.post(
        "/admin/units/new", data={"name": "Khác", "external_key": "hp-ab", "level": "other", "parent_id": ""}
    )
    assert duplicate.status_code == 422 and 'id="external_key-error"' in text(duplicate)


def test_rename_keeps_the_name_stored_on_an_old_conference(client, admin, units):
    conference = Conference(title="Giao ban quý I", kind="review", status="published")
    conference_services.set_organiser(conference, units["city"])
    db.session.add(conference)
    db.session.commit()
    response = client.post(
        f"/admin/units/{units['city'].id}/edit",
        data={"name": "Thành ủy thành phố Hải Phòng", "level": "province"},
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert units["city"].name == "Thành ủy thành phố Hải Phòng"
    assert units["city"].name_folded == "thanh uy thanh pho hai phong"
    assert db.session.get(Conference, conference.id).organiser_name == "Thành ủy Hải Phòng"
    assert "vẫn giữ tên cũ" in text(client.get(response.headers["Location"]))


def test_move_under_itself_or_a_descendant_is_refused(client, admin, units):
    city, lechan = units["city"], units["districts"][0]
    ward = Organisation(name="Phường An Biên", level="grassroots", parent=lechan)
    db.session.add(ward)
    db.session.commit()
    for target in (city, lechan, ward):
        response = client.post(f"/admin/units/{city.id}/move", data={"parent_id": target.id})
        assert response.status_code == 422, target.name
        assert "chính nó hoặc một đơn vị cấp dưới" in text(response)
    db.session.expire_all()
    assert city.parent_id is None
    response = client.post(f"/admin/units/{lechan.id}/move", data={"parent_id": units["other"].id})
    assert response.status_code == 303
    db.session.expire_all()
    assert lechan.parent_id == units["other"].id and ward.parent_id == lechan.id
    response = client.post(f"/admin/units/{lechan.id}/move", data={"parent_id": ""})
    assert response.status_code == 303
    db.session.expire_all()
    assert lechan.parent_id is None


def test_deactivate_with_active_children_is_refused(client, admin, units):
    city = units["city"]
    response = client.post(f"/admin/units/{city.id}/deactivate")
    assert response.status_code == 422 and "còn 3 đơn vị trực thuộc" in text(response)
    db.session.expire_all()
    assert city.active and city.deactivated_on is None
    for district in units["districts"]:
        assert client.post(f"/admin/units/{district.id}/deactivate").status_code == 303
    response = client.post(f"/admin/units/{city.id}/deactivate")
    assert response.status_code == 303
    db.session.expire_all()
    assert city.active is False and city.deactivated_on == today()
    assert db.session.get(Organisation, city.id) is not None  # never deleted


def test_merge_sets_merged_into_and_deactivates(client, admin, users, units):
    lechan, ngoquyen = units["districts"][0], units["districts"][1]
    ward = Organisation(name="Phường Trại Cau", level="grassroots", parent=lechan)
    db.session.add(ward)
    db.session.commit()
    refused = client.post(f"/admin/units/{lechan.id}/merge", data={"target_id": ngoquyen.id})
    assert refused.status_code == 422
    into_child = client.post(
        f"/admin/units/{lechan.id}/merge", data={"target_id": ward.id, "move_children": "y"}
    )
    assert into_child.status_code == 422
    response = client.post(
        f"/admin/units/{lechan.id}/merge",
        data={"target_id": ngoquyen.id, "move_children": "y", "move_users": "y"},
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert lechan.active is False and lechan.deactivated_on == today()
    assert lechan.merged_into_id == ngoquyen.id
    assert ward.parent_id == ngoquyen.id
    assert users["officer"].organisation_id == ngoquyen.id
    assert "hợp nhất vào Quận ủy Ngô Quyền" in text(client.get("/admin/units"))


# --- import: units ----------------------------------------------------------------------------


def test_csv_import_of_units_with_semicolons_bom_and_nfd_names(client, admin, units):
    units["city"].external_key = "TU-HP"
    db.session.commit()
    rows = [
        "ma;ten;cap;ma_cap_tren",
        "TU-HG;Tỉnh ủy Hậu Giang;Tỉnh, thành phố;",
        "DU-VT;Đảng ủy phường Vị Tân;co so;TU-HG",
        "CB-1;Chi bộ khu vực 1;cell;DU-VT",
        "QU-HA;Quận ủy Hải An;district;TU-HP",
    ]
    content = "\ufeff" + unicodedata.normalize("NFD", "\r\n".join(rows) + "\r\n")
    before = count(Organisation)
    response = upload(client, "units", content.encode("utf-8"), "don_vi.csv")
    assert response.status_code == 200, text(response)
    assert "Đã nhập 4 đơn vị" in text(response)
    assert count(Organisation) == before + 4
    province, ward, cell, district = (unit_keyed(k) for k in ("TU-HG", "DU-VT", "CB-1", "QU-HA"))
    assert province.name == unicodedata.normalize("NFC", "Tỉnh ủy Hậu Giang") == "Tỉnh ủy Hậu Giang"
    assert province.name_folded == "tinh uy hau giang"
    assert (province.level, ward.level, cell.level, district.level) == (
        "province",
        "grassroots",
        "cell",
        "district",
    )
    assert province.parent_id is None and ward.parent_id == province.id and cell.parent_id == ward.id
    assert district.parent_id == units["city"].id


def test_import_with_bad_rows_saves_nothing_and_lists_every_bad_line(client, admin, units):
    content = "\n".join(
        [
            "ma,ten,cap,ma_cap_tren",
            "A,Đơn vị A,province,",
            "B,Đơn vị B,thôn,A",  # line 3: unknown level
            "C,Đơn vị C,district,A",
            "D,Đơn vị D,district,KHONG-CO",  # line 5: unknown parent
            "",
            "C,,district,A",  # line 7: duplicate key, missing name
            "E,Đơn vị E,district,F",  # line 8: parent defined further down
            "F,Đơn vị F,province,",
        ]
    ).encode("utf-8")
    before = count(Organisation)
    response = upload(client, "units", content)
    assert response.status_code == 422
    assert error_lines(response) == [3, 5, 7, 8]
    page = text(response)
    assert "cấp “thôn” không hợp lệ" in page
    assert "không tìm thấy đơn vị cấp trên có mã “KHONG-CO”" in page
    assert "trùng với dòng 4" in page and "thiếu tên đơn vị" in page
    assert "ở dòng 9, phía sau dòng này" in page
    assert count(Organisation) == before


def test_import_refuses_keys_already_in_the_database(client, admin, units):
    units["other"].external_key = "TN"
    db.session.commit()
    response = upload(client, "units", b"ma,ten,cap\ntn,Trung,province\n")
    assert response.status_code == 422 and error_lines(response) == [2]
    assert "đã có trong hệ thống" in text(response)


def test_xlsx_import_of_units(client, admin, units):
    content = xlsx(
        [
            ["Mã", "Tên", "Cấp", "Mã cấp trên", "Ghi chú"],
            ["TU-CT", "Thành ủy Cần Thơ", "province", None, "mới"],
            [101, "Quận ủy Ninh Kiều", "Huyện, quận, thị xã", "TU-CT", None],
            [None, None, None, None, None],
            ["102", "Quận ủy Cái Răng", "district", "TU-CT"],
        ]
    )
    response = upload(client, "units", content, "don_vi.csv")  # the name does not matter
    assert response.status_code == 200, text(response)
    assert "Đã nhập 3 đơn vị" in text(response)
    assert "ghi_chu" in text(response)  # ignored column named on the result page
    city = unit_keyed("TU-CT")
    assert unit_keyed("101").parent_id == city.id and unit_keyed("102").parent_id == city.id
    assert unit_keyed("101").level == "district"


def test_xlsx_errors_are_reported_by_sheet_row(client, admin, units):
    content = xlsx([["ma", "ten", "cap"], ["X", "Một", "province"], ["Y", "Hai", "nowhere"]])
    response = upload(client, "units", content, "units.xlsx")
    assert response.status_code == 422 and error_lines(response) == [3]
    assert unit_keyed("X") is None


def test_a_pdf_renamed_to_csv_is_rejected_by_content(client, admin):
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%\xe2\xe3\xcf\xd3\ntrailer\n%%EOF\n"
    response = upload(client, "units", pdf, "don_vi.csv")
    assert response.status_code == 422
    assert "Tệp là PDF, không phải CSV hay Excel" in text(response)


def test_a_non_utf8_csv_is_rejected_with_a_clear_message(client, admin):
    content = unicodedata.normalize("NFD", "ma,ten,cap\nA,Tỉnh ủy,province\n").encode("cp1258")
    response = upload(client, "units", content)
    assert response.status_code == 422
    assert "không phải mã UTF-8 (lỗi ở dòng 2)" in text(response)


def test_a_zip_that_is_not_a_workbook_is_rejected(client, admin):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    response = upload(client, "units", buffer.getvalue(), "units.xlsx")
    assert response.status_code == 422 and "không phải bảng tính Excel" in text(response)


def test_missing_columns_are_named(client, admin):
    response = upload(client, "units", b"ma;ten\nA;B\n")
    assert response.status_code == 422 and "Thiếu cột cap" in text(response)


def test_a_file_over_the_request_limit_is_rejected(client, admin):
    content = b"ma,ten,cap\n" + b"x" * (2 * 1024 * 1024)
    response = upload(client, "units", content)
    assert response.status_code == 413
    assert "Tệp quá lớn: tối đa 2 MB" in text(response)


def test_a_file_over_the_import_limit_is_rejected_even_when_requests_may_be_larger(app, client, admin):
    app.config["MAX_CONTENT_LENGTH"] = 8 * 1024 * 1024
    before = count(Organisation)
    content = b"ma,ten,cap\n" + b"A,B,province\n" * 170_000  # about 2,2 MB
    response = upload(client, "units", content)
    assert response.status_code == 422
    assert "Tệp quá lớn: tối đa 2 MB" in text(response)
    assert count(Organisation) == before


def test_too_many_rows_are_rejected(client, admin):
    content = "ma,ten,cap\n" + "".join(f"K{i},Đơn vị {i},cell\n" for i in range(20_001))
    response = upload(client, "units", content.encode())
    assert response.status_code == 422
    assert "hơn 20.000 dòng" in text(response)


def test_csv_templates_are_utf8_with_bom(client, admin):
    for kind, header in (
        ("units", "ma;ten;cap;ma_cap_tren"),
        ("users", "ten_dang_nhap;ho_ten;vai_tro;ma_don_vi;email;mat_khau"),
    ):
        response = client.get(f"/admin/import/template/{kind}.csv")
        assert response.status_code == 200
        assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
        assert response.data.startswith(b"\xef\xbb\xbf")
        assert response.data[3:].decode("utf-8").splitlines()[0] == header
    assert client.get("/admin/import/template/other.csv").status_code == 404


def test_the_units_template_imports_as_is(client, admin):
    response = upload(client, "units", client.get("/admin/import/template/units.csv").data)
    assert response.status_code == 200 and "Đã nhập 2 đơn vị" in text(response)


# --- import: users ----------------------------------------------------------------------------


def test_user_import_generates_passwords_and_shows_them_once(app, client, admin, units):
    units["districts"][0].external_key = "QU-LC"
    db.session.commit()
    content = "\n".join(
        [
            "ten_dang_nhap,ho_ten,email,vai_tro,ma_don_vi,mat_khau",
            "LeVanC,Lê Văn C,c@example.vn,officer,qu-lc,",
            "phamthid,Phạm Thị D,,Lãnh đạo (chỉ xem),QU-LC,mat khau cua D",
            "hoange,Hoàng E,,Văn phòng,QU-LC,",
        ]
    ).encode("utf-8")
    response = upload(client, "users", content)
    assert response.status_code == 200, text(response)
    assert response.headers["Cache-Control"] == "no-store"
    page = text(response)
    assert "Đã nhập 3 tài khoản" in page
    shown = dict(
        re.findall(
            r'<tr><td>([a-z0-9._-]+)</td><td>[^<]*</td><td><code class="password">([^<]+)</code>', page
        )
    )
    assert set(shown) == {"levanc", "hoange"}  # only the generated ones
    assert "mat khau cua D" not in page
    levanc, phamthid, hoange = (user_named(u) for u in ("levanc", "phamthid", "hoange"))
    assert (levanc.role, phamthid.role, hoange.role) == ("officer", "viewer", "secretariat")
    assert levanc.organisation_id == units["districts"][0].id and levanc.email == "c@example.vn"
    assert signs_in(app, "levanc", shown["levanc"])
    assert signs_in(app, "phamthid", "mat khau cua D")
    # Shown once: nowhere to be seen afterwards.
    for url in ("/admin/import", "/admin/users", f"/admin/users/{levanc.id}"):
        assert shown["levanc"] not in text(client.get(url))


def test_user_import_with_errors_saves_nothing(client, admin, units):
    units["districts"][0].external_key = "QU-LC"
    units["other"].external_key = "TN"
    units["other"].active = False
    db.session.commit()
    before = count(User)
    content = "\n".join(
        [
            "ten_dang_nhap;ho_ten;email;vai_tro;ma_don_vi;mat_khau",
            "ok1;Đúng;;officer;QU-LC;",
            "ThuKy;Trùng;;officer;QU-LC;",  # 3: taken (case-insensitive)
            "ok1;Trùng trong tệp;;officer;QU-LC;",  # 4: duplicate in the file
            "bad mail;Sai;a@;officer;QU-LC;",  # 5: bad username and e-mail
            "ok2;Ngắn;;officer;QU-LC;ngan",  # 6: short password
            "ok3;Vai;;boss;QU-LC;",  # 7: unknown role
            "ok4;Đơn vị;;officer;KHONG;",  # 8: unknown unit
            "ok5;Đơn vị cũ;;officer;TN;",  # 9: inactive unit
            "ok6;;;;;",  # 10: missing fields
        ]
    ).encode("utf-8")
    response = upload(client, "users", content)
    assert response.status_code == 422
    assert error_lines(response) == [3, 4, 5, 6, 7, 8, 9, 10]
    page = text(response)
    for reason in (
        "tên đăng nhập “thuky” đã có người dùng",
        "trùng với dòng 2",
        "thư điện tử “a@” không hợp lệ",
        "mật khẩu ngắn hơn 10 ký tự",
        "vai trò “boss” không hợp lệ",
        "không có đơn vị mã “KHONG”",
        "đơn vị “TN” đã ngừng hoạt động",
        "thiếu họ tên",
        "thiếu vai trò",
    ):
        assert reason in page, reason
    assert count(User) == before and user_named("ok1") is None


def test_user_import_row_limit(app, client, admin, units):
    app.config["ADMIN_IMPORT_MAX_USERS"] = 2
    units["city"].external_key = "HP"
    db.session.commit()
    content = b"ten_dang_nhap,ho_ten,vai_tro,ma_don_vi\n" + b"".join(
        f"u{i},U {i},viewer,HP\n".encode() for i in range(3)
    )
    response = upload(client, "users", content)
    assert response.status_code == 422 and "hơn 2 dòng dữ liệu" in text(response)
    assert user_named("u0") is None


def test_every_admin_form_needs_its_csrf_token(app, client, admin, users):
    app.config["WTF_CSRF_ENABLED"] = True
    officer = users["officer"]
    refused = client.post(f"/admin/users/{officer.id}/deactivate")
    assert refused.status_code == 400
    assert user_named("canbo").active
    page = text(client.get(f"/admin/users/{officer.id}"))
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    accepted = client.post(f"/admin/users/{officer.id}/deactivate", data={"csrf_token": token})
    assert accepted.status_code == 303 and not user_named("canbo").active
    too_large = upload(client, "units", b"x" * (2 * 1024 * 1024 + 1))
    assert too_large.status_code == 413 and "Tệp quá lớn" in text(too_large)


# --- an admin lower in the tree administers only that subtree --------------------------------------


@pytest.fixture
def district_admin(client, units, users):
    """The administrator of Quận ủy Lê Chân (not the top of the tree)."""
    make_user("qtlechan", "admin", units["districts"][0])
    login(client, "qtlechan")
    return units["districts"][0]


def test_a_district_admin_sees_and_changes_only_its_own_subtree(client, district_admin, users, units):
    listing = text(client.get("/admin/users"))
    assert "canbo" in listing  # the officer of Lê Chân
    assert "thuky" not in listing and "lanhdao" not in listing  # the city's people
    tree = text(client.get("/admin/units"))
    assert "Quận ủy Lê Chân" in tree
    assert "Quận ủy Ngô Quyền" not in tree and "Tỉnh ủy Tây Ninh" not in tree
    city_user = users["secretariat"]
    assert client.get(f"/admin/users/{city_user.id}").status_code == 403
    response = client.post(
        f"/admin/users/{city_user.id}/password",
        data={"pw-password": NEW_PASSWORD, "pw-confirm": NEW_PASSWORD},
    )
    assert response.status_code == 403
    assert client.post(f"/admin/users/{city_user.id}/deactivate").status_code == 403
    assert client.get(f"/admin/units/{units['districts'][1].id}").status_code == 403
    assert (
        client.post(
            f"/admin/units/{units['city'].id}/edit", data={"name": "Đổi tên trộm", "level": "province"}
        ).status_code
        == 403
    )
    db.session.expire_all()
    assert units["city"].name == "Thành ủy Hải Phòng"
    assert user_named("thuky").active and user_named("thuky").check_password(PASSWORD)


def test_a_district_admin_cannot_move_its_own_unit_out_or_give_users_units_outside(
    client, district_admin, users, units
):
    response = client.post(
        f"/admin/units/{district_admin.id}/move", data={"parent_id": str(units["other"].id)}
    )
    assert response.status_code == 422
    assert "đơn vị gốc trong phạm vi quản trị của bạn" in text(response)
    response = client.post(f"/admin/units/{district_admin.id}/deactivate")
    assert response.status_code == 422
    # Level "other" would lift its people's scope to the parent: the whole city.
    response = client.post(
        f"/admin/units/{district_admin.id}/edit", data={"name": district_admin.name, "level": "other"}
    )
    assert response.status_code == 422 and "đổi cấp" in text(response)
    assert client.get(f"/admin/units/{units['city'].id}").status_code == 403
    response = client.post(
        f"/admin/units/{district_admin.id}/edit", data={"name": "Quận ủy Lê Chân (mới)", "level": "district"}
    )
    assert response.status_code == 303  # renaming its own unit is fine
    response = client.post(
        "/admin/users/new",
        data={
            "username": "nguoingoai",
            "full_name": "Người Ngoài",
            "role": "admin",
            "organisation_id": str(units["city"].id),
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 422 and user_named("nguoingoai") is None
    response = client.post(
        "/admin/units/new", data={"name": "Đơn vị mồ côi", "level": "other", "parent_id": ""}
    )
    assert response.status_code == 422 and "Hãy chọn đơn vị cấp trên." in text(response)
    db.session.expire_all()
    assert district_admin.parent_id == units["city"].id and district_admin.active
    assert district_admin.level == "district"


def test_a_district_admin_imports_only_into_its_subtree(client, district_admin, units):
    district_admin.external_key = "QU-LC"
    units["city"].external_key = "TU-HP"
    db.session.commit()
    before_units, before_users = count(Organisation), count(User)
    response = upload(
        client,
        "units",
        "\n".join(
            [
                "ma,ten,cap,ma_cap_tren",
                "P-1,Đảng ủy phường 1,grassroots,QU-LC",
                "Q-X,Quận ủy mới,district,TU-HP",
                "T-X,Tỉnh ủy mới,province,",
            ]
        ).encode(),
    )
    assert response.status_code == 422 and error_lines(response) == [3, 4]
    page = text(response)
    assert "nằm ngoài phạm vi quản trị của bạn" in page and "thiếu mã đơn vị cấp trên" in page
    response = upload(
        client,
        "users",
        "\n".join(
            [
                "ten_dang_nhap,ho_ten,email,vai_tro,ma_don_vi,mat_khau",
                "canbo2,Cán Bộ Hai,,officer,QU-LC,",
                "thuky2,Thư Ký Hai,,secretariat,TU-HP,",
            ]
        ).encode(),
    )
    assert response.status_code == 422 and error_lines(response) == [3]
    assert (count(Organisation), count(User)) == (before_units, before_users)
    response = upload(
        client, "units", "ma,ten,cap,ma_cap_tren\nP-1,Đảng ủy phường 1,grassroots,QU-LC\n".encode()
    )
    assert response.status_code == 200 and unit_keyed("P-1").parent_id == district_admin.id


def test_a_district_admin_sees_only_its_subtrees_calendar_tokens(client, district_admin, users):
    from minutes.calendar import services as cal

    mine = cal.regenerate(users["officer"])
    theirs = cal.regenerate(users["secretariat"])
    db.session.commit()
    page = text(client.get("/calendar/tokens"))
    assert "canbo" in page and "thuky" not in page
    assert client.post(f"/calendar/tokens/{theirs.id}/revoke").status_code == 403
    assert client.post(f"/calendar/tokens/{mine.id}/revoke").status_code == 303
    db.session.expire_all()
    assert theirs.revoked_at is None and mine.revoked_at is not None


# --- hostile query strings and ids ------------------------------------------------------------


@pytest.mark.parametrize("page", ["99999999999999999999", "²", "٣", "-3", "", "1e9", "0"])
@pytest.mark.parametrize("url", ["/admin/users", "/admin/audit"])
def test_a_page_number_that_means_nothing_shows_page_one(client, admin, url, page):
    response = client.get(url, query_string={"page": page})
    assert response.status_code == 200
    assert "admin" in text(response)


@pytest.mark.parametrize("parent", ["²", "99999999999999999999", "-1", "abc", "0"])
def test_junk_in_parent_is_ignored(client, admin, parent):
    response = client.get("/admin/units/new", query_string={"parent": parent})
    assert response.status_code == 200
    assert picked_ids(response.get_data(as_text=True), "parent_id") == []  # the top: none picked


def test_parent_preselects_a_unit(client, admin, units):
    response = client.get("/admin/units/new", query_string={"parent": str(units["city"].id)})
    assert picked_ids(response.get_data(as_text=True), "parent_id") == [str(units["city"].id)]


@pytest.mark.parametrize(
    "path",
    [
        "/admin/users/99999999999999999999",
        "/admin/users/2147483648",
        "/admin/units/99999999999999999999",
        "/admin/units/2147483648",
    ],
)
def test_huge_ids_in_admin_urls_are_404(client, admin, path):
    assert client.get(path).status_code == 404


def test_admin_refusals_are_rule_errors_and_no_service_imports_a_form():
    import pathlib

    from minutes.admin import importing
    from minutes.admin.services import Refused
    from minutes.calendar.importer import ImportError_
    from minutes.rules import RuleError

    for error in (Refused, importing.FileRejected, importing.Invalid, ImportError_):
        assert issubclass(error, RuleError), error
    for module in ("services.py", "importing.py", "import_parsing.py"):
        path = pathlib.Path("minutes/admin") / module
        if path.exists():
            assert ".forms import" not in path.read_text(), module
