"""Property-based fuzzing of every URL rule of the app, as every role.

A seeded database (draft and published conferences with sites, attendees, reports with
figures and directives; tasks incl. delegated ones, pending extensions, done, cancelled and
standing ones; calendar tokens) gives real ids; hostile ids, query strings and form values
are thrown at every rule, GET and POST, as admin, secretariat, officer, viewer and anonymous.
POSTs are built from the forms the pages really show (see :mod:`tests.fuzzing`), so that the
forms' validation is reached and not only the router's 404.

Properties, for every answer:

- never a 5xx;
- a refused POST (status >= 400) changes nothing in the database (every row of every table
  is compared), nor does a POST whose form comes back (200), nor a GET;
- no payload comes back unescaped;
- after an accepted change, its pages and every calendar feed are still served (no 500);
- every rule is reached (an answer other than 403/404/405 or a redirect to sign-in) at
  least once, for GET and for POST, by some role.

Findings are collected over the whole run and reported together (each with its request and
the last lines of the traceback) rather than stopping at the first.
"""

from __future__ import annotations

from contextlib import ExitStack

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.databases import ON_POSTGRES, fresh_database
from tests.fuzzing import (
    DATES,
    DATETIMES,
    DROP,
    HOSTILE_IDS,
    NUMBERS,
    ROLES,
    TEXT,
    VERSIONS,
    Fuzzer,
    build_world,
    hostile_pool,
    mutate,
    other_choices,
    real_values,
)

#: Examples per rule and method in the hostile sweep (about 100 rule/method pairs).
EXAMPLES = 50


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        print_blob=False,
        suppress_health_check=list(HealthCheck),
    )


@pytest.fixture(scope="module")
def fuzzer(tmp_path_factory):
    """One app, seeded once; every changing request is undone by restoring the snapshot. Its
    database is its own: in memory on SQLite, one made for the module on PostgreSQL."""
    instance = tmp_path_factory.mktemp("fuzz")
    with ExitStack() as stack:
        url = stack.enter_context(fresh_database(instance, "fuzz")) if ON_POSTGRES else "sqlite://"
        with pytest.MonkeyPatch.context() as patch:
            world = build_world(instance, url)
            patch.undo()
        fuzzer = Fuzzer(world)
        fuzzer.crawl()
        fuzzer.crawled, fuzzer.findings = fuzzer.findings, {}
        yield fuzzer
        fuzzer.db.engine.dispose()


def report(fuzzer) -> None:
    """Fail with every finding of the test (not only the first), each with its request."""
    if fuzzer.findings:
        pytest.fail(f"{len(fuzzer.findings)} findings:\n{fuzzer.report()}", pytrace=False)


def spread(items: list, n: int = 4) -> list:
    """Up to ``n`` items spread over ``items`` (the draft, the published and the foreign
    conference's rows, not the first four of the draft's)."""
    if len(items) <= n:
        return items
    return [items[i] for i in dict.fromkeys(round(i * (len(items) - 1) / (n - 1)) for i in range(n))]


#: (endpoint, method) pairs that no role can reach, and why. Kept small on purpose.
UNREACHABLE: dict[tuple[str, str], str] = {}


def test_every_rule_is_reached_as_every_role(fuzzer):
    """Every rule, every method it allows, every role: with seeded ids and the untouched forms
    of the pages (so the forms' validation runs, and edits and deletes are accepted), then with
    each hostile id. The crawl of the fixture has already sent every GET with every seeded id."""
    world = fuzzer.world
    for rule in fuzzer.rules:
        if "POST" in rule.methods:
            for role in ROLES:
                for values in spread(real_values(rule, world)):
                    url = rule.url(values)
                    form = fuzzer.form_for(rule, role, url)
                    fuzzer.send(
                        role, "POST", url, endpoint=rule.endpoint, data=form.defaults() if form else {}
                    )
        for i, name in enumerate(rule.ints):
            values = real_values(rule, world)[0]
            for j, hostile in enumerate(HOSTILE_IDS):
                role = ROLES[(i + j) % len(ROLES)]
                url = rule.url({**values, name: hostile})
                for method in rule.methods:
                    answer = fuzzer.send(role, method, url, endpoint=rule.endpoint)
                    if role != "anonymous" and hostile != "2147483647":
                        assert answer.status_code == 404, (method, url, answer.status_code)
    fuzzer.findings = {**fuzzer.crawled, **fuzzer.findings}
    assert fuzzer.accepted > 50, "hardly any change was accepted: the forms are not reached"
    assert fuzzer.db.dump() == fuzzer.clean, "a change was not undone between requests"
    report(fuzzer)

    expected = {(rule.endpoint, method) for rule in fuzzer.rules for method in rule.methods}
    missed = sorted(expected - fuzzer.reached.keys() - UNREACHABLE.keys())
    assert not missed, f"never reached past 403/404/405 by any role: {missed}"
    # Each signed-in role is let in somewhere beyond the lists (not everything is a 403).
    for role in ("admin", "secretariat", "officer", "viewer"):
        assert sum(role in roles for roles in fuzzer.reached.values()) > 10, role


