"""The report upward (báo cáo kết quả thực hiện kết luận): periods, status as of the period's
last day, rows per unit, cùng kỳ, the dashboard's numbers, scope, bad input and the .xlsx."""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from minutes.extensions import db
from minutes.models import Conference, Directive, Organisation, Task
from minutes.organisations.services import subtree_select
from minutes.permissions import visible_tasks
from minutes.tasks import reports
from minutes.tasks import status as st
from minutes.tasks.reports import TaskFilters
from minutes.upward import services as upward
from minutes.upward.services import Period
from tests.support import login, make_user, text

Q1_2021 = Period("quarter", 1, 2021)


class World:
    """Conferences of the city and of another province, and tasks placed by hand."""

    def __init__(self, units):
        self.units = units
        self.city, self.other = units["city"], units["other"]
        self.le_chan, self.ngo_quyen, self.vinh_bao = units["districts"]
        self.ward = Organisation(name="Phường An Biên", level="grassroots", parent=self.le_chan)
        db.session.add(self.ward)
        self.conferences: dict[tuple[Organisation, int], Conference] = {}
        self.tasks: list[Task] = []

    def conference(self, organiser: Organisation, year: int) -> Conference:
        key = (organiser, year)
        if key not in self.conferences:
            conference = Conference(
                title=f"Hội nghị giao ban năm {year} của {organiser.name}",
                kind="review",
                status="published",
                period_year=year,
            )
            conference.organiser, conference.organiser_name = organiser, organiser.name
            self.conferences[key] = conference
            db.session.add(conference)
        return self.conferences[key]

    def task(
        self,
        unit: Organisation,
        due: date | None,
        *,
        done: date | None = None,
        created: datetime | None = None,
        cancelled: bool = False,
        note: str | None = None,
        organiser: Organisation | None = None,
        year: int | None = None,
    ) -> Task:
        year = year or (due.year if due else created.year if created else 2021)
        conference = self.conference(organiser or self.city, year)
        directive = Directive(position=len(self.tasks) + 1, text=f"Chỉ đạo số {len(self.tasks) + 1}")
        db.session.add(directive)
        directive.conference = conference
        task = Task(
            directive=directive,
            organisation=unit,
            organisation_name=unit.name,
            due_date=due,
            original_due_date=due,
            completed_on=done,
            result_note=note or ("Đã xong" if done else None),
            created_at=created or datetime(year, 1, 5, 3, 0),
            cancelled_at=datetime(year, 2, 1) if cancelled else None,
        )
        db.session.add_all([directive, task])
        self.tasks.append(task)
        return task


@pytest.fixture
def world(units, users):
    w = World(units)
    # Q1/2021
    w.task(w.le_chan, date(2021, 1, 20), done=date(2021, 1, 18))  # on time
    w.task(w.le_chan, date(2021, 2, 10), done=date(2021, 2, 25))  # late
    w.task(w.ward, date(2021, 3, 31))  # due on the quarter's last day: in it, open on that day
    w.task(w.ward, date(2021, 1, 10), done=date(2021, 4, 20), note="=SUM(A1:A9) đã làm sau kỳ")
    w.task(w.ngo_quyen, date(2021, 2, 1))  # overdue 58 days on 31/03
    w.task(w.ngo_quyen, date(2020, 11, 1), year=2021)  # a 2021 conference's task due in 2020: not in 2021
    w.task(w.vinh_bao, date(2021, 3, 1), cancelled=True)
    w.task(w.city, date(2021, 3, 15), done=date(2021, 3, 15))  # the city's own task
    w.task(w.vinh_bao, None, created=datetime(2021, 3, 31, 16, 59))  # 23:59 local on 31/03: Q1
    w.task(w.vinh_bao, None, created=datetime(2021, 3, 31, 17, 0), done=date(2021, 5, 1))  # 01/04 local: Q2
    w.task(w.vinh_bao, date(2021, 4, 1))  # Q2
    w.task(w.le_chan, date(2021, 11, 3), done=date(2021, 12, 1))  # Q4
    # Q1/2020 (cùng kỳ): two done on time, one overdue
    w.task(w.le_chan, date(2020, 3, 2), done=date(2020, 3, 1))
    w.task(w.ngo_quyen, date(2020, 2, 2), done=date(2020, 2, 2))
    w.task(w.ngo_quyen, date(2020, 1, 15))
    # another province: never in the city's report
    w.task(w.other, date(2021, 2, 1), organiser=w.other)
    db.session.commit()
    return w


