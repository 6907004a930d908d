"""The extraction scorer (tests/extraction/scoring.py) and the own test texts it will score.

The scorer is checked on small hand-made drafts, then against the reference
``../shared/extraction/score.py`` (run as a program, never imported) on damaged copies of the
seed annotations and of the own expected drafts. The own texts are checked for the README
schema, for figures that the text really states, and for being written in their own words.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from tests.extraction.checks import schema_errors, shared_windows, states
from tests.extraction.corpus import load_cases
from tests.extraction.normalise import SCHEMA_KEYS, fold, parse_number
from tests.extraction.perturb import CORNER_PAIRS, PERTURBATIONS, perturb
from tests.extraction.scoring import score_set

SHARED = Path(__file__).resolve().parents[2] / "shared"
REFERENCE = SHARED / "extraction" / "score.py"
SEEDS = SHARED / "seeds"


def needs_shared() -> None:
    if not REFERENCE.exists() or not (SEEDS / "annotations").is_dir():
        pytest.skip(f"../shared is absent: {SHARED} holds neither extraction/score.py nor seeds/annotations")


def figure(label, value, unit="", delta=None, direction=None, percent=None, baseline=None):
    compare = {"delta": delta, "direction": direction, "percent": percent, "baseline": baseline}
    return {"label": label, "value": value, "unit": unit, "compare": compare}


def directive(text, owner=None):
    return {"text": text, "owner": owner, "due": None}


def one(gold, pred):
    return score_set([(gold, pred)])


def counted(counts):
    return {"tp": counts.tp, "pred": counts.pred, "gold": counts.gold}


# -- The rules on hand-made drafts -----------------------------------------------------------


def test_same_value_under_another_label_is_no_match():
    gold = {"figures": [figure("giám sát đảng viên", 1917, "đảng viên")]}
    pred = {"figures": [figure("kiểm tra tổ chức", 1917, "tổ chức")]}
    scores = one(gold, pred)
    assert scores.figures_f1 == 0.0
    assert scores.micro["figures_by_value"].tp == 1
    assert scores.articles[0].figures_missed == [("giám sát đảng viên", 1917)]
    assert scores.articles[0].figures_spurious == [("kiểm tra tổ chức", 1917)]


def test_label_and_unit_are_pooled_and_digits_do_not_count():
    gold = {"figures": [figure("xóa tên", 14, "đảng viên")]}
    assert one(gold, {"figures": [figure("đảng viên", 14, "")]}).figures_f1 == 1.0  # Dice 2/3
    assert one(gold, {"figures": [figure("xóa tên đảng viên", 14, "")]}).figures_f1 == 1.0
    gold = {"figures": [figure("kiểm tra", 1917, "đảng viên")]}
    # {đảng, viên} against {kiểm, tra, đảng, viên}; the tokens 1, 917 and 1917 would make it 4/9
    assert one(gold, {"figures": [figure("đảng viên 1.917 (1917)", 1917, "")]}).figures_f1 == 1.0


@pytest.mark.parametrize(
    ("written", "value"),
    [("1.917", 1917), ("56,62", 56.62), ("hơn 76 nghìn", 76000), ("hơn 1,284 triệu", 1284000), ("0.5", 0.5)],
)
def test_numbers_written_the_vietnamese_way_equal_the_number(written, value):
    assert parse_number(written) == pytest.approx(value)
    gold = {"figures": [figure("giám sát đảng viên", value, "đảng viên")]}
    pred = {"figures": [figure("giám sát đảng viên", written, "đảng viên")]}
    assert one(gold, pred).figures_f1 == 1.0


def test_fold_joins_tone_placements_decomposition_and_punctuation():
    assert fold("Uỷ ban") == fold("Ủy ban") == fold(unicodedata.normalize("NFD", "Ủy ban")) == "uy ban"
    assert fold("Đảng ủy (Khối)") == "dang uy khoi"
    gold = {"organiser": "Uỷ ban kiểm tra (UBKT) Trung ương"}
    assert one(gold, {"organiser": "ỦY BAN KIỂM TRA - UBKT TRUNG ƯƠNG"}).fields_nonnull == 1.0


def test_baseline_may_lead_with_so_voi():
    gold = {
        "figures": [
            figure("giám sát tổ chức đảng", 713, "tổ chức đảng", 429, "giảm", None, "cùng kỳ năm 2020")
        ]
    }
    pred = {
        "figures": [
            figure("giám sát tổ chức đảng", 713, "tổ chức đảng", 429, "giảm", None, "so với cùng kỳ năm 2020")
        ]
    }
    assert one(gold, pred).comparisons_f1 == 1.0
    pred["figures"][0]["compare"]["baseline"] = "năm 2020"
    scores = one(gold, pred)
    assert scores.comparisons_f1 == 0.0
    assert scores.micro["comparisons_direction"].tp == 1


def test_comparison_on_an_unmatched_figure_is_missed_and_spurious():
    gold = {"figures": [figure("kiểm tra", 24, "cuộc", 5, "tăng", None, "cùng kỳ")]}
    pred = {"figures": [figure("kiểm tra", 25, "cuộc", 5, "tăng", None, "cùng kỳ")]}
    counts = one(gold, pred).micro["comparisons"]
    assert (counts.tp, counts.pred, counts.gold) == (0, 1, 1)


def test_matching_is_greedy_and_one_to_one():
    gold = {
        "figures": [
            figure("giám sát tổ chức đảng", 6, "tổ chức đảng"),
            figure("nội dung giám sát", 6, "nội dung"),
        ]
    }
    pred = {"figures": [figure("nội dung giám sát", 6, "nội dung")] * 2}
    scores = one(gold, pred)
    # The best pair is taken first; the copy cannot match the same gold figure again, and the
    # other gold figure is too unlike it (Dice 4/9).
    assert scores.micro["figures"].tp == 1
    assert scores.articles[0].figures_missed == [("giám sát tổ chức đảng", 6)]
    assert len(scores.articles[0].figures_spurious) == 1


def test_directives_match_at_jaccard_and_owner_is_checked_apart():
    text = "tăng cường chỉ đạo đối với hoạt động của ủy ban kiểm tra cấp dưới"
    gold = {"directives": [directive(text, "các địa phương")]}
    close = " ".join(text.split()[:-1])  # 14 of 15 words
    scores = one(gold, {"directives": [directive(close, "Các địa phương")]})
    assert (scores.directives_f1, scores.directives_owner_f1) == (1.0, 1.0)
    scores = one(gold, {"directives": [directive(close, None)]})
    assert (scores.directives_f1, scores.directives_owner_f1) == (1.0, 0.0)
    assert scores.articles[0].owners_wrong == [(text, "các địa phương", None)]
    half = " ".join(text.split()[:7])
    assert one(gold, {"directives": [directive(half, "các địa phương")]}).directives_f1 == 0.0


def test_chair_key_is_the_position_when_the_name_is_null():
    gold = {"chair": [{"name": None, "position": "Chủ nhiệm Ủy ban Kiểm tra Trung ương"}]}
    assert (
        one(
            gold, {"chair": [{"name": None, "position": "Chủ nhiệm Uỷ ban Kiểm tra Trung ương"}]}
        ).fields_nonnull
        == 1
    )
    assert (
        one(
            gold, {"chair": [{"name": "Trần Cẩm Tú", "position": "Chủ nhiệm Ủy ban Kiểm tra Trung ương"}]}
        ).fields_nonnull
        == 0
    )
    named = {"chair": [{"name": "Trần Cẩm Tú", "position": "Chủ nhiệm"}]}
    assert one(named, {"chair": [{"name": "Trần Cẩm Tú", "position": "Bí thư"}]}).fields_nonnull == 1


def test_null_equals_null_and_non_null_accuracy_ignores_null_gold_cells():
    scores = one({}, {})
    assert scores.fields_exact == 1.0
    assert scores.fields_nonnull is None
    assert (scores.figures_f1, scores.comparisons_f1, scores.directives_f1) == (None, None, None)
    gold = {"title": "Hội nghị", "date": "2024-01-04", "site_count": 19}
    scores = one(gold, {"date": "4/1/2024", "site_count": "19", "attendee_count": 300})
    assert scores.articles[0].nonnull_fields == ["title", "date", "site_count"]
    assert scores.fields_nonnull == pytest.approx(2 / 3)
    assert scores.fields_exact == pytest.approx(5 / 7)  # title and attendee_count wrong


def test_micro_average_sums_counts_over_the_set():
    a = ({"figures": [figure("x", 1, "chi bộ")] * 3}, {"figures": [figure("x", 1, "chi bộ")]})
    b = ({"figures": []}, {"figures": [figure("y", 2, "đơn")]})
    scores = score_set([a, b], ["a", "b"])
    assert counted(scores.micro["figures"]) == {"tp": 1, "pred": 2, "gold": 3}
    assert scores.figures_f1 == pytest.approx(2 * 0.5 * (1 / 3) / (0.5 + 1 / 3))
    assert "b:" in scores.report()


# -- Agreement with the reference scorer -----------------------------------------------------

SUMMARY = re.compile(
    r"figures F1\s+(\S+) .*?; comparisons F1\s+(\S+); directives F1\s+(\S+) \(with owner\s+(\S+)\); "
    r"fields\s+(\S+) exact / \s*(\S+) lenient / \s*(\S+) on non-null gold"
)
REFERENCE_KEYS = {
    "fig": "figures",
    "figval": "figures_by_value",
    "cmp": "comparisons",
    "cmpdir": "comparisons_direction",
    "dir": "directives",
    "dirown": "directives_owner",
    "sites": "sites",
}


def shown(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def predictions(golds: dict[str, dict], variant: int) -> dict[str, dict | None]:
    """Variant 0 is the gold itself, 1 an empty draft (one file missing), 2 to 12 one kind of
    damage each, and from 13 on several kinds at random."""
    rng = random.Random(variant)
    out: dict[str, dict | None] = {}
    for i, (name, gold) in enumerate(golds.items()):
        if variant == 0:
            out[name] = gold
        elif variant == 1:
            out[name] = None if i == 0 else {}
        elif variant - 2 < len(PERTURBATIONS):
            out[name] = perturb(gold, rng, [PERTURBATIONS[variant - 2]])
        else:
            out[name] = perturb(gold, rng, [p for p in PERTURBATIONS if rng.random() < 0.5])
    return out


VARIANTS = range(2 + len(PERTURBATIONS) + 3)


def gold_sets() -> list[tuple[str, str | None, dict[str, dict]]]:
    seeds = {
        p.name: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((SEEDS / "annotations").glob("*.json"))
    }
    own = {f"{c.name}.json": c.expected for c in load_cases()}
    return [("seeds", None, seeds), ("own texts", "own", own)]


def corner_runs() -> tuple[dict[str, dict], dict[str, dict | None]]:
    names = [f"corner_{i:02d}.json" for i in range(len(CORNER_PAIRS))]
    golds = {name: gold for name, (gold, _) in zip(names, CORNER_PAIRS, strict=True)}
    preds = {name: pred for name, (_, pred) in zip(names, CORNER_PAIRS, strict=True)}
    return golds, preds


def write_drafts(directory: Path, drafts: dict[str, dict | None]) -> Path:
    directory.mkdir()
    for name, draft in drafts.items():
        if draft is not None:
            (directory / name).write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    return directory


def test_scores_equal_the_reference_scorer_on_damaged_gold(tmp_path):
    needs_shared()
    plan = [
        (f"{name}, variant {v}", gold_dir, golds, predictions(golds, v))
        for name, gold_dir, golds in gold_sets()
        for v in VARIANTS
    ]
    plan.append(("corner cases", "corner", *corner_runs()))
    runs = []
    for i, (where, gold_dir, golds, preds) in enumerate(plan):
        gold_arg = []
        if gold_dir:
            if not (tmp_path / gold_dir).exists():
                write_drafts(tmp_path / gold_dir, golds)
            gold_arg = ["--gold", str(tmp_path / gold_dir)]
        pred_dir = write_drafts(tmp_path / f"pred_{i:02d}", preds)
        out = pred_dir / "reference.out"
        command = [sys.executable, "-S", str(REFERENCE), str(pred_dir), *gold_arg, "--json", str(out)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        runs.append((where, golds, preds, out, process))

    for where, golds, preds, out, process in runs:
        stdout, stderr = process.communicate(timeout=60)
        assert process.returncode == 0, stderr
        reference = json.loads(out.read_text(encoding="utf-8"))
        summary = SUMMARY.search(stdout.strip().splitlines()[-1])
        assert summary, stdout[-500:]
        mine = score_set([(golds[n], preds[n] or {}) for n in golds], list(golds))
        where += f":\n{mine.report()}"
        for ref_key, my_key in REFERENCE_KEYS.items():
            assert reference["micro"][ref_key] == counted(mine.micro[my_key]), where
        for article in mine.articles:
            theirs = reference["per_article"][article.name]
            for ref_key, my_key in REFERENCE_KEYS.items():
                assert theirs[ref_key] == counted(article.counts[my_key]), (article.name, where)
            assert theirs["fields"] == {
                k: {"exact": e, "lenient": le} for k, (e, le) in article.fields.items()
            }
        expected = [mine.figures_f1, mine.comparisons_f1, mine.directives_f1, mine.directives_owner_f1]
        expected += [mine.fields_exact, mine.fields_lenient, mine.fields_nonnull]
        assert list(summary.groups()) == [shown(x) for x in expected], where
    assert len(runs) == 2 * len(VARIANTS) + 1


# -- The own texts ---------------------------------------------------------------------------


def test_text_checks_catch_what_they_should():
    text = "giám sát 1.917 đảng viên, thu 3 tỷ 250 triệu đồng và hơn 1,2 triệu lượt; một tổ chức đảng, 56,62%"
    assert all(states(text, v) for v in (1917, 3250000000, 1200000, 1, 56.62))
    assert not any(states(text, v) for v in (917, 19, 3000000000, 250000000, 1.2, 5662, 62))
    assert states("đạt 12,5 nghìn tỷ đồng", 12.5e12) and not states("đạt 12,5 nghìn tỷ đồng", 12500)
    draft = dict.fromkeys(SCHEMA_KEYS)
    draft.update(chair=[], sites=[], attendees=[], figures=[], directives=[])
    assert schema_errors(draft) == []
    draft["date"] = "4/1/2024"
    draft["figures"] = [{"label": "x", "value": "1.917", "unit": "", "compare": {"direction": "up"}}]
    draft["directives"] = [{"text": "làm", "owner": None, "due": "2024-02-30"}]
    assert len(schema_errors(draft)) == 3
    assert shared_windows("a b c d", ["x a b c"], size=3) == ["a b c"]


def test_own_texts_and_expected_drafts_are_wellformed():
    cases = load_cases()
    texts_dir = Path(__file__).resolve().parent / "extraction" / "texts"
    assert sorted(p.stem for p in texts_dir.glob("*.txt")) == sorted(p.stem for p in texts_dir.glob("*.json"))
    assert len(cases) >= 10
    problems = []
    for case in cases:
        text, d, folded = case.text, case.expected, fold(case.text)
        problems += [f"{case.name}: {e}" for e in schema_errors(d)]
        if not unicodedata.is_normalized("NFC", text):
            problems.append(f"{case.name}: text is not NFC")
        strings = json.dumps(d, ensure_ascii=False)
        if not unicodedata.is_normalized("NFC", strings):
            problems.append(f"{case.name}: expected draft is not NFC")
        if not 150 <= len(text.split()) <= 600:
            problems.append(f"{case.name}: {len(text.split())} words")
        numbers = [("figure", f["label"], f["value"]) for f in d["figures"]]
        numbers += [(k, f["label"], f["compare"][k]) for f in d["figures"] for k in ("delta", "percent")]
        numbers += [(k, k, d[k]) for k in ("site_count", "attendee_count")]
        problems += [
            f"{case.name}: {k} {lab!r}={v} not in text"
            for k, lab, v in numbers
            if v is not None and not states(text, v)
        ]
        written = [d[k] for k in ("title", "organiser", "host_site")] + d["sites"]
        written += [c["name"] for c in d["chair"]] + [c["position"] for c in d["chair"]]
        written += [x["text"] for x in d["directives"]] + [x["owner"] for x in d["directives"]]
        problems += [
            f"{case.name}: {w!r} not written in the text"
            for w in written
            if w and f" {fold(w)} " not in f" {folded} "
        ]
        for x in d["directives"]:
            if x["due"]:
                _, month, day = (int(part) for part in x["due"].split("-"))
                if not re.search(rf"\b{day}/{month}\b", x["text"]):
                    problems.append(f"{case.name}: due {x['due']} not in {x['text']!r}")
    assert not problems, "\n".join(problems)


def test_own_texts_share_no_12_word_window_with_the_seeds():
    needs_shared()
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    assert seeds
    copied = [(case.name, run) for case in load_cases() for run in shared_windows(case.text, seeds)]
    assert not copied, copied