def _pairs(fuzzer):
    return [(rule, method) for rule in fuzzer.rules for method in rule.methods]


def sweep(fuzzer, rule, method):
    """The hypothesis test of one rule and method."""
    world = fuzzer.world
    combos = real_values(rule, world)

    @fuzz_settings(EXAMPLES)
    @given(data=st.data())
    def run(data):
        role = data.draw(st.sampled_from(ROLES), label="role")
        values = dict(data.draw(st.sampled_from(combos), label="seeded ids"))
        for name in rule.ints:
            if data.draw(st.integers(0, 5), label=f"hostile {name}?") == 0:
                values[name] = data.draw(st.sampled_from(HOSTILE_IDS), label=name)
        for name in rule.others:
            values[name] = data.draw(st.sampled_from(other_choices(rule, name, world)), label=name)
        url = rule.url(values)
        query = None
        if method == "GET" or data.draw(st.integers(0, 5), label="query on POST?") == 0:
            names = fuzzer.query_for(rule.endpoint)
            chosen = data.draw(
                st.lists(st.sampled_from(sorted(names)), max_size=4, unique=True), label="query names"
            )
            query = {
                n: data.draw(st.sampled_from(names[n] + TEXT[:12] + NUMBERS + DATES + DATETIMES[:2]), label=n)
                for n in chosen
            }
        form_data = None
        if method == "POST":
            form = fuzzer.form_for(rule, role, url)
            if form is None or not form.fields:
                form_data = {}
            else:
                indexes = data.draw(
                    st.lists(st.integers(0, len(form.fields) - 1), min_size=1, max_size=4, unique=True),
                    label="fields",
                )
                steps = [
                    (
                        i,
                        data.draw(
                            st.sampled_from(hostile_pool(form.fields[i]) + (DROP,)), label=form.fields[i].name
                        ),
                    )
                    for i in indexes
                ]
                form_data = mutate(form, steps)
        fuzzer.send(role, method, url, endpoint=rule.endpoint, data=form_data, query=query)

    return run


def test_hostile_input_on_every_rule(fuzzer):
    """Hypothesis picks the role, the ids (seeded or hostile), the query string and which
    fields of the real form get which hostile value, for each rule and method in turn."""
    fuzzer.findings = {}
    for rule, method in _pairs(fuzzer):
        sweep(fuzzer, rule, method)()
    report(fuzzer)


#: Values each field of its kind is given, one field at a time, in the targeted pass.
TARGETED = {
    "date": DATES,
    "datetime-local": DATETIMES,
    "number": NUMBERS,
    "text": (
        "\x00",
        "a\x00b\x07\x1b[31m",
        TEXT[14],
        "9" * 5000,
        "²",
        "٣",
        DATES[1],
        "999999999999999",
        "0,000000000000001",
    ),
}
TARGETED["textarea"] = TARGETED["email"] = TARGETED["url"] = TARGETED["password"] = TARGETED["text"]
TARGETED["select"] = TARGETED["radio"] = ("", "²", "0", "-1", "2147483648", "9" * 5000, "\x00")