def _report(user, unit, period=Q1_2021):
    return upward.build(user, unit, period)


def _rows(report) -> dict[str, upward.Row]:
    return {row.name: row for row in report.rows}


# --- periods -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, first, last",
    [
        ("quarter:1", date(2021, 1, 1), date(2021, 3, 31)),
        ("quarter:2", date(2021, 4, 1), date(2021, 6, 30)),
        ("quarter:4", date(2021, 10, 1), date(2021, 12, 31)),
        ("half:1", date(2021, 1, 1), date(2021, 6, 30)),
        ("half:2", date(2021, 7, 1), date(2021, 12, 31)),
        ("year:", date(2021, 1, 1), date(2021, 12, 31)),
    ],
)
def test_period_boundaries(code, first, last):
    period = Period.of(code, 2021)
    assert (period.first, period.last) == (first, last)
    assert period.previous() == Period.of(code, 2020)
    assert period.code == code


def test_a_task_belongs_to_the_period_of_its_due_date_or_of_its_assignment(world, users):
    q1 = _report(users["secretariat"], world.city)
    # Q1: 4 Lê Chân/ward tasks + 1 Ngô Quyền + the cancelled one + the city's + 1 standing
    assert q1.total.current.rollup.all == 7 and q1.total.current.rollup[st.CANCELLED] == 1
    assert q1.total.current.rollup.standing == 1  # created 23:59 local on 31/03
    q2 = _report(users["secretariat"], world.city, Period("quarter", 2, 2021))
    assert q2.total.current.rollup.all == 2  # due 01/04, and the standing one of 00:00 local on 01/04
    assert q2.total.current.rollup.standing == q2.total.current.rollup.standing_done == 1
    half = _report(users["secretariat"], world.city, Period("half", 1, 2021))
    assert half.total.current.rollup.all == q1.total.current.rollup.all + q2.total.current.rollup.all
    year = _report(users["secretariat"], world.city, Period("year", None, 2021))
    assert year.total.current.rollup.all == 10  # Q1, Q2 and Q4; not the 2021 task due in 2020


def test_status_is_taken_as_of_the_periods_last_day(world, users):
    q1 = _report(users["secretariat"], world.city).total.current
    # Done 20/04, after the quarter: overdue on 31/03. Due 31/03, open: in progress on that day.
    assert q1.rollup.counts == {
        st.DONE_ON_TIME: 2,
        st.DONE_LATE: 1,
        st.IN_PROGRESS: 1,
        st.OVERDUE: 2,
        st.ONGOING: 1,
        st.CANCELLED: 1,
    }
    assert q1.ages == {30: 2, 120: 0}  # 80 and 58 days on 31/03
    assert q1.rollup.rate == pytest.approx(100 * 3 / 6)
    # The whole year, as of 31/12: the task done on 20/04 is done late.
    year = _report(users["secretariat"], world.city, Period("year", None, 2021)).total.current
    assert year.rollup[st.DONE_LATE] == 3 and year.rollup[st.OVERDUE] == 3


AS_OF = date(2021, 3, 31)
AS_OF_CASES = [
    # (due, completed on, cancelled, status on AS_OF)
    (date(2021, 3, 1), date(2021, 4, 2), False, st.OVERDUE),  # done after the day: open then
    (date(2021, 4, 30), date(2021, 4, 2), False, st.IN_PROGRESS),
    (AS_OF, None, False, st.IN_PROGRESS),
    (date(2021, 3, 1), AS_OF, False, st.DONE_LATE),  # done on the day itself counts
    (date(2021, 3, 1), date(2021, 2, 1), False, st.DONE_ON_TIME),
    (None, date(2021, 4, 2), False, st.ONGOING),
    (None, date(2021, 3, 2), False, st.DONE_ON_TIME),
    (date(2021, 3, 1), date(2021, 4, 2), True, st.CANCELLED),
]


