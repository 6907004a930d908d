"""Starting a conference from a previous one: the structure is copied, nothing of the meeting
itself, and each figure's "cùng kỳ" comes from the same period of the previous year."""

from __future__ import annotations

import re
from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from minutes.conferences import baselines, copying, services
from minutes.extensions import db
from minutes.models import Attendee, Conference, Directive, Figure, Report, Site
from minutes.rules import RuleError
from tests.serving import form_with
from tests.support import count, login, make_user, plain, text


def make_previous(organiser, year, number=1, *, kind="quarter", status="published", figures=(), **values):
    """A conference of ``organiser`` for quý ``number``/``year`` with one report of ``figures``:
    (label, value, scope, parent label, qualifier) tuples, the parent listed before."""
    values.setdefault("title", f"Hội nghị giao ban trực tuyến quý {copying._ROMAN.get(number, '')}/{year}")
    conference = Conference(
        kind="review",
        format="hybrid",
        period_kind=kind,
        period_number=number if kind in ("quarter", "half", "month") else None,
        period_year=year,
        status=status,
        **values,
    )
    services.set_organiser(conference, organiser)
    report = Report(title=f"Báo cáo công tác kiểm tra quý I/{year}", position=1)
    conference.reports.append(report)
    made: dict[str, Figure] = {}
    for position, (label, value, scope, parent, qualifier) in enumerate(figures, start=1):
        figure = Figure(
            label=label, value=value, scope=scope, unit="vụ", qualifier=qualifier, position=position
        )
        figure.parent = made[parent] if parent else None
        report.figures.append(figure)
        made[label] = figure
    db.session.add(conference)
    db.session.commit()
    return conference


def figure(label, value=None, scope="", parent=None, qualifier=""):
    return (label, value, scope, parent, qualifier)


@pytest.fixture
def full(units):
    """Quý I/2021 of the city, with everything a meeting records."""
    city, district = units["city"], units["districts"][0]
    conference = make_previous(
        city,
        2021,
        1,
        figures=[
            figure("Tổ chức đảng được kiểm tra", 120, qualifier="hơn"),
            figure("Đảng viên được kiểm tra", 300, "year_to_date"),
            figure("trong đó cấp ủy viên", 40, "year_to_date", "Đảng viên được kiểm tra"),
        ],
        starts_on=date(2021, 4, 7),
        day_part="morning",
        reported_delegates=300,
        reported_delegates_qualifier="hơn",
        conclusion="Đồng chí Chủ nhiệm kết luận.",
        notes="Ghi chú nội bộ.",
    )
    conference.reports[0].summary = "Tóm tắt báo cáo."
    conference.reports[0].presenter_name = "Nguyễn Văn A"
    conference.reports[0].presenter_title = "Phó Chủ nhiệm"
    conference.reports[0].organisation_name = "UBKT Thành ủy"
    conference.reports[0].kind = "statement"
    figures = conference.reports[0].figures
    figures[0].baseline_value, figures[0].baseline_label = 100, "cùng kỳ năm 2020"
    host = Site(name="Hội trường Thành ủy", organisation=city, is_host=True, position=1, headcount=120)
    host.leader_name, host.leader_title, host.room = "Trần Văn B", "Phó Bí thư", "Phòng 1"
    host.join_url = "https://meet.example/abc"
    remote = Site(name="Quận ủy Lê Chân", organisation=district, position=2, headcount=40)
    conference.sites.extend([host, remote])
    conference.attendees.extend(
        [
            Attendee(name="Trần Văn B", job_title="Phó Bí thư", role="chair", site=host, position=1),
            Attendee(
                name="Lê Thị C",
                job_title="Chánh Văn phòng",
                role="delegate",
                organisation=district,
                organisation_name="Quận ủy Lê Chân",
                site=remote,
                presence="excused",
                absence_reason="Đi công tác",
                position=2,
            ),
        ]
    )
    conference.directives.append(Directive(text="Rà soát, báo cáo.", position=1))
    db.session.commit()
    return conference


def start(client, previous, period="quarter:2", year="2021"):
    return client.post(f"/conferences/{previous.id}/copy", data={"period": period, "period_year": year})