def test_targeted_values_on_every_form(fuzzer):
    """The cases of the issue on every form, deterministically, as the role that saw the form:
    each version that must be refused (missing, stale, non-numeric, huge) and each far date,
    huge or non-ASCII number, NUL and very long text in each field, one field at a time; and
    ``?page=²`` / a 20-digit page on every page."""
    fuzzer.findings = {}
    for (endpoint, method), forms in sorted(fuzzer.forms.items()):
        first = {}
        for candidate in forms:  # in crawl order: a draft conference's rows come first
            first.setdefault(candidate.role, candidate)
        form = next(
            (first[r] for r in ("secretariat", "admin", "officer", "viewer") if r in first),
            first.get("anonymous") if endpoint == "auth.login" else None,
        )
        if form is not None:
            for index, f in enumerate(form.fields):
                if f.name == "version":
                    accepted = []
                    for value in VERSIONS:
                        data = mutate(form, [(index, value)])
                        answer = fuzzer.send(form.role, method, form.path, endpoint=endpoint, data=data)
                        if answer.status_code < 400:
                            accepted.append(f"{value[:12]!r} ({answer.status_code})")
                    if accepted:
                        fuzzer._found(
                            "version not checked",
                            form.role,
                            method,
                            form.path,
                            endpoint,
                            form.defaults(),
                            0,
                            "accepted with version " + ", ".join(accepted),
                        )
                else:
                    for value in TARGETED.get(f.kind, ()):
                        fuzzer.send(
                            form.role,
                            method,
                            form.path,
                            endpoint=endpoint,
                            data=mutate(form, [(index, value)]),
                        )
    for rule in fuzzer.rules:
        if "GET" in rule.methods and not rule.endpoint.startswith(("calendar.feed_", "static")):
            url = rule.url(real_values(rule, fuzzer.world)[0])
            for page in ("²", "٣", "99999999999999999999", "-1", "0", "9" * 5000):
                fuzzer.send(ROLES[len(page) % 4], "GET", url, endpoint=rule.endpoint, query={"page": page})
    report(fuzzer)


def test_calendar_feeds_with_real_tokens(fuzzer):
    """Feeds are served by token, without a session: real, revoked and forged tokens, every
    feed kind, hostile options (alarm=², a 5000-digit alarm…) and conditional headers."""
    world = fuzzer.world
    fuzzer.findings = {}
    feeds = [rule for rule in fuzzer.rules if rule.endpoint.startswith("calendar.feed_")]
    assert len(feeds) == 4
    forged = [world.revoked_token, "x", "²", world.tokens["admin"][:-1] + "A", "a" * 400]
    hostile = ("", "-1", "61", "01", " 1", "true", "EVENT", *NUMBERS, *TEXT[:4])
    readers = [world.tokens[r] for r in ("secretariat", "admin", "officer", "viewer")]

    def option(valid: tuple[str, ...]):
        """Absent, valid or hostile: an option is only read once the ones before it passed."""
        return st.one_of(st.none(), st.sampled_from(valid), st.sampled_from(hostile))

    @fuzz_settings(300)
    @given(
        rule=st.sampled_from(feeds),
        data=st.data(),
        # the secretariat's token opens every feed; the others are refused some
        token=st.one_of(st.just(readers[0]), st.sampled_from(readers), st.sampled_from(forged)),
        done=option(("0", "1")),
        alarm=option(("0", "1", "3", "60")),
        style=option(("event", "todo")),
        header=st.sampled_from(
            [
                None,
                ("If-None-Match", '"x"'),
                ("If-None-Match", "*"),
                ("If-Modified-Since", "Mon, 01 Jan 0001 00:00:00 GMT"),
                ("If-Modified-Since", "Fri, 31 Dec 9999 23:59:59 GMT"),
                ("If-Modified-Since", "²"),
                ("If-None-Match", "\x00" * 10),
            ]
        ),
    )
    def run(rule, data, token, done, alarm, style, header):
        values = dict(data.draw(st.sampled_from(real_values(rule, world))))
        for name in rule.ints:
            if data.draw(st.integers(0, 5)) == 0:
                values[name] = data.draw(st.sampled_from(HOSTILE_IDS))
        values["token"] = token
        query = {k: v for k, v in {"done": done, "alarm": alarm, "style": style}.items() if v is not None}
        answer = fuzzer.send(
            "anonymous",
            "GET",
            rule.url(values),
            endpoint=rule.endpoint,
            query=query,
            headers=dict([header]) if header else None,
        )
        if answer.status_code == 200:
            assert answer.mimetype == "text/calendar"
            body = answer.get_data()
            assert body.startswith(b"BEGIN:VCALENDAR") and body.rstrip().endswith(b"END:VCALENDAR")

    run()
    # A real token opens its feed (the sweep is not only meeting 404s).
    reached = {e for (e, _m), roles in fuzzer.reached.items() if "anonymous" in roles}
    assert {
        "calendar.feed_mine",
        "calendar.feed_all",
        "calendar.feed_unit",
        "calendar.feed_conference",
    } <= reached
    report(fuzzer)


assert VERSIONS  # the version pool is used through hostile_pool
