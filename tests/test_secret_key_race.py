"""Workers starting together on an empty instance folder: all end up with the one key created
there, none fails to start, and no key is ever read half-written."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

from minutes import _secret_key

ROOT = Path(__file__).resolve().parent.parent
ROUNDS, THREADS = 200, 8


def _start_together(folder: Path, count: int) -> tuple[list[str], list[BaseException]]:
    """``count`` threads reading the key of ``folder`` at the same moment."""
    barrier = threading.Barrier(count)
    keys: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def start() -> None:
        app = SimpleNamespace(config={"SECRET_KEY": None}, instance_path=str(folder))
        barrier.wait()
        try:
            key = _secret_key(app)  # type: ignore[arg-type]
        except BaseException as error:  # noqa: BLE001 - a worker that cannot start
            with lock:
                errors.append(error)
        else:
            with lock:
                keys.append(key)

    threads = [threading.Thread(target=start) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return keys, errors


def test_many_simultaneous_starts_share_one_whole_key(tmp_path):
    for n in range(ROUNDS):
        folder = tmp_path / f"instance{n}"
        folder.mkdir()
        keys, errors = _start_together(folder, THREADS)
        assert errors == [], f"round {n}: {errors[:3]!r}"
        assert len(keys) == THREADS and len(set(keys)) == 1, f"round {n}: {keys}"
        assert keys[0] == (folder / "secret_key").read_text() and len(keys[0]) >= 48
        # Nothing left behind but the key itself.
        assert sorted(p.name for p in folder.iterdir()) == ["secret_key"]


def test_worker_processes_starting_at_once_agree_on_the_key(tmp_path):
    """Whole app starts in separate processes, released at the same instant."""
    instance = tmp_path / "instance"
    instance.mkdir()
    env = dict(os.environ, MINUTES_INSTANCE=str(instance), PYTHONPATH=str(ROOT))
    env.pop("SECRET_KEY", None)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite'}"
    # Each process imports the app, says so, and starts it when released (one line on stdin).
    script = (
        "import sys\nfrom minutes import create_app\nprint('ready', flush=True)\nsys.stdin.readline()\n"
        "print(create_app().config['SECRET_KEY'])\n"
    )
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", script],
            env=env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(6)
    ]
    for worker in workers:
        assert worker.stdout is not None and worker.stdout.readline() == b"ready\n"
    for worker in workers:  # released as close together as the pipes allow
        assert worker.stdin is not None
        worker.stdin.write(b"go\n")
        worker.stdin.flush()
    results = [w.communicate(timeout=60) for w in workers]
    failed = [err.decode()[-500:] for w, (_out, err) in zip(workers, results, strict=True) if w.returncode]
    assert failed == []
    keys = {out.decode().strip() for out, _err in results}
    assert keys == {(instance / "secret_key").read_text()}