def newest() -> Conference:
    return db.session.scalar(db.select(Conference).order_by(Conference.id.desc()))


# --- the structure ------------------------------------------------------------------------------


def test_the_copy_holds_the_structure_and_nothing_of_the_meeting(client, secretary, full, units):
    response = start(client, full)
    assert response.status_code == 303
    copy = newest()
    assert response.headers["Location"].endswith(f"/conferences/{copy.id}/edit")
    assert copy.id != full.id and copy.copied_from_id == full.id
    assert (copy.status, copy.kind, copy.format) == ("draft", "review", "hybrid")
    assert (copy.period_kind, copy.period_number, copy.period_year) == ("quarter", 2, 2021)
    assert copy.title == "Hội nghị giao ban trực tuyến quý II/2021"
    assert (copy.organiser_id, copy.organiser_name) == (units["city"].id, "Thành ủy Hải Phòng")
    assert copy.created_by_id == secretary.id
    # nothing of the meeting itself
    assert copy.starts_on is None and copy.day_part is None and copy.starts_at is None
    assert copy.reported_delegates is None and copy.reported_delegates_qualifier == ""
    assert copy.conclusion == "" and copy.notes == "" and copy.directives == []
    assert [
        (s.name, s.organisation_id, s.is_host, s.leader_name, s.leader_title, s.room, s.headcount, s.join_url)
        for s in copy.sites
    ] == [
        ("Hội trường Thành ủy", units["city"].id, True, "Trần Văn B", "Phó Bí thư", "Phòng 1", None, ""),
        ("Quận ủy Lê Chân", units["districts"][0].id, False, "", "", "", None, ""),
    ]
    assert {s.id for s in copy.sites}.isdisjoint({s.id for s in full.sites})
    assert [
        (a.name, a.job_title, a.role, a.organisation_id, a.organisation_name, a.site.name, a.absence_reason)
        for a in copy.attendees
    ] == [
        ("Trần Văn B", "Phó Bí thư", "chair", None, "", "Hội trường Thành ủy", ""),
        ("Lê Thị C", "Chánh Văn phòng", "delegate", units["districts"][0].id, "Quận ủy Lê Chân",
         "Quận ủy Lê Chân", ""),
    ]  # fmt: skip
    assert all(a.presence == "present" and a.site.conference_id == copy.id for a in copy.attendees)
    [report] = copy.reports
    assert (report.kind, report.title, report.presenter_name, report.presenter_title) == (
        "statement",
        "Báo cáo công tác kiểm tra quý II/2021",
        "Nguyễn Văn A",
        "Phó Chủ nhiệm",
    )
    assert (report.organisation_name, report.summary) == ("UBKT Thành ủy", "")
    assert [
        (f.label, f.unit, f.scope, f.parent.label if f.parent else None, f.qualifier, f.value)
        for f in report.figures
    ] == [
        ("Tổ chức đảng được kiểm tra", "vụ", "", None, "", None),
        ("Đảng viên được kiểm tra", "vụ", "year_to_date", None, "", None),
        ("trong đó cấp ủy viên", "vụ", "year_to_date", "Đảng viên được kiểm tra", "", None),
    ]
    assert all(f.parent is None or f.parent.report_id == report.id for f in report.figures)
    # no quý II/2020 of the city: no baseline, and the typed one of the source is not copied
    assert all(
        f.baseline_value is None and f.baseline_label == "" and not f.baseline_carried for f in report.figures
    )
    assert [(e.action, e.user_id) for e in copy.log] == [("created", secretary.id)]
    assert full.title in copy.log[0].note
    # the previous conference is as it was
    db.session.expire_all()
    assert len(full.sites) == 2 and len(full.directives) == 1 and full.reports[0].figures[0].value == 120
    assert count(Conference) == 2


def test_the_new_draft_opens_with_a_summary_of_what_was_copied(client, secretary, full):
    start(client, full)
    page = plain(client.get(f"/conferences/{newest().id}/edit"))
    assert "2 điểm cầu, 2 đại biểu, 1 báo cáo với 3 chỉ tiêu" in page
    assert "Không tìm thấy số liệu cùng kỳ năm 2020" in page


