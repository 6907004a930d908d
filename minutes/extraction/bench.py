"""``make bench``: how long extracting a 5.000-word report takes on one core (target: under 2 s).

The text is built from the seeds when ``../shared`` is present (paragraphs repeated with their
numbers varied, so nothing is dropped as a duplicate), else from the test texts.
"""

from __future__ import annotations

import re
import statistics
import time
from functools import partial
from pathlib import Path

from minutes.extraction import extract

ROOT = Path(__file__).resolve().parents[2]


def _corpus() -> list[str]:
    sources = sorted((ROOT.parent / "shared" / "seeds").glob("[0-9]*.txt"))
    sources += sorted((ROOT / "tests" / "extraction" / "texts").glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in sources]


def _shifted(match: re.Match[str], shift: int) -> str:
    return str(int(match.group(0)) + shift)


def text_of(words: int) -> str:
    corpus = [p for t in _corpus() for p in t.split("\n") if p.strip()]
    out: list[str] = []
    n = 0
    i = 0
    while n < words and corpus:
        para = re.sub(r"\d+", partial(_shifted, shift=i), corpus[i % len(corpus)])
        out.append(para)
        n += len(para.split())
        i += 1
    return "\n".join(out)


def main() -> None:
    text = text_of(5000)
    runs = []
    for _ in range(7):
        t0 = time.perf_counter()
        draft = extract(text)
        runs.append(time.perf_counter() - t0)
    print(
        f"extract: {len(text.split())} words in {statistics.median(runs):.3f} s median "
        f"(max {max(runs):.3f} s, target < 2 s); {len(draft['figures'])} figures, "
        f"{len(draft['directives'])} directives"
    )


if __name__ == "__main__":
    main()
