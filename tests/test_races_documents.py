"""Issuing at the same moment, under gunicorn (4 workers, a SQLite file or a PostgreSQL database,
CSRF on):

- eight secretaries issue the Thông báo kết luận of eight conferences of one body at once:
  every one of them gets a number, distinct and consecutive (01 to 08), each entry with its
  own stored file;
- eight secretaries press "Ban hành" on the same conference at once (the double click, many
  times over): exactly one number is taken, every other one is told why not.

Bounded as the other races (tests/test_races.py): timeouts everywhere, loopback only."""

from __future__ import annotations

import json

import pytest

from tests.serving import form_with, in_app, migrate, serve, server_env
from tests.test_races import PASSWORD, N, _judge, _race, _signed_in

pytestmark = pytest.mark.race


def _seed(env) -> list[int]:
    migrate(env)
    out = in_app(
        env,
        f"""
        import json
        from datetime import date
        from minutes.models import Conference, Letterhead, Organisation, User
        city = Organisation(name="Thành ủy Hải Phòng", level="province")
        conferences = [Conference(title=f"Hội nghị giao ban tháng {{i + 1}} năm 2021", kind="review",
                                  status="published", organiser=city, starts_on=date(2021, i + 1, 5),
                                  organiser_name="Thành ủy Hải Phòng", conclusion="Kết luận.")
                       for i in range({N})]
        db.session.add_all([city, *conferences])
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
        print(json.dumps([c.id for c in conferences]))
        """,
    )
    return json.loads(out.strip().splitlines()[-1])


def _register(env) -> list[list]:
    out = in_app(
        env,
        """
        import hashlib, json
        from minutes.models import IssuedDocument
        rows = db.session.scalars(db.select(IssuedDocument)).all()
        print(json.dumps([[r.conference_id, r.number, r.number_text,
                           hashlib.sha256(r.content).hexdigest() == r.sha256, len(r.content)]
                          for r in rows]))
        """,
    )
    return json.loads(out.strip().splitlines()[-1])


def test_simultaneous_issues_take_distinct_numbers_and_a_double_click_takes_one(tmp_path, served_database):
    env = server_env(tmp_path, served_database)
    conferences = _seed(env)
    problems: list[str] = []
    with serve(env, tmp_path / "gunicorn.log") as base:
        secretaries = _signed_in(base, [f"thuky{i}" for i in range(N)])
        mine = {id(client): conference for client, conference in zip(secretaries, conferences, strict=True)}

        def issue_own(client):
            page = client.call(f"/conferences/{mine[id(client)]}/documents")
            assert page.status == 200, page.status
            form = form_with(page.text, action_ends="/documents/notice/issue")
            return form.action, form.data()

        won_apart, _ = _judge(_race(secretaries, issue_own), "issue apart", problems)
        apart = _register(env)

        def issue_same(client):
            page = client.call(f"/conferences/{conferences[0]}/documents")
            assert page.status == 200, page.status
            form = form_with(page.text, action_ends="/documents/minutes/issue")
            return form.action, form.data()

        won_same, _ = _judge(_race(secretaries, issue_same), "issue same", problems)
        together = _register(env)
    assert not problems, problems
    assert won_apart == N, "every secretary was told her conference's notice was issued"
    assert sorted(n for _c, n, *_ in apart) == list(range(1, N + 1))
    assert sorted(t for _c, _n, t, *_ in apart) == [f"Số {i:02d}-TB/TU" for i in range(1, N + 1)]
    assert sorted(c for c, *_ in apart) == sorted(conferences)
    assert all(ok and size > 1000 for *_rest, ok, size in apart), apart
    minutes = [row for row in together if row not in apart]
    assert won_same == 1 and len(minutes) == 1, minutes
    assert minutes[0][2] == "Số 01-BB/TU"