def test_status_as_of_agrees_in_python_and_sql(units):
    conference = Conference(title="Hội nghị", kind="review")
    db.session.add(conference)
    tasks = []
    for i, (due, done, cancelled, _expected) in enumerate(AS_OF_CASES):
        unit = Organisation(name=f"Đơn vị {i}", level="district")
        directive = Directive(conference=conference, text="Chỉ đạo", position=i + 1)
        tasks.append(
            Task(
                directive=directive,
                organisation=unit,
                organisation_name=unit.name,
                due_date=due,
                completed_on=done,
                cancelled_at=datetime(2021, 3, 3) if cancelled else None,
            )
        )
    db.session.add_all(tasks)
    db.session.commit()
    rows = dict(db.session.execute(db.select(Task.id, st.status_as_of_sql(Task, AS_OF))).all())
    standing = set(db.session.scalars(db.select(Task.id).where(st.standing_done_sql(Task, AS_OF))))
    for task, (*_inputs, expected) in zip(tasks, AS_OF_CASES, strict=True):
        assert rows[task.id] == expected == st.status_as_of(task, AS_OF)
        assert (task.id in standing) == (task.due_date is None and expected == st.DONE_ON_TIME)
    # Today, nothing is recorded in the future: the as-of rule is the status rule.
    later = date(2021, 5, 1)
    for task in tasks:
        assert st.status_as_of(task, later) == st.status_of(task, later)


# --- rows, cùng kỳ, the dashboard ---------------------------------------------------------------


def test_rows_per_unit_one_level_down_sum_to_the_total(world, users):
    report = _report(users["secretariat"], world.city)
    rows = _rows(report)
    own = next(row for row in report.rows if row.own)
    assert own.current.rollup.all == 1 and own.current.rollup[st.DONE_ON_TIME] == 1
    assert "Phường An Biên" not in rows  # a ward counts under its district
    assert rows["Quận ủy Lê Chân"].current.rollup.all == 4
    assert rows["Quận ủy Ngô Quyền"].current.rollup[st.OVERDUE] == 1
    for status in st.STATUSES:
        assert sum(r.current.rollup[status] for r in report.rows) == report.total.current.rollup[status]
        assert sum(r.previous.rollup[status] for r in report.rows) == report.total.previous.rollup[status]
    for n in st.OVERDUE_BUCKETS:
        assert sum(r.current.ages[n] for r in report.rows) == report.total.current.ages[n]
    assert (
        sum(r.current.rollup.standing_done for r in report.rows) == report.total.current.rollup.standing_done
    )


def test_cung_ky_equals_the_report_of_the_previous_years_period(world, users):
    now = _report(users["secretariat"], world.city)
    then = _report(users["secretariat"], world.city, Period("quarter", 1, 2020))
    assert now.total.previous.rollup.counts == then.total.current.rollup.counts
    assert now.total.previous.ages == then.total.current.ages
    assert then.total.current.rollup.all == 3 and then.total.current.rollup.rate == pytest.approx(100 * 2 / 3)
    earlier = {row.name: row for row in then.rows}
    for row in now.rows:
        if row.name in earlier:
            assert row.previous.rollup.counts == earlier[row.name].current.rollup.counts
        else:  # the city's own row: no task of its own in 2020
            assert row.own and row.previous.rollup.all == 0
    assert now.total.change == pytest.approx(now.total.current.rollup.rate - then.total.current.rollup.rate)


def _freeze(monkeypatch, day: date) -> None:
    for where in ("minutes.tasks.reports.today", "minutes.upward.services.today", "minutes.templating.today"):
        monkeypatch.setattr(where, lambda: day)