def test_a_title_without_the_old_period_is_kept_and_the_user_told(client, secretary, units):
    previous = make_previous(units["city"], 2021, 1, title="Hội nghị giao ban công tác kiểm tra")
    client.post(f"/conferences/{previous.id}/copy", data={"period": "quarter:2", "period_year": "2021"})
    assert newest().title == "Hội nghị giao ban công tác kiểm tra"
    page = plain(client.get(f"/conferences/{newest().id}/edit"))
    assert "Tên hội nghị giữ như cũ" in page


@pytest.mark.parametrize(
    ("title", "old", "new", "expected"),
    [
        ("Giao ban quý I/2021", ("quarter", 1, 2021), ("quarter", 2, 2021), "Giao ban quý II/2021"),
        ("Giao ban Quý IV năm 2021", ("quarter", 4, 2021), ("quarter", 1, 2022), "Giao ban Quý I năm 2022"),
        ("GIAO BAN QUÝ III/2021", ("quarter", 3, 2021), ("quarter", 4, 2021), "GIAO BAN QUÝ IV/2021"),
        ("Giao ban quý II/2021", ("quarter", 1, 2021), ("quarter", 2, 2021), "Giao ban quý II/2021"),
        ("Sơ kết 6 tháng đầu năm 2024", ("half", 1, 2024), ("half", 1, 2025), "Sơ kết 6 tháng đầu năm 2025"),
        ("Tổng kết năm 2023", ("year", None, 2023), ("year", None, 2024), "Tổng kết năm 2024"),
        ("Giao ban tháng 3/2022", ("month", 3, 2022), ("month", 4, 2022), "Giao ban tháng 4/2022"),
        ("Giao ban tháng 12/2022", ("month", 1, 2022), ("month", 2, 2022), "Giao ban tháng 12/2022"),
        ("Giao ban quý I/2021", ("quarter", 1, 2021), ("half", 1, 2021), "Giao ban 6 tháng đầu năm 2021"),
        ("Giao ban định kỳ", (None, None, None), ("quarter", 1, 2021), "Giao ban định kỳ"),
    ],
)
def test_the_title_names_the_new_period(title, old, new, expected):
    assert copying.retitle(title, old, new) == expected


@pytest.mark.parametrize(
    ("previous", "expected"),
    [
        (("quarter", 1, 2021), ("quarter", 2, 2021)),
        (("quarter", 4, 2021), ("quarter", 1, 2022)),
        (("half", 2, 2021), ("half", 1, 2022)),
        (("month", 12, 2021), ("month", 1, 2022)),
        (("year", None, 2023), ("year", None, 2024)),
        (("nine_months", None, 2023), ("nine_months", None, 2024)),
    ],
)
def test_the_next_period(previous, expected):
    assert copying.next_period(*previous) == expected


def test_the_form_is_prefilled_with_the_next_period(client, secretary, units):
    previous = make_previous(units["city"], 2021, 4)
    page = text(client.get(f"/conferences/{previous.id}/copy"))
    assert re.search(r'<option selected value="quarter:1">', page)
    assert 'value="2022"' in page


# --- baselines --------------------------------------------------------------------------------


@pytest.fixture
def history(units):
    """The city's quý II/2020 (the match) and conferences that must not be used: another
    organiser's quý II/2020, the city's quý I/2020 and quý II/2019, a draft quý II/2020."""
    city, other = units["city"], units["other"]
    labels = [
        figure("SỐ TỔ CHỨC ĐẢNG ĐƯỢC KIỂM TRA", 26000, qualifier="hơn"),
        figure("Số cấp uỷ viên được kiểm tra", 75),
        figure("Đảng viên được kiểm tra", 150),
        figure("Đảng viên được kiểm tra", 400, "year_to_date"),
        figure("trong đó cấp ủy viên", 30, "year_to_date", "Đảng viên được kiểm tra"),
        figure("Chỉ tiêu chưa có số"),
    ]
    match = make_previous(city, 2020, 2, figures=labels, starts_on=date(2020, 7, 10))
    others = [
        make_previous(other, 2020, 2, figures=[figure("Số tổ chức đảng được kiểm tra", 1)]),
        make_previous(city, 2020, 1, figures=[figure("Số tổ chức đảng được kiểm tra", 2)]),
        make_previous(city, 2019, 2, figures=[figure("Số tổ chức đảng được kiểm tra", 3)]),
        make_previous(city, 2020, 2, status="draft", figures=[figure("Số tổ chức đảng được kiểm tra", 4)]),
    ]
    source = make_previous(
        city,
        2021,
        1,
        figures=[
            figure("Số tổ chức đảng được kiểm tra", 25000),
            figure("Số cấp ủy viên được kiểm tra", 70),
            figure("Đảng viên được kiểm tra", 160, "year_to_date"),
            figure("trong đó cấp ủy viên", 35, "year_to_date", "Đảng viên được kiểm tra"),
            figure("Tổ chức đảng bị kỷ luật", 5),
            figure("Chỉ tiêu chưa có số", 9),
        ],
    )
    return {"match": match, "others": others, "source": source}


