"""Races under gunicorn (4 workers, a SQLite file or a PostgreSQL database, CSRF on, as in
production): many people press the same button at the same moment. Each client first reads
the page (its form, CSRF token and version), then all of them wait at a barrier and post
together.

- Eight secretaries assign the same directive to the same unit: exactly one live task exists
  afterwards, exactly one of them is told it was assigned, every other one is told why not.
- Eight secretaries hand the same task down to the same sub-unit: exactly one child task.
- One officer presses "new calendar link" in eight browsers: exactly one working token, and
  every success the officer was shown made exactly one token.

No response may be a 500: a 3xx must lead to a page with a message, a 4xx must carry one.
Three rounds of each (a fresh unit, sub-unit or token each time). Bounded: every wait has a
timeout, the server listens on 127.0.0.1 only and is stopped however the test ends.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from collections.abc import Callable

import pytest

from tests.serving import Client, Reply, form_with, in_app, migrate, serve, server_env, tracebacks

pytestmark = pytest.mark.race
N, ROUNDS = 8, 3
PASSWORD = "mật khẩu chạy đua"
BARRIER_TIMEOUT = 60

Prepare = Callable[[Client], tuple[str, list[tuple[str, str]]]]


def _seed(env: dict) -> dict:
    migrate(env)
    out = in_app(
        env,
        f"""
        import json
        from datetime import timedelta
        from minutes.clock import today
        from minutes.models import Conference, Directive, Organisation, User
        from minutes.tasks import services
        city = Organisation(name="Thành phố", level="province")
        districts = [Organisation(name=f"Quận {{i}}", level="district", parent=city)
                     for i in range({ROUNDS})]
        wards = [Organisation(name=f"Phường {{i}}", level="grassroots", parent=districts[0])
                 for i in range({ROUNDS})]
        conference = Conference(title="Hội nghị chạy đua", kind="review", status="published",
                                organiser=city)
        to_assign = Directive(conference=conference, position=1, text="Giao cho từng quận.")
        to_delegate = Directive(conference=conference, position=2, text="Giao lại cho phường.")
        people = []
        for i in range({N}):
            people.append(User(username=f"thuky{{i}}", full_name=f"Thư ký {{i}}",
                               role="secretariat", organisation=city))
        people.append(User(username="canbo", full_name="Cán bộ", role="officer",
                           organisation=districts[0]))
        for person in people:
            person.set_password({PASSWORD!r})
        db.session.add_all([city, *districts, *wards, conference, to_assign, to_delegate, *people])
        db.session.flush()
        parent = services.assign(to_delegate, people[0], [districts[0]],
                                 due_date=today() + timedelta(days=30)).created[0]
        db.session.commit()
        print(json.dumps({{"assign": to_assign.id, "parent": parent.id,
                          "districts": [d.id for d in districts], "wards": [w.id for w in wards],
                          "officer": people[-1].id}}))
    """,
    )
    return json.loads(out.strip().splitlines()[-1])


def _race(clients: list[Client], prepare: Prepare) -> list[tuple[Client, Reply]]:
    """Every client reads its page and builds its post (``prepare``), then all post at once."""
    barrier = threading.Barrier(len(clients), timeout=BARRIER_TIMEOUT)
    replies: list[Reply | None] = [None] * len(clients)
    errors: list[str] = []

    def run(i: int, client: Client) -> None:
        try:
            path, data = prepare(client)
        except Exception as error:  # noqa: BLE001 - reported below, and the others released
            errors.append(f"client {i} preparing: {error!r}")
            barrier.abort()
            return
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            errors.append(f"client {i}: the barrier broke")
            return
        try:
            replies[i] = client.call(path, data)
        except Exception as error:  # noqa: BLE001
            errors.append(f"client {i} posting: {error!r}")

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=BARRIER_TIMEOUT + 60)
    assert not any(t.is_alive() for t in threads), "clients did not finish in time"
    assert not errors, errors
    return list(zip(clients, replies, strict=True))


def _has_message(html: str) -> bool:
    """A flash or field error (role=alert), or the error page's title and sentence."""
    return 'role="alert"' in html or bool(re.search(r"<h1>[^<]+</h1>\s*<p>[^<]+</p>", html))


def _judge(pairs: list[tuple[Client, Reply]], what: str, problems: list[str]) -> tuple[int, Counter]:
    """How many were told their action succeeded (a success flash after the redirect); every
    other answer must be a refusal with a message. Anything else is added to ``problems``."""
    successes, statuses = 0, Counter()
    for client, reply in pairs:
        statuses[reply.status] += 1
        if 300 <= reply.status < 400:
            page = client.follow(reply)
            kinds = re.findall(r'class="flash flash-(\w+)"', page.text)
            if page.status != 200 or not kinds:
                problems.append(f"{what}: {reply.status} to a page {page.status} without a message")
            successes += "success" in kinds
        elif reply.status < 300 or reply.status in (409, 422):
            if not _has_message(reply.text):
                problems.append(f"{what}: {reply.status} without a message")
        else:
            problems.append(f"{what}: {reply.status}")
    return successes, statuses