def test_the_whole_years_report_equals_the_dashboard(world, client, users, monkeypatch):
    """On the last day of 2021 the dashboard of 2021 and the report of 2021 count the same
    tasks the same way (every 2021 conference's task is due, or was given, in 2021 but one,
    which is dropped from the world)."""
    db.session.delete(next(t for t in world.tasks if t.due_date == date(2020, 11, 1)))
    db.session.commit()
    _freeze(monkeypatch, date(2021, 12, 31))
    login(client, "thuky")
    page = text(client.get(f"/tasks/dashboard?year=2021&organisation_id={world.city.id}"))
    shown = {
        key: int(n.replace(".", ""))
        for key, n in re.findall(r'data-status="(\w+)"><span class="n">([\d.]+)</span>', page)
    }
    report = _report(users["secretariat"], world.city, Period("year", None, 2021))
    assert shown == report.total.current.rollup.counts
    board = TaskFilters(
        year=2021, unit_ids=subtree_select(world.city.id), visible=visible_tasks(users["secretariat"])
    )
    assert reports.overdue_ages(board) == report.total.current.ages
    assert reports.rollup(board).rate == report.total.current.rollup.rate
    # the same for one district
    district = _report(users["secretariat"], world.le_chan, Period("year", None, 2021))
    board.unit_ids = subtree_select(world.le_chan.id)
    assert reports.rollup(board).counts == district.total.current.rollup.counts


def test_the_quarters_numbers_equal_an_independent_count(world, users):
    """Counted again in Python, task by task, with the period and status rules written out."""
    under_city = {world.city.id, world.ward.id, *(u.id for u in world.units["districts"])}
    expected: Counter = Counter()
    for task in world.tasks:
        if task.organisation_id not in under_city:
            continue
        local_day = (task.created_at.hour >= 17) + task.created_at.toordinal()  # UTC+7
        day = task.due_date.toordinal() if task.due_date else local_day
        if Q1_2021.first.toordinal() <= day <= Q1_2021.last.toordinal():
            expected[
                st.task_status_as_of(task.due_date, task.completed_on, task.is_cancelled, Q1_2021.last)
            ] += 1
    counts = _report(users["secretariat"], world.city).total.current.rollup.counts
    assert {k: v for k, v in counts.items() if v} == dict(expected)


def test_a_constant_number_of_queries_whatever_the_number_of_units(world, client, users, count_queries):
    login(client, "thuky")
    url = f"/reports/upward?period=quarter:1&year=2021&organisation_id={world.city.id}"
    client.get(url)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for i in range(12):
        district = Organisation(name=f"Huyện ủy số {i}", level="district", parent=world.city)
        db.session.add(district)
        world.task(district, date(2021, 2, 1 + i), done=date(2021, 2, 3) if i % 2 else None)
        world.task(Organisation(name=f"Xã số {i}", level="grassroots", parent=district), date(2021, 3, 2))
    db.session.commit()
    client.get(url)  # (the commit expired the signed-in user: load it again, as before)
    with count_queries() as many:
        page = client.get(url)
    assert page.status_code == 200 and "Huyện ủy số 11" in text(page)
    assert len(many) == len(few)


# --- the page, scope, bad input -------------------------------------------------------------------


def test_the_page_shows_the_totals_and_the_units(world, client):
    login(client, "thuky")
    page = text(client.get(f"/reports/upward?period=quarter:1&year=2021&organisation_id={world.city.id}"))
    assert "quý I/2021" in page and "quý I/2020" in page
    assert "Quận ủy Lê Chân" in page and "Phường An Biên" not in page
    assert "3/6" in page and "50,0 %" in page  # done ÷ with a due date
    assert "66,7 %" in page and "−16,7 %" in page  # cùng kỳ and the change
    default = text(client.get("/reports/upward"))
    assert "Thành ủy Hải Phòng" in default and 'id="upward-units"' in default


def test_an_officer_sees_only_their_branch(world, client, users):
    login(client, "canbo")  # officer of Quận ủy Lê Chân
    own = text(client.get("/reports/upward?period=quarter:1&year=2021"))
    assert "Phường An Biên" in own and "Quận ủy Ngô Quyền" not in own
    report = _report(users["officer"], world.le_chan)
    assert report.total.current.rollup.all == 4
    for url in ("/reports/upward", "/reports/upward/xlsx"):
        answer = client.get(f"{url}?period=quarter:1&year=2021&organisation_id={world.ngo_quyen.id}")
        assert answer.status_code == 422 and answer.mimetype == "text/html"
        body = text(answer)
        assert "không có trong phạm vi" in body and 'id="upward-units"' not in body
    # the city above the officer is out of reach too, and so is another province for the city
    assert (
        client.get(f"/reports/upward?period=year:&year=2021&organisation_id={world.city.id}").status_code
        == 422
    )
    login(client, "thuky")
    answer = client.get(f"/reports/upward/xlsx?period=year:&year=2021&organisation_id={world.other.id}")
    assert answer.status_code == 422 and "không có trong phạm vi" in text(answer)


