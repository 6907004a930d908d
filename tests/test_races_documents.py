"""Eight secretaries issue the same conference's Thông báo kết luận at the same moment, under
gunicorn (4 workers, a SQLite file, CSRF on): every one of them gets a number, the numbers
are distinct and consecutive (01 to 08), and every register entry holds its own file.
Bounded as the other races (tests/test_races.py): timeouts everywhere, loopback only."""

from __future__ import annotations

import json

import pytest

from tests.serving import form_with, in_app, migrate, serve, server_env
from tests.test_races import PASSWORD, N, _judge, _race, _signed_in

pytestmark = pytest.mark.race


def test_simultaneous_issues_take_distinct_consecutive_numbers(tmp_path):
    env = server_env(tmp_path)
    migrate(env)
    out = in_app(
        env,
        f"""
        import json
        from datetime import date
        from minutes.models import Conference, Letterhead, Organisation, User
        city = Organisation(name="Thành ủy Hải Phòng", level="province")
        conference = Conference(title="Hội nghị tổng kết năm 2021", kind="annual",
                                status="published", organiser=city,
                                organiser_name="Thành ủy Hải Phòng", conclusion="Kết luận.")
        db.session.add_all([city, conference])
        db.session.flush()
        db.session.add(Letterhead(organisation_id=city.id, family="party",
                                  body_line="THÀNH ỦY HẢI PHÒNG", code="TU", place="Hải Phòng",
                                  term_start=date(2020, 10, 16), signer_for="BAN THƯỜNG VỤ",
                                  signer_position="BÍ THƯ", signer_name="Trần Lưu Quang"))
        for i in range({N}):
            user = User(username=f"thuky{{i}}", full_name=f"Thư ký {{i}}", role="secretariat",
                        organisation=city)
            user.set_password({PASSWORD!r})
            db.session.add(user)
        db.session.commit()
        print(json.dumps({{"conference": conference.id}}))
        """,
    )
    conference = json.loads(out.strip().splitlines()[-1])["conference"]
    problems: list[str] = []
    with serve(env, tmp_path / "gunicorn.log") as base:
        secretaries = _signed_in(base, [f"thuky{i}" for i in range(N)])

        def issue(client):
            page = client.call(f"/conferences/{conference}/documents")
            assert page.status == 200, page.status
            form = form_with(page.text, action_ends="/documents/notice/issue")
            return form.action, form.data()

        won, _statuses = _judge(_race(secretaries, issue), "issue", problems)
    assert not problems, problems
    stored = json.loads(
        in_app(
            env,
            """
            import hashlib, json
            from minutes.models import IssuedDocument
            rows = db.session.scalars(db.select(IssuedDocument)).all()
            print(json.dumps([[r.number, r.number_text, hashlib.sha256(r.content).hexdigest() == r.sha256,
                               len(r.content)] for r in rows]))
            """,
        )
        .strip()
        .splitlines()[-1]
    )
    assert won == N, "every secretary was told the document was issued"
    assert sorted(n for n, *_ in stored) == list(range(1, N + 1))
    assert all(ok and size > 1000 for _n, _t, ok, size in stored), stored
    assert sorted(t for _n, t, *_ in stored) == [f"Số {i:02d}-TB/TU" for i in range(1, N + 1)]