def test_baselines_come_from_the_same_period_a_year_before_of_the_same_organiser(client, secretary, history):
    assert start(client, history["source"], "quarter:2", "2021").status_code == 303
    copy = newest()
    assert baselines.previous_year_match(copy).id == history["match"].id
    rows = [
        (f.label, f.scope, f.baseline_qualifier, f.baseline_value, f.baseline_label, f.baseline_carried)
        for f in copy.reports[0].figures
    ]
    assert rows == [
        # folded: case, old and new tone placement do not matter
        ("Số tổ chức đảng được kiểm tra", "", "hơn", 26000, "cùng kỳ năm 2020", True),
        ("Số cấp ủy viên được kiểm tra", "", "", 75, "cùng kỳ năm 2020", True),
        # the scope must match: 400 from the start of the year, not 150 of the quarter
        ("Đảng viên được kiểm tra", "year_to_date", "", 400, "cùng kỳ năm 2020", True),
        ("trong đó cấp ủy viên", "year_to_date", "", 30, "cùng kỳ năm 2020", True),
        # no such figure a year before; a figure a year before without a value
        ("Tổ chức đảng bị kỷ luật", "", "", None, "", False),
        ("Chỉ tiêu chưa có số", "", "", None, "", False),
    ]
    assert "4 chỉ tiêu đã có số cùng kỳ năm 2020" in plain(client.get(f"/conferences/{copy.id}/edit"))


def test_no_baselines_from_another_quarter_or_another_organiser(client, secretary, history, units):
    # quý III/2021: nobody reviewed quý III/2020
    start(client, history["source"], "quarter:3", "2021")
    assert all(f.baseline_value is None for f in newest().reports[0].figures)
    # another organiser, same period: the city's quý II/2020 is not theirs
    conference = newest()
    services.set_organiser(conference, units["districts"][1])
    conference.period_number = 2
    db.session.flush()
    assert baselines.previous_year_match(conference) is None
    assert baselines.carry_baselines(conference, conference.reports[0].figures) == 0


def test_a_published_conference_is_preferred_then_the_most_recent(units):
    city = units["city"]
    draft = make_previous(city, 2020, 2, status="draft", starts_on=date(2020, 7, 20))
    older = make_previous(city, 2020, 2, starts_on=date(2020, 7, 1))
    newer = make_previous(city, 2020, 2, starts_on=date(2020, 7, 15))
    target = Conference(title="x", kind="review", period_kind="quarter", period_number=2, period_year=2021)
    services.set_organiser(target, city)
    assert baselines.previous_year_match(target).id == newer.id
    db.session.delete(older)
    db.session.delete(newer)
    db.session.commit()
    assert baselines.previous_year_match(target).id == draft.id
    target.period_kind = "half"
    assert baselines.previous_year_match(target) is None


def test_a_whole_year_matches_the_year_before(units):
    city = units["city"]
    previous = make_previous(city, 2022, kind="year", figures=[figure("Đảng viên bị kỷ luật", 12)])
    conference = make_previous(city, 2023, kind="year", figures=[figure("đảng viên bị kỷ luật")])
    assert baselines.previous_year_match(conference).id == previous.id
    assert baselines.carry_baselines(conference, conference.reports[0].figures) == 1
    assert conference.reports[0].figures[0].baseline_value == 12