def test_the_export_counts_what_the_page_counts_for_the_same_reader(world, client, users):
    login(client, "canbo")
    book = load_workbook(io.BytesIO(client.get("/reports/upward/xlsx?period=quarter:1&year=2021").data))
    total = list(book["Tổng hợp"].iter_rows(min_row=2, max_row=2, values_only=True))[0]
    assert total[0] == "Tổng cộng: Quận ủy Lê Chân" and total[1] == 4
    overdue = list(book["Quá hạn"].iter_rows(min_row=2, values_only=True))
    assert [r[2] for r in overdue] == ["Phường An Biên"]  # not Ngô Quyền's overdue task


@pytest.mark.parametrize(
    "query, field, message",
    [
        ("period=quarter:1&year=abc", "year", "Hãy nhập năm bằng chữ số"),
        ("period=quarter:5&year=2021", "period", "Hãy chọn một quý"),
        ("period=&year=2021", "period", "Hãy chọn một quý"),
        ("period=year:&year=1200", "year", "Năm phải từ 1945 đến 2099"),
        ("period=year:&year=" + "9" * 40, "year", "Hãy nhập năm bằng chữ số"),
        ("period=year:&year=", "year", "Hãy nhập năm"),
        ("period=year:&year=2021&organisation_id=abc", "organisation_id", "Đơn vị không hợp lệ"),
    ],
)
def test_bad_input_is_told_next_to_its_field(world, client, query, field, message):
    login(client, "thuky")
    for url in ("/reports/upward", "/reports/upward/xlsx"):
        answer = client.get(f"{url}?{query}")
        assert answer.status_code == 422
        error = re.search(rf'<p class="error" id="{field}-error"[^>]*>([^<]*)</p>', text(answer))
        assert error and message in error.group(1), text(answer)[:3000]


# --- the workbook -----------------------------------------------------------------------------------


