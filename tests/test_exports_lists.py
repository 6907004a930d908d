"""Excel downloads of the lists: every row the page lists for the same filters (all pages of
it), nothing outside the reader's scope, real numbers and dates, user text never a formula,
and a fixed number of queries however many rows."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta
from urllib.parse import unquote

import openpyxl
import pytest

from minutes.clock import today
from minutes.extensions import db
from minutes.models import Organisation, Site
from minutes.tasks import services
from tests.factories import make_conference, make_directive, make_task
from tests.support import login, make_user, text

TASK_HEADERS = [
    "STT",
    "Nhiệm vụ",
    "Hội nghị",
    "Ngày hội nghị",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Người phụ trách",
    "Mức ưu tiên",
    "Thời hạn",
    "Thời hạn gốc",
    "Tiến độ",
    "Trạng thái",
    "Số ngày quá hạn",
    "Ngày hoàn thành",
    "Kết quả thực hiện",
    "Việc được giao lại",
    "Đề nghị gia hạn đến",
]
FORMULA = '=HYPERLINK("http://x")'


def workbook(response):
    assert response.status_code == 200, text(response)[:500]
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["Content-Disposition"].startswith("attachment; ")
    return openpyxl.load_workbook(io.BytesIO(response.get_data()))


def records(ws) -> list[dict]:
    """The sheet's rows under its header, as dicts of cells."""
    rows = list(ws.iter_rows())
    header = [c.value for c in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def values(ws, column: str) -> list:
    return [r[column].value for r in records(ws)]


def page_units(client, url: str) -> list[str]:
    """The lead units of the task rows of every page of ``url``, in order."""
    found, page = [], 1
    while True:
        body = text(client.get(f"{url}{'&' if '?' in url else '?'}page={page}"))
        rows = re.findall(r'<td data-label="Đơn vị chủ trì">([^<]*)</td>', body)
        if not rows:
            return found
        found += rows
        page += 1


@pytest.fixture
def small(app, units, users):
    """Lê Chân (the officer's unit) with nine wards below it, each with a task of one city
    directive; Ngô Quyền and the other province with tasks of their own. Pages of 4."""
    app.config["PAGE_SIZE"] = 4
    city, le_chan, ngo_quyen = units["city"], units["districts"][0], units["districts"][1]
    wards = [
        Organisation(name=f"Phường {i:02d} Lê Chân", level="grassroots", parent=le_chan) for i in range(9)
    ]
    db.session.add_all(wards)
    db.session.commit()
    conference = make_conference(city, title="Hội nghị giao ban quý I/2021", period_year=2021)
    directive = make_directive(conference, text="Kiểm tra việc thực hiện nghị quyết.")
    by = users["secretariat"]
    for i, ward in enumerate(wards):
        due = today() - timedelta(days=45) if i % 2 == 0 else today() + timedelta(days=i)
        make_task(ward, by, directive, due_date=due)
    make_task(ngo_quyen, by, directive, due_date=today() - timedelta(days=45))
    other = make_conference(units["other"], title="Hội nghị của Tây Ninh", period_year=2021)
    make_task(units["other"], users["admin"], make_directive(other), due_date=today() - timedelta(days=45))
    done = make_task(le_chan, by, directive, due_date=today() - timedelta(days=2))
    services.complete(done, by, today() - timedelta(days=1), FORMULA)
    db.session.commit()
    return {"directive": directive, "conference": conference, "wards": wards}


# --- Việc của tôi ----------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "status=overdue", "status=open&window=30", "status=bogus"])
def test_my_tasks_export_is_the_page_all_pages_and_only_my_units(client, users, small, query):
    login(client, "canbo")
    book = workbook(client.get(f"/tasks/mine/export.xlsx?{query}"))
    assert book.sheetnames == ["Việc của tôi"]
    ws = book["Việc của tôi"]
    assert [c.value for c in ws[1]] == TASK_HEADERS
    shown = page_units(client, f"/tasks/mine?{query}")
    assert len(shown) > 4 or query  # more than one page when unfiltered
    assert values(ws, "Đơn vị chủ trì") == shown
    units = set(values(ws, "Đơn vị chủ trì"))
    assert "Quận ủy Ngô Quyền" not in units and "Tỉnh ủy Tây Ninh" not in units
    assert values(ws, "STT") == list(range(1, len(shown) + 1))


def test_my_tasks_cells_are_numbers_dates_and_text(client, users, small):
    login(client, "canbo")
    ws = workbook(client.get("/tasks/mine/export.xlsx"))["Việc của tôi"]
    rows = records(ws)
    overdue = next(r for r in rows if r["Trạng thái"].value == "Quá hạn")
    assert overdue["STT"].data_type == "n" and isinstance(overdue["STT"].value, int)
    assert overdue["Số ngày quá hạn"].value == 45 and overdue["Số ngày quá hạn"].data_type == "n"
    assert overdue["Thời hạn"].is_date and overdue["Thời hạn"].value.date() == today() - timedelta(days=45)
    assert overdue["Ngày hội nghị"].is_date and overdue["Ngày hội nghị"].value.date() == date(2021, 4, 7)
    assert overdue["Tiến độ"].data_type == "n" and overdue["Tiến độ"].number_format == "0.0%"
    done = next(r for r in rows if r["Trạng thái"].value == "Hoàn thành quá hạn")
    assert done["Ngày hoàn thành"].is_date
    assert done["Ngày hoàn thành"].value.date() == today() - timedelta(days=1)
    assert done["Tiến độ"].value == 1  # 100 %
    # A result note that looks like a formula stays the text the officer typed.
    assert done["Kết quả thực hiện"].value == FORMULA
    assert done["Kết quả thực hiện"].data_type == "s"
    assert ws.freeze_panes == "A2"


def test_the_file_name_is_vietnamese_with_an_ascii_fallback(client, users, small):
    login(client, "canbo")
    disposition = client.get("/tasks/mine/export.xlsx").headers["Content-Disposition"]
    ascii_name = re.search(r'filename="([^"]+)"', disposition).group(1)
    utf8_name = unquote(re.search(r"filename\*=UTF-8''(\S+)", disposition).group(1))
    assert utf8_name == f"Việc của tôi - {today():%d-%m-%Y}.xlsx"
    assert ascii_name == f"Viec cua toi - {today():%d-%m-%Y}.xlsx"


# --- a directive, a conference -----------------------------------------------------------


@pytest.mark.parametrize("who", ["thuky", "canbo"])
@pytest.mark.parametrize("status", ["", "overdue", "in_progress"])
def test_directive_export_lists_the_pages_tasks_and_its_rollup(client, users, small, who, status):
    login(client, who)
    d = small["directive"]
    book = workbook(client.get(f"/tasks/directives/{d.id}/export.xlsx?status={status}"))
    assert book.sheetnames == ["Nhiệm vụ", "Tổng hợp", "Theo trạng thái"]
    assert values(book["Nhiệm vụ"], "Đơn vị chủ trì") == page_units(
        client, f"/tasks/directives/{d.id}?status={status}"
    )
    units = set(values(book["Nhiệm vụ"], "Đơn vị chủ trì"))
    assert "Tỉnh ủy Tây Ninh" not in units
    assert ("Quận ủy Ngô Quyền" in units) == (who == "thuky" and status in ("", "overdue"))
    # The roll-up counts every status of what the reader sees, whatever the filter.
    (summary,) = records(book["Tổng hợp"])
    assert summary["Chỉ đạo"].value == "Kiểm tra việc thực hiện nghị quyết."
    total = 11 if who == "thuky" else 10  # the officer does not see Ngô Quyền's task
    overdue = 6 if who == "thuky" else 5
    assert summary["Tổng số nhiệm vụ"].value == total and summary["Tổng số nhiệm vụ"].data_type == "n"
    assert summary["Quá hạn"].value == overdue
    assert summary["Tỷ lệ hoàn thành"].value == pytest.approx(1 / total)
    assert summary["Tỷ lệ hoàn thành"].number_format == "0.0%"
    by_status = {r["Trạng thái"].value: r["Số nhiệm vụ"].value for r in records(book["Theo trạng thái"])}
    assert by_status["Quá hạn"] == overdue and by_status["Hoàn thành quá hạn"] == 1
    assert sum(by_status.values()) == total


def test_conference_follow_up_export(client, users, small):
    login(client, "canbo")
    c = small["conference"]
    book = workbook(client.get(f"/tasks/conferences/{c.id}/export.xlsx"))
    assert book.sheetnames == ["Theo chỉ đạo", "Tổng hợp"]
    (row,) = records(book["Theo chỉ đạo"])
    assert row["Chỉ đạo"].value == "Kiểm tra việc thực hiện nghị quyết."
    assert row["Tổng số nhiệm vụ"].value == 10 and row["Quá hạn"].value == 5
    (total,) = records(book["Tổng hợp"])
    assert total["Hội nghị"].value == c.title and total["Tổng số nhiệm vụ"].value == 10


def test_another_provinces_directive_and_conference_are_refused(client, users, small, units):
    login(client, "canbo")
    other = make_directive(make_conference(units["other"]))
    assert client.get(f"/tasks/directives/{other.id}/export.xlsx").status_code == 403
    assert client.get(f"/tasks/conferences/{other.conference_id}/export.xlsx").status_code == 403


# --- the dashboard -----------------------------------------------------------------------------


def dashboard_overdue_units(client, query: str = "") -> list[str]:
    found, page = [], 1
    while True:
        body = text(client.get(f"/tasks/dashboard?{query}&page={page}"))
        table = body.split("Nhiệm vụ quá hạn</h2>", 1)[1].split("</section>", 1)[0]
        rows = re.findall(r"</a><div[^>]*>[^<]*</div></td>\s*<td[^>]*>([^<]*)</td>", table)
        if not rows:
            return found
        found += rows
        page += 1


@pytest.mark.parametrize("who", ["thuky", "canbo"])
def test_dashboard_export_has_one_sheet_per_table(client, users, small, units, who):
    login(client, who)
    book = workbook(client.get("/tasks/dashboard/export.xlsx"))
    assert book.sheetnames == [
        "Tổng hợp",
        "Theo trạng thái",
        "Nhiệm vụ quá hạn",
        "Theo đơn vị",
        "Theo hội nghị",
        "Quá hạn theo số ngày",
    ]
    late = values(book["Nhiệm vụ quá hạn"], "Đơn vị chủ trì")
    assert late == dashboard_overdue_units(client)
    assert len(late) == (6 if who == "thuky" else 5)  # more than one page of the list
    assert set(values(book["Nhiệm vụ quá hạn"], "Trạng thái")) == {"Quá hạn"}
    # The per-unit sheet is the dashboard's level: the units right below the reader's top,
    # worst rate first, each counting its whole subtree (and the top's own tasks first).
    per_unit = values(book["Theo đơn vị"], "Đơn vị")
    assert "Tỉnh ủy Tây Ninh" not in per_unit + late
    if who == "thuky":  # the city: its two districts, Lê Chân holding its nine wards' tasks
        assert per_unit == ["Quận ủy Ngô Quyền", "Quận ủy Lê Chân"]
    else:  # Lê Chân: its own task, then its nine wards
        assert per_unit[0] == "Quận ủy Lê Chân" and len(per_unit) == 10
        assert all(name.startswith("Phường") for name in per_unit[1:])
    (summary,) = records(book["Tổng hợp"])
    tasks_per_unit = values(book["Theo đơn vị"], "Tổng số nhiệm vụ")
    assert summary["Tổng số nhiệm vụ"].value == sum(tasks_per_unit) == (11 if who == "thuky" else 10)
    ages = {r["Nhóm"].value: r["Số nhiệm vụ"] for r in records(book["Quá hạn theo số ngày"])}
    assert ages["Tổng số quá hạn"].value == len(late)
    assert ages["Quá hạn trên 30 ngày"].value == len(late) and ages["Quá hạn trên 120 ngày"].value == 0
    assert ages["Quá hạn trên 30 ngày"].data_type == "n"
    (conf,) = records(book["Theo hội nghị"])
    assert conf["Hội nghị"].value == "Hội nghị giao ban quý I/2021"
    assert conf["Ngày hội nghị"].is_date and conf["Kỳ"].value == "năm 2021"
    assert conf["Tỷ lệ hoàn thành"].value == pytest.approx(1 / sum(tasks_per_unit))


def test_dashboard_export_keeps_the_filters(client, users, small, units):
    login(client, "thuky")
    ngo_quyen = units["districts"][1].id
    book = workbook(client.get(f"/tasks/dashboard/export.xlsx?organisation_id={ngo_quyen}"))
    assert values(book["Theo đơn vị"], "Đơn vị") == ["Quận ủy Ngô Quyền"]
    assert values(book["Nhiệm vụ quá hạn"], "Đơn vị chủ trì") == dashboard_overdue_units(
        client, f"organisation_id={ngo_quyen}"
    )
    empty = workbook(client.get("/tasks/dashboard/export.xlsx?year=2019"))
    assert records(empty["Nhiệm vụ quá hạn"]) == [] and records(empty["Theo đơn vị"]) == []
    assert records(empty["Tổng hợp"])[0]["Tổng số nhiệm vụ"].value == 0


# --- the conference list -------------------------------------------------------------------------


def page_titles(client, query: str) -> list[str]:
    found, page = [], 1
    while True:
        body = text(client.get(f"/conferences/?{query}&page={page}"))
        rows = re.findall(r'<td class="title"><a href="/conferences/\d+">([^<]*)</a>', body)
        if not rows:
            return found
        found += [r.replace("&#34;", '"').replace("&amp;", "&") for r in rows]
        page += 1


@pytest.fixture
def conferences(app, units, users):
    app.config["PAGE_SIZE"] = 4
    for i in range(7):
        c = make_conference(units["districts"][0], title=f"Giao ban Lê Chân tháng {i + 1}", period_year=2021)
        c.sites.append(Site(name="Điểm cầu chính", position=1))
    make_conference(units["districts"][0], title=FORMULA, reported_delegates=300, period_year=2022)
    make_conference(units["other"], title="Giao ban Tây Ninh", period_year=2021)
    make_conference(units["districts"][1], title="Giao ban Ngô Quyền", period_year=2021)
    db.session.commit()


@pytest.mark.parametrize("query", ["", "q=le+chan", "year=2021", "year=abc"])
def test_conference_list_export_is_the_list_in_the_users_scope(client, users, conferences, query):
    login(client, "canbo")
    book = workbook(client.get(f"/conferences/export.xlsx?{query}"))
    ws = book["Hội nghị"]
    assert [c.value for c in ws[1]] == [
        "STT",
        "Hội nghị",
        "Loại",
        "Hình thức",
        "Kỳ",
        "Ngày",
        "Giờ, buổi",
        "Cơ quan tổ chức",
        "Số điểm cầu",
        "Số đại biểu",
        "Trạng thái",
    ]
    titles = values(ws, "Hội nghị")
    assert titles == page_titles(client, query)
    assert "Giao ban Tây Ninh" not in titles and "Giao ban Ngô Quyền" not in titles
    assert len(titles) > 4


def test_conference_list_cells(client, users, conferences):
    login(client, "canbo")
    rows = records(workbook(client.get("/conferences/export.xlsx"))["Hội nghị"])
    formula = next(r for r in rows if r["Hội nghị"].value == FORMULA)
    assert formula["Hội nghị"].data_type == "s"  # a title is never a formula
    assert formula["Số đại biểu"].value == 300 and formula["Số đại biểu"].data_type == "n"
    assert formula["Ngày"].is_date and formula["Ngày"].value == datetime(2021, 4, 7)
    assert formula["Kỳ"].value == "năm 2022" and formula["Trạng thái"].value == "Đã công bố"
    first = next(r for r in rows if r["Hội nghị"].value == "Giao ban Lê Chân tháng 1")
    assert first["Số điểm cầu"].value == 1 and first["Số điểm cầu"].data_type == "n"
    assert first["Giờ, buổi"].value == "08:00"


# --- every page has its link, carrying the page's filters --------------------------------------


def test_each_page_links_to_its_export_with_its_filters(client, users, small):
    login(client, "thuky")
    d, c = small["directive"], small["conference"]
    pages = {
        "/tasks/mine?status=overdue&page=2": "/tasks/mine/export.xlsx?status=overdue",
        f"/tasks/directives/{d.id}?status=overdue": f"/tasks/directives/{d.id}/export.xlsx?status=overdue",
        f"/tasks/conferences/{c.id}": f"/tasks/conferences/{c.id}/export.xlsx",
        "/tasks/dashboard?year=2021": "/tasks/dashboard/export.xlsx?year=2021",
        "/conferences/?q=giao+ban&year=2021": "/conferences/export.xlsx?q=giao+ban&amp;year=2021",
    }
    for page, link in pages.items():
        body = text(client.get(page))
        assert f'href="{link}" download>Tải Excel (.xlsx)</a>' in body, page


# --- query counts ----------------------------------------------------------------------------------


def _tasks(directive, city, by, n: int) -> None:
    extra = [Organisation(name=f"Đơn vị {i:03d}", level="grassroots", parent=city) for i in range(n)]
    db.session.add_all(extra)
    db.session.flush()
    created = services.assign(directive, by, extra, due_date=today() - timedelta(days=40)).created
    db.session.flush()
    for i, t in enumerate(created):
        if i % 3 == 0:
            services.complete(t, by, today(), "xong")
        elif i % 3 == 1:
            services.request_extension(t, by, today() + timedelta(days=60), "x")
    db.session.commit()


@pytest.mark.parametrize(
    "url",
    [
        "/tasks/mine/export.xlsx",
        "/tasks/directives/{d}/export.xlsx",
        "/tasks/conferences/{c}/export.xlsx",
        "/tasks/dashboard/export.xlsx",
    ],
)
def test_task_exports_do_not_grow_queries_with_rows(client, units, users, count_queries, url):
    make_user("canbotp", "officer", units["city"])
    login(client, "canbotp" if "mine" in url else "thuky")
    directive = make_directive(make_conference(units["city"]))
    url = url.format(d=directive.id, c=directive.conference_id)
    _tasks(directive, units["city"], users["secretariat"], 5)
    db.session.expire_all()
    with count_queries() as few:
        assert len(client.get(url).get_data()) > 0
    _tasks(directive, units["city"], users["secretariat"], 45)
    db.session.expire_all()
    with count_queries() as many:
        response = client.get(url)
        book = workbook(response)
    assert len(many) == len(few), "\n".join(s[:100] for s in many)
    assert max(ws.max_row for ws in book.worksheets) >= (2 if "conferences" in url else 51)


def test_conference_list_export_does_not_grow_queries_with_rows(client, units, users, count_queries):
    login(client, "thuky")

    def add(n):
        for i in range(n):
            c = make_conference(units["city"], title=f"Hội nghị {i}")
            c.sites.append(Site(name="Điểm cầu", position=1))
        db.session.commit()
        db.session.expire_all()

    add(5)
    with count_queries() as few:
        client.get("/conferences/export.xlsx").get_data()
    add(45)
    with count_queries() as many:
        book = workbook(client.get("/conferences/export.xlsx"))
    assert len(many) == len(few)
    assert book["Hội nghị"].max_row == 51