def test_a_typed_baseline_or_stated_change_is_never_overwritten(history):
    target = history["source"]
    target.period_number = 2
    typed, stated, empty = target.reports[0].figures[:3]
    typed.baseline_value, typed.baseline_label = 1, "cùng kỳ năm 2020"
    stated.stated_change_pct, stated.baseline_label = -39, "cùng kỳ năm 2020"
    assert baselines.carry_baselines(target, [typed, stated, empty]) == 1
    assert (typed.baseline_value, typed.baseline_carried) == (1, False)
    assert (stated.baseline_value, stated.stated_change_pct, stated.baseline_carried) == (None, -39, False)
    assert (empty.baseline_value, empty.baseline_carried) == (400, True)


def _save_grid(client, conference, **changes):
    """Save the first report's figure grid as the page shows it, with ``changes`` to cells."""
    report = conference.reports[0]
    url = f"/conferences/{conference.id}/reports/{report.id}"
    grid = form_with(text(client.get(url)), action_ends="/figures")
    response = client.post(grid.action, data=MultiDict(grid.data(action="save", **changes)))
    assert response.status_code == 303, text(response)
    db.session.expire_all()
    return db.session.get(Conference, conference.id).reports[0].figures


def test_a_person_changing_the_baseline_makes_it_theirs(client, secretary, history):
    start(client, history["source"], "quarter:2", "2021")
    copy = newest()
    assert [f.baseline_carried for f in copy.reports[0].figures[:3]] == [True, True, True]
    # saving the grid as it stands (a person who filled in only the value) keeps them carried
    figures = _save_grid(client, copy, **{"rows-0-value": "25.500"})
    assert figures[0].baseline_carried and figures[0].value == 25500
    figures = _save_grid(
        client,
        copy,
        **{
            "rows-0-baseline": "26.100",
            "rows-1-baseline_label": "6 tháng đầu năm 2020",
            "rows-2-baseline": "",
            "rows-2-baseline_label": "",
        },
    )
    assert not figures[0].baseline_carried and figures[0].baseline_value == 26100
    assert not figures[1].baseline_carried
    assert not figures[2].baseline_carried and figures[2].baseline_value is None
    # a cleared baseline stays cleared on the next save: only new rows are carried over
    figures = _save_grid(client, copy)
    assert figures[2].baseline_value is None


def test_a_row_added_to_the_grid_gets_its_baseline_from_the_same_period(client, secretary, history):
    start(client, history["source"], "quarter:2", "2021")
    copy = newest()
    n = len(copy.reports[0].figures)
    # the row is deleted and typed again as a new one, spelled differently
    figures = _save_grid(
        client,
        copy,
        **{"rows-1-delete": "y", f"rows-{n}-label": "SỐ CẤP ỦY VIÊN ĐƯỢC KIỂM TRA", f"rows-{n}-value": "72"},
    )
    added = figures[-1]
    assert (added.value, added.baseline_value, added.baseline_label) == (72, 75, "cùng kỳ năm 2020")
    assert added.baseline_carried


def test_carried_baselines_are_marked_where_figures_are_listed(client, secretary, history):
    start(client, history["source"], "quarter:2", "2021")
    copy = newest()
    client.get(f"/conferences/{copy.id}/edit")  # where the flash is shown
    page = plain(client.get(f"/conferences/{copy.id}/minutes"))
    assert "cùng kỳ năm 2020: hơn 26.000 vụ chuyển từ cùng kỳ" in page
    assert page.count("chuyển từ cùng kỳ") == 4
    _save_grid(client, copy, **{"rows-0-value": "27.000"})
    page = plain(client.get(f"/conferences/{copy.id}/minutes"))
    assert "tăng 1.000 vụ" in page and page.count("chuyển từ cùng kỳ") == 4
    _save_grid(client, copy, **{"rows-0-baseline": "25.000"})
    assert plain(client.get(f"/conferences/{copy.id}/minutes")).count("chuyển từ cùng kỳ") == 3


