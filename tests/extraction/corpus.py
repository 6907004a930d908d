"""The own test texts and their expected drafts: ``texts/NAME.txt`` with ``texts/NAME.json``.

from tests.extraction.corpus import load_cases
from tests.extraction.scoring import score_set

cases = load_cases()
scores = score_set([(c.expected, extract(c.text)) for c in cases], [c.name for c in cases])
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TEXTS_DIR = Path(__file__).resolve().parent / "texts"


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    expected: dict[str, Any]


def load_cases(directory: Path = TEXTS_DIR) -> list[Case]:
    """Every ``NAME.txt`` that has a ``NAME.json`` beside it, in name order."""
    return [
        Case(
            path.stem,
            path.read_text(encoding="utf-8"),
            json.loads(path.with_suffix(".json").read_text(encoding="utf-8")),
        )
        for path in sorted(directory.glob("*.txt"))
        if path.with_suffix(".json").exists()
    ]