def test_the_workbook_holds_numbers_dates_and_text_never_a_formula(world, client):
    login(client, "thuky")
    answer = client.get(f"/reports/upward/xlsx?period=quarter:1&year=2021&organisation_id={world.city.id}")
    assert answer.status_code == 200 and answer.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment" in answer.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(answer.data))
    assert book.sheetnames == ["Tổng hợp", "Quá hạn", "Theo hội nghị"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
    summary = book["Tổng hợp"]
    header = [c.value for c in summary[1]]
    total = [c.value for c in summary[2]]
    assert total[header.index("Tổng số")] == 7 and isinstance(total[header.index("Quá hạn")], int)
    assert total[header.index("Tỷ lệ hoàn thành")] == pytest.approx(0.5)
    assert summary.cell(2, header.index("Tỷ lệ hoàn thành") + 1).number_format == "0.0%"
    previous = next(i for i, h in enumerate(header) if h.startswith("Tỷ lệ hoàn thành (cùng kỳ"))
    assert total[previous] == pytest.approx(2 / 3)
    assert total[header.index("Tăng, giảm tỷ lệ so với cùng kỳ")] == pytest.approx(0.5 - 2 / 3)
    names = [row[0] for row in summary.iter_rows(min_row=3, values_only=True)]
    assert "Quận ủy Lê Chân" in names and "Phường An Biên" not in names
    late = book["Quá hạn"]
    head = [c.value for c in late[1]]
    rows = list(late.iter_rows(min_row=2))
    assert len(rows) == 2
    first = rows[0]  # oldest due date first: the ward's task due 10/01, done only on 20/04
    due = first[head.index("Thời hạn")]
    assert due.is_date and due.value.date() == date(2021, 1, 10) and due.number_format == "dd/mm/yyyy"
    assert first[head.index("Số ngày quá hạn (đến 31/03/2021)")].value == 80
    note = first[head.index("Kết quả thực hiện")]
    assert note.data_type == "s" and note.value == "=SUM(A1:A9) đã làm sau kỳ"
    assert first[head.index("Ngày hoàn thành (sau kỳ báo cáo)")].value.date() == date(2021, 4, 20)
    by_conference = list(book["Theo hội nghị"].iter_rows(min_row=2, values_only=True))
    assert [r[2] for r in by_conference] == [7]


def test_the_dashboard_links_to_the_report(world, client):
    login(client, "lanhdao")
    assert "/reports/upward" in text(client.get("/tasks/dashboard"))
    assert client.get("/reports/upward").status_code == 200


def test_a_viewer_of_another_province_sees_none_of_the_city(world, client, units):
    make_user("lanhdaotn", "viewer", units["other"])
    login(client, "lanhdaotn")
    page = text(client.get("/reports/upward?period=quarter:1&year=2021"))
    assert "Tỉnh ủy Tây Ninh" in page and "Quận ủy Lê Chân" not in page
    assert "0/1" in page  # its one task, overdue on 31/03


# --- the Word report ----------------------------------------------------------------------------------


def _docx_text(data: bytes) -> tuple[str, list]:
    from docx import Document

    doc = Document(io.BytesIO(data))
    paragraphs = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += [p.text for p in cell.paragraphs]
    return "\n".join(paragraphs), doc.tables


def test_the_word_report_in_the_bodys_format(world, client):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from minutes.models import Letterhead

    db.session.add(
        Letterhead(
            organisation=world.city,
            family="party",
            body_line="THÀNH ỦY HẢI PHÒNG",
            code="TU",
            place="Hải Phòng",
            signer_authority="TM",
            signer_for="Ban Thường vụ",
            signer_position="Phó Bí thư",
            signer_name="Nguyễn Văn A",
            recipients="Ban Bí thư Trung ương",
        )
    )
    db.session.commit()
    login(client, "thuky")
    answer = client.get(f"/reports/upward/docx?period=quarter:1&year=2021&organisation_id={world.city.id}")
    assert answer.status_code == 200 and answer.mimetype.endswith("wordprocessingml.document")
    body, tables = _docx_text(answer.data)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in body and "BÁO CÁO" in body
    assert "Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BC/TU" in body  # the number is the office's to write
    assert "Hải Phòng, ngày" in body
    assert "Kết quả thực hiện kết luận, chỉ đạo quý I năm 2021" in body
    assert "3/6 nhiệm vụ có thời hạn, đạt 50,0" in body and "cùng kỳ quý I năm 2020 đạt 66,7" in body
    assert "giảm 16,7 điểm phần trăm" in body
    assert "T/M BAN THƯỜNG VỤ" in body and "Nơi nhận:" in body and "- Ban Bí thư Trung ương," in body
    units = next(t for t in tables if t.rows[0].cells[0].text == "Đơn vị")
    rows = {row.cells[0].text: row.cells for row in units.rows}
    assert rows["Tổng cộng"][1].text == "7" and rows["Quận ủy Lê Chân"][1].text == "4"
    assert rows["Tổng cộng"][6].text == "50,0\u00a0%"
    assert rows["Tổng cộng"][1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert "Phường An Biên: Chỉ đạo số 4 (thời hạn 10/01/2021, quá 80 ngày)." in body


def test_the_word_report_keeps_to_the_readers_scope(world, client):
    login(client, "canbo")
    body, _tables = _docx_text(client.get("/reports/upward/docx?period=quarter:1&year=2021").data)
    assert "Quận ủy Lê Chân" in body and "Quận ủy Ngô Quyền" not in body and "Chỉ đạo số 5" not in body
    answer = client.get(
        f"/reports/upward/docx?period=quarter:1&year=2021&organisation_id={world.ngo_quyen.id}"
    )
    assert answer.status_code == 422 and "không có trong phạm vi" in text(answer)