def test_carrying_runs_the_same_queries_for_ten_figures_as_for_a_hundred(units, count_queries):
    city = units["city"]

    def counted(n: int) -> int:
        year = 2000 + n  # a pair of years of its own for each run
        make_previous(city, year, 2, figures=[figure(f"Chỉ tiêu {i}", i + 1) for i in range(n)])
        target = make_previous(city, year + 1, 2, figures=[figure(f"chi tieu {i}") for i in range(n)])
        subs = [Figure(label="trong đó", parent=f, position=99) for f in target.reports[0].figures]
        target.reports[0].figures.extend(subs)
        db.session.commit()
        figures = list(target.reports[0].figures)
        for f in figures:
            f.parent  # noqa: B018  (loaded, as on the page that edits them)
        with count_queries() as statements:
            assert baselines.carry_baselines(target, figures) == n
        db.session.rollback()
        return len(statements)

    assert counted(10) == counted(100) == 2


# --- permissions and bad input ----------------------------------------------------------------


def test_who_cannot_read_the_previous_conference_cannot_start_from_it(client, users, full, units):
    make_user("thukytn", "secretariat", units["other"])
    login(client, "thukytn")
    assert client.get(f"/conferences/{full.id}/copy").status_code == 403
    assert start(client, full).status_code == 403
    assert client.get("/conferences/2147483647/copy").status_code == 404
    login(client, "lanhdao")  # reads it, but creates nothing
    assert client.get(f"/conferences/{full.id}").status_code == 200
    assert start(client, full).status_code == 403
    assert "Bắt đầu hội nghị kỳ sau" not in text(client.get(f"/conferences/{full.id}"))
    assert client.get("/conferences/copy").status_code == 403
    assert count(Conference) == 1


@pytest.mark.parametrize(
    ("period", "year", "message"),
    [
        ("quarter:9", "2021", "Not a valid choice"),
        ("", "2021", "Hãy chọn kỳ của hội nghị mới."),
        ("quarter:2", "", "Hãy nhập năm của kỳ."),
        ("quarter:2", "3000", "Năm phải trong khoảng 1945 đến 2100."),
        ("quarter:2", "hai nghìn", "Năm phải trong khoảng 1945 đến 2100."),
    ],
)
def test_a_bad_period_is_refused_next_to_the_field_and_creates_nothing(
    client, secretary, full, period, year, message
):
    response = start(client, full, period, year)
    assert response.status_code == 422
    page = text(response)
    assert 'class="error"' in page and (message in page or message in plain(response))
    assert count(Conference) == 1 and count(Site) == 2


def test_the_service_refuses_a_bad_period_on_its_field(full, users):
    for kind, number, year, field in [
        ("quarter", 5, 2021, "period"),
        ("month", 13, 2021, "period"),
        ("year", 1, 2021, "period"),
        ("week", 1, 2021, "period"),
        ("quarter", 1, 1900, "period_year"),
    ]:
        with pytest.raises(RuleError) as refused:
            copying.start_from(
                full, users["secretariat"], period_year=year, period_kind=kind, period_number=number
            )
        assert refused.value.field == field
    assert count(Conference) == 1


def test_an_organiser_outside_the_users_scope_becomes_their_own_unit(units, full):
    district_secretary = make_user("thukylc", "secretariat", units["districts"][0])
    copy = copying.start_from(
        full, district_secretary, period_year=2021, period_kind="quarter", period_number=2
    )
    assert copy.organiser_id == units["districts"][0].id


# --- the pages --------------------------------------------------------------------------------


def test_the_pages_lead_to_the_copy(client, secretary, full):
    assert f"/conferences/{full.id}/copy" in text(client.get(f"/conferences/{full.id}"))
    assert "/conferences/copy" in text(client.get("/conferences/new"))
    listing = text(client.get("/conferences/copy"))
    assert f"/conferences/{full.id}/copy" in listing and full.title in listing


def test_the_list_of_previous_conferences_is_paginated(client, secretary, units, app):
    for number in range(30):
        make_previous(units["city"], 1990 + number, 1)
    first = text(client.get("/conferences/copy"))
    assert first.count("Bắt đầu từ hội nghị này") == app.config["PAGE_SIZE"]
    assert "page=2" in first
    assert "Bắt đầu từ hội nghị này" in text(client.get("/conferences/copy?page=2"))
