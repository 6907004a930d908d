"""National-scale benchmark (``make bench``): a generated tree of 1 + 63 + 700 + 10.000 units,
500 conferences, 100.000 tasks, served in-process by the Flask test client on SQLite; for each
page the median and p95 of its requests **as ratios** to a bare route and to the page's own
aggregate query, measured in the same run (these machines are noisy: only ratios compare).

Scale with ``BENCH_COMMUNES`` (default 10.000; the tasks follow: ten national directives to
every commune). It prints figures; it asserts nothing (targets are checked by reading them,
query counts and page sizes at two sizes are asserted in the test suite).

What it is not (yet): served by gunicorn, on PostgreSQL, or under concurrent clients.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import config  # noqa: E402
from minutes import create_app  # noqa: E402
from minutes.clock import today  # noqa: E402
from minutes.extensions import db  # noqa: E402
from minutes.models import Conference, Directive, Organisation, Task, User  # noqa: E402
from minutes.tasks import reports  # noqa: E402
from minutes.tasks.reports import TaskFilters  # noqa: E402

PASSWORD = "mật khẩu đo tải"
RUNS = int(os.environ.get("BENCH_RUNS", "15"))


def generate(communes: int) -> dict:
    """Bulk inserts of what the services would produce; returns ids the pages need."""
    rows, paths = [], {}
    next_id = iter(range(1, 10**7))

    def unit(name: str, level: str, parent: int | None) -> int:
        ident = next(next_id)
        paths[ident] = (paths[parent] if parent else "/") + f"{ident}/"
        rows.append(
            {
                "id": ident,
                "name": name,
                "name_folded": name.lower(),
                "level": level,
                "parent_id": parent,
                "path": paths[ident],
                "sort_order": 0,
                "active": True,
                "external": False,
            }
        )
        return ident

    top = unit("Ban Chấp hành Trung ương", "central", None)
    provinces = [unit(f"Tỉnh ủy {i:02d}", "province", top) for i in range(63)]
    districts = [unit(f"Huyện ủy {i:03d}", "district", provinces[i % 63]) for i in range(700)]
    leaves = [unit(f"Đảng ủy xã {i:05d}", "grassroots", districts[i % 700]) for i in range(communes)]
    db.session.execute(db.insert(Organisation), rows)
    people = []
    for name, role, where in (
        ("trunguong", "admin", top),
        ("tinhuy", "secretariat", provinces[0]),
        ("xaphuong", "officer", leaves[0]),
    ):
        user = User(username=name, full_name=name, role=role, organisation_id=where)
        user.set_password(PASSWORD)
        people.append(user)
    db.session.add_all(people)
    conferences = [
        Conference(
            title=f"Hội nghị giao ban số {i}",
            kind="review",
            status="published",
            starts_on=date(2025, 1, 1) + timedelta(days=i % 360),
            organiser_id=provinces[i % 63],
            organiser_name=f"Tỉnh ủy {i % 63:02d}",
        )
        for i in range(500)
    ]
    conferences[0].organiser_id, conferences[0].organiser_name = top, "Ban Chấp hành Trung ương"
    db.session.add_all(conferences)
    db.session.flush()
    directives = [
        Directive(conference_id=conferences[0].id, position=i + 1, text=f"Chỉ đạo toàn quốc số {i + 1}.")
        for i in range(10)
    ]
    db.session.add_all(directives)
    db.session.flush()
    names = {r["id"]: r["name"] for r in rows}
    now, day = time.time(), today()
    tasks = []
    for d in directives:
        for i, leaf in enumerate(leaves):
            due = day + timedelta(days=(i % 90) - 30)
            done = day - timedelta(days=i % 20) if i % 3 == 0 else None
            tasks.append(
                {
                    "directive_id": d.id,
                    "organisation_id": leaf,
                    "organisation_name": names[leaf],
                    "due_date": due,
                    "original_due_date": due,
                    "completed_on": done,
                    "progress": 100 if done else (i * 7) % 90,
                    "uid": f"bench-{d.id}-{leaf}@minutes",
                }
            )
    db.session.execute(db.insert(Task), tasks)
    db.session.commit()
    print(
        f"generated {len(rows):,} units, 500 conferences, {len(tasks):,} tasks in {time.time() - now:.1f} s"
    )
    return {"directive": directives[0].id, "province": provinces[0]}


def timed(client, url: str) -> tuple[float, float, int]:
    """Median and p95 seconds of ``RUNS`` requests, and the size of the answer."""
    samples, size = [], 0
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code, response.headers.get("Location"))
        size = len(response.data)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))], size


def query_time(fn) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    communes = int(os.environ.get("BENCH_COMMUNES", "10000"))
    folder = Path(tempfile.mkdtemp(prefix="minutes-bench-"))
    os.environ["MINUTES_INSTANCE"] = str(folder)
    bench = type(
        "Bench", (config.TestConfig,), {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}"}
    )
    app = create_app(bench)
    app.add_url_rule("/_bare", "bare", lambda: "ok")
    with app.app_context():
        db.create_all()
        ids = generate(communes)
        aggregate = query_time(lambda: reports.rollup(TaskFilters()))
    # Requests run outside any app context, as a server's do (each gets its own).
    signed_in = app.test_client()
    signed_in.post("/login", data={"username": "xaphuong", "password": PASSWORD})
    bare = timed(signed_in, "/_bare")  # signed in, as every page: the same session cost
    print(f"bare route (signed in): median {bare[0] * 1000:.2f} ms, p95 {bare[1] * 1000:.2f} ms")
    print(f"dashboard's aggregate status query: median {aggregate * 1000:.1f} ms")
    pages = [
        ("trunguong", "national dashboard", "/tasks/dashboard", aggregate),
        ("trunguong", "a directive to every commune", f"/tasks/directives/{ids['directive']}", aggregate),
        ("tinhuy", "province dashboard", "/tasks/dashboard", None),
        ("xaphuong", "conference list (commune officer)", "/conferences/", None),
        ("xaphuong", "Việc của tôi (commune officer)", "/tasks/mine", None),
        ("trunguong", "conference list (national)", "/conferences/", None),
    ]
    for who, label, url, ceiling in pages:
        client = app.test_client()
        signed = client.post("/login", data={"username": who, "password": PASSWORD})
        assert signed.status_code == 302, who
        median, p95, size = timed(client, url)
        against = f", {p95 / ceiling:.1f}× its aggregate query" if ceiling else ""
        print(
            f"{label:38} median {median * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  "
            f"= {p95 / bare[1]:6.0f}× bare{against}  {size / 1024:6.0f} KB"
        )


if __name__ == "__main__":
    main()
