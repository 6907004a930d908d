"""A body's own template is filled in a separate, bounded process.

Jinja's sandbox stops a template from reaching Python internals, but not from asking for a
lot of work ("x".ljust(10**9), loops over long strings). So every fill of an uploaded
template runs in a child Python with a memory ceiling, a CPU-time ceiling and a wall-clock
timeout: a template that asks for too much is stopped and refused with a message; the app's
own worker is never the one that hangs or runs out of memory.

The child reads the template and the variables as JSON on stdin and writes the filled
.docx (or the reason it could not) as JSON on stdout.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
from typing import Any

#: Ceilings of one fill: memory of the child process, its CPU time, and the wall clock.
MEMORY_BYTES = 1024 * 1024 * 1024
CPU_SECONDS = 10
WALL_SECONDS = 15


class Refused(Exception):
    """The template could not be filled: ``message`` says why (in Vietnamese); ``missing``
    names a top-level variable it asked for that this kind of document lacks."""

    def __init__(self, message: str, missing: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.missing = missing


def _limits() -> None:  # runs in the child, before Python starts
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


TOO_MUCH = (
    "Mẫu đòi quá nhiều thời gian hoặc bộ nhớ để điền (vòng lặp hay chuỗi quá lớn) nên đã bị "
    "dừng: chỉ dùng các biến đã mô tả và vòng lặp trên các danh sách của văn bản."
)


def fill(template: bytes, context: dict[str, Any]) -> bytes:
    """``template`` filled with ``context`` in a bounded child process; :class:`Refused`."""
    payload = json.dumps({"template": base64.b64encode(template).decode(), "context": context}).encode()
    process = subprocess.Popen(
        [sys.executable, "-m", "minutes.documents.sandbox"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_limits,  # noqa: PLW1509 (only setrlimit: safe before exec)
        start_new_session=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    try:
        out, _err = process.communicate(payload, timeout=WALL_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise Refused(TOO_MUCH) from None
    try:
        answer = json.loads(out.decode("utf-8") or "{}")
    except ValueError:
        answer = {}
    if "docx" in answer:
        return base64.b64decode(answer["docx"])
    if "error" in answer:
        raise Refused(answer["error"], answer.get("missing"))
    raise Refused(TOO_MUCH)  # killed by a ceiling (memory, CPU) before it could answer


def _child() -> None:
    from jinja2.utils import missing

    from . import custom

    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    context = request["context"]
    try:
        data = custom.fill_here(base64.b64decode(request["template"]), context)
    except MemoryError:
        answer: dict[str, Any] = {"error": TOO_MUCH}
    except Exception as error:  # noqa: BLE001 (every failure of a user's template is a message)
        top = error.name if isinstance(error, custom.Missing) and error.owner is missing else None
        answer = {"error": custom.explain(error, context), "missing": top}
    else:
        answer = {"docx": base64.b64encode(data).decode()}
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    _child()