def _signed_in(base: str, usernames: list[str]) -> list[Client]:
    clients = []
    for username in usernames:
        client = Client(base)
        assert client.sign_in(username, PASSWORD).status == 302, username
        clients.append(client)
    return clients


def test_simultaneous_assign_delegate_and_new_calendar_link_leave_one_of_each(tmp_path, served_database):
    started = time.monotonic()
    env = server_env(tmp_path, served_database)
    ids = _seed(env)
    log = tmp_path / "gunicorn.log"
    problems: list[str] = []
    seen: dict[str, Counter] = {"assign": Counter(), "delegate": Counter(), "token": Counter()}
    told: dict[str, list[int]] = {"assign": [], "delegate": [], "token": []}

    with serve(env, log) as base:
        secretaries = _signed_in(base, [f"thuky{i}" for i in range(N)])
        officer = _signed_in(base, ["canbo"] * N)

        for unit in ids["districts"]:

            def assign(client: Client, unit=unit):
                page = client.call(f"/tasks/directives/{ids['assign']}")
                assert page.status == 200, page.status
                # The picker's typed field is in the form; chosen units post as checked ids.
                form = form_with(page.text, field_name="assign-organisation_ids__text")
                return (
                    form.action or f"/tasks/directives/{ids['assign']}",
                    form.data(**{"assign-organisation_ids": str(unit)}),
                )

            won, statuses = _judge(_race(secretaries, assign), "assign", problems)
            told["assign"].append(won)
            seen["assign"].update(statuses)

        for ward in ids["wards"]:

            def delegate(client: Client, ward=ward):
                page = client.call(f"/tasks/{ids['parent']}")
                assert page.status == 200, page.status
                form = form_with(page.text, action_ends="/delegate")
                return form.action, form.data(unit_ids=str(ward))

            won, statuses = _judge(_race(secretaries, delegate), "delegate", problems)
            told["delegate"].append(won)
            seen["delegate"].update(statuses)

        def new_link(client: Client):
            page = client.call("/calendar/")
            assert page.status == 200, page.status
            form = form_with(page.text, action_ends="/calendar/token")
            return form.action, form.data()

        for _round in range(ROUNDS):  # the first round creates the link, the others replace it
            won, statuses = _judge(_race(officer, new_link), "token", problems)
            told["token"].append(won)
            seen["token"].update(statuses)

        stored = json.loads(
            in_app(
                env,
                f"""
            import json
            from minutes.calendar import services as calendar
            from minutes.models import CalendarToken, Task, TaskEvent
            def live(**where):
                return len(db.session.scalars(db.select(Task).where(
                    Task.cancelled_at.is_(None), *[getattr(Task, k) == v for k, v in where.items()]
                )).all())
            tokens = db.session.scalars(db.select(CalendarToken).where(
                CalendarToken.user_id == {ids["officer"]}).order_by(CalendarToken.id)).all()
            print(json.dumps({{
                "assigned": [live(directive_id={ids["assign"]}, parent_id=None, organisation_id=u)
                             for u in {ids["districts"]}],
                "delegated": [live(parent_id={ids["parent"]}, organisation_id=w)
                              for w in {ids["wards"]}],
                "handed_down": len(db.session.scalars(db.select(TaskEvent).where(
                    TaskEvent.task_id == {ids["parent"]}, TaskEvent.action == "delegated")).all()),
                "tokens": [[calendar.token_string(t), t.revoked_at is None] for t in tokens],
            }}))
        """,
                timeout=60,
            )
            .strip()
            .splitlines()[-1]
        )
        # What a calendar client gets with each link ever made: only the live one still works.
        feeds = [
            (live, officer[0].call(f"/calendar/feed/{secret}/mine.ics").status)
            for secret, live in stored["tokens"]
        ]

    elapsed = time.monotonic() - started
    print(
        f"\nraces: {N} clients x {ROUNDS} rounds in {elapsed:.1f} s; statuses "
        + "; ".join(f"{k} {dict(v)}" for k, v in seen.items())
        + f"; told success {told}; tokens made {len(stored['tokens'])}"
    )
    assert not problems, f"{dict(Counter(problems))}\n{tracebacks(log)}"
    assert stored["assigned"] == [1] * ROUNDS, stored
    assert told["assign"] == [1] * ROUNDS
    assert stored["delegated"] == [1] * ROUNDS and stored["handed_down"] == ROUNDS, stored
    assert told["delegate"] == [1] * ROUNDS
    assert [live for _secret, live in stored["tokens"]].count(True) == 1, stored["tokens"]
    assert stored["tokens"][-1][1], "the live token is the newest one"
    assert all(won >= 1 for won in told["token"]) and sum(told["token"]) == len(stored["tokens"])
    assert [status for live, status in feeds if live] == [200]
    assert {status for live, status in feeds if not live} <= {404}
