"""The extractor over the five seed reports, scored by ``../shared/extraction/score.py``.

Targets of the issue on the seeds: figures F1 ≥ 0.95, comparisons F1 ≥ 0.95, directives
F1 ≥ 0.9, fields on non-null gold ≥ 0.95. The seeds are the project's source material and
live beside the repository, not in it: without ``../shared`` there is nothing to score.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from minutes.extraction import extract

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SCORER = SHARED / "extraction" / "score.py"
SEEDS = sorted((SHARED / "seeds").glob("[0-9][0-9][0-9]_*.txt"))

pytestmark = pytest.mark.skipif(
    not SCORER.exists() or not SEEDS, reason=f"{SHARED} (seeds and scorer) absent"
)


def f1(micro: dict[str, int]) -> float:
    tp, pred, gold = micro["tp"], micro["pred"], micro["gold"]
    return 0.0 if not tp else 2 * tp / (pred + gold)


def test_the_seeds_reach_the_issue_targets(tmp_path):
    for seed in SEEDS:
        draft = extract(seed.read_text(encoding="utf-8"))
        draft.pop("source")
        (tmp_path / f"seed_{seed.name[:3]}.json").write_text(json.dumps(draft, ensure_ascii=False))
    report = tmp_path / "score.json"
    run = subprocess.run(
        [sys.executable, str(SCORER), str(tmp_path), "--json", str(report), "--set", "seeds"],
        capture_output=True,
        text=True,
        check=True,
    )
    scores = json.loads(report.read_text(encoding="utf-8"))
    micro = scores["micro"]
    summary = run.stdout.strip().splitlines()[-1]
    assert f1(micro["fig"]) >= 0.95, summary
    assert f1(micro["cmp"]) >= 0.95, summary
    assert f1(micro["dir"]) >= 0.9, summary
    nonnull = float(summary.split(" on non-null gold")[0].rsplit("/ ", 1)[1])
    assert nonnull >= 0.95, summary
