"""Score extracted minutes drafts against expected drafts, by the rules of the shared scorer.

This is an independent implementation of ``../shared/extraction/README.md`` (the repository's
sibling ``shared`` directory), written from its text and checked against its reference
``score.py`` by ``tests/test_extraction_scoring.py``. The first two sections live in
:mod:`tests.extraction.normalise`; section by section:

* "Prediction schema": :func:`normalise_draft` fills missing keys with null / ``[]`` and reads
  a directive given as a bare string or a chair given as a bare name, as the reference does.
* "Normalisation": :func:`fold`, :func:`tokens`, :func:`parse_number`, :func:`numbers_equal`
  (thousands dot, decimal comma, nghìn/ngàn/triệu/tỷ multiplier, relative tolerance 1e-6).
* "Matching rules" 1, Figures: equal value and Dice >= 0.5 over the tokens of label + unit
  without pure-digit tokens; greedy one-to-one by similarity, ties by gold then prediction
  order (:func:`greedy_pairs`). "fig (value)" is the same without the label condition.
* Rule 2, Comparisons: a matched figure pair whose comparisons agree on direction, delta,
  percent (null = null) and on the baseline after fold and a leading "so với"/"so".
* Rule 3, Directives: token Jaccard >= 0.6, greedy; "with owner" also needs both owners null
  or both present with token Jaccard >= 0.6.
* Rule 4, Fields: the seven fields exact (fold for strings, (y, m, d) for the date, the multiset
  of chair keys, numbers for the counts); lenient variant; accuracy on non-null gold cells.
* Rule 5, Sites (diagnostic): set F1 at token Jaccard >= 0.6.
* Micro-average: sums of TP / #pred / #gold over the set; F1 is None when both sides are empty.

Where the README leaves a corner open, the reference's behaviour is followed (noted inline).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tests.extraction.normalise import (
    COMPARE_KEYS,
    dice,
    fold,
    jaccard,
    normalise_draft,
    numbers_equal,
    parse_date,
    tokens,
)

LABEL_DICE_MIN = 0.5
DIRECTIVE_JACCARD_MIN = 0.6
OWNER_JACCARD_MIN = 0.6
LENIENT_JACCARD_MIN = 0.6

FIELDS = ("title", "date", "organiser", "chair", "host_site", "site_count", "attendee_count")
STRING_FIELDS = ("title", "organiser", "host_site")


# -- Matching --------------------------------------------------------------------------------


def greedy_pairs(
    gold: Sequence[Any],
    pred: Sequence[Any],
    similarity: Callable[[Any, Any], float],
    admissible: Callable[[Any, Any], bool],
) -> list[tuple[int, int]]:
    """Admissible pairs by falling similarity, ties by gold then prediction index, each side
    used once."""
    ranked = sorted(
        (-similarity(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred) if admissible(g, p)
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, i, j in ranked:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((i, j))
    return pairs


def label_similarity(g: dict[str, Any], p: dict[str, Any]) -> float:
    return dice(
        tokens(f"{g['label']} {g['unit']}", drop_digits=True),
        tokens(f"{p['label']} {p['unit']}", drop_digits=True),
    )


def figures_match(g: dict[str, Any], p: dict[str, Any]) -> bool:
    return numbers_equal(g["value"], p["value"]) and label_similarity(g, p) >= LABEL_DICE_MIN


def has_comparison(figure: dict[str, Any]) -> bool:
    return any(figure["compare"][key] is not None for key in COMPARE_KEYS)


def baseline_key(baseline: Any) -> str:
    """Folded baseline without a leading "so với" or "so". As the reference's regex does, the
    words are dropped only when something follows them ("so với" alone leaves "với")."""
    words = fold(baseline).split()
    if words[:2] == ["so", "voi"] and len(words) > 2:
        words = words[2:]
    elif words[:1] == ["so"] and len(words) > 1:
        words = words[1:]
    return " ".join(words)


def comparisons_agree(g: dict[str, Any], p: dict[str, Any], direction_only: bool = False) -> bool:
    gc, pc = g["compare"], p["compare"]
    if fold(gc["direction"]) != fold(pc["direction"]):
        return False
    return direction_only or (
        numbers_equal(gc["delta"], pc["delta"])
        and numbers_equal(gc["percent"], pc["percent"])
        and baseline_key(gc["baseline"]) == baseline_key(pc["baseline"])
    )


def directive_similarity(g: dict[str, Any], p: dict[str, Any]) -> float:
    return jaccard(tokens(g["text"]), tokens(p["text"]))


def owners_agree(g: dict[str, Any], p: dict[str, Any]) -> bool:
    if not g["owner"] or not p["owner"]:
        return not g["owner"] and not p["owner"]
    return jaccard(tokens(g["owner"]), tokens(p["owner"])) >= OWNER_JACCARD_MIN


def chair_key(chair: dict[str, Any]) -> str:
    return fold(chair["name"]) if chair["name"] else "pos:" + fold(chair["position"])


def _string_cell(gv: Any, pv: Any) -> tuple[bool, bool]:
    if not fold(gv) or not fold(pv):
        same = not fold(gv) and not fold(pv)
        return same, same
    exact = fold(gv) == fold(pv)
    return exact, exact or jaccard(tokens(gv), tokens(pv)) >= LENIENT_JACCARD_MIN


def _chair_cell(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> tuple[bool, bool]:
    gk, pk = sorted(map(chair_key, gold)), sorted(map(chair_key, pred))
    if gk == pk:
        return True, True
    if len(gk) != len(pk):
        return False, False

    def sim(a: str, b: str) -> float:
        return jaccard(frozenset(a.split()), frozenset(b.split()))

    pairs = greedy_pairs(gk, pk, sim, lambda a, b: sim(a, b) >= LENIENT_JACCARD_MIN)
    return False, len(pairs) == len(gk)


def field_cells(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, tuple[bool, bool]]:
    """{field: (exact, lenient)} for the seven fields of rule 4."""
    cells = {key: _string_cell(gold[key], pred[key]) for key in STRING_FIELDS}
    same_date = parse_date(gold["date"]) == parse_date(pred["date"])
    cells["date"] = (same_date, same_date)
    cells["chair"] = _chair_cell(gold["chair"], pred["chair"])
    for key in ("site_count", "attendee_count"):
        same = numbers_equal(gold[key], pred[key])
        cells[key] = (same, same)
    return cells


# -- Scores ----------------------------------------------------------------------------------


@dataclass
class Counts:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.tp += other.tp
        self.pred += other.pred
        self.gold += other.gold
        return self

    @property
    def precision(self) -> float | None:
        return self.tp / self.pred if self.pred else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        if not self.pred and not self.gold:
            return None
        if not self.tp:
            return 0.0
        precision, recall = self.tp / self.pred, self.tp / self.gold
        return 2 * precision * recall / (precision + recall)


METRICS = ("figures", "figures_by_value", "comparisons", "comparisons_direction")
METRICS += ("directives", "directives_owner", "sites")


@dataclass
class ArticleScore:
    name: str
    counts: dict[str, Counts]
    fields: dict[str, tuple[bool, bool]]
    nonnull_fields: list[str]
    figures_missed: list[tuple[str, Any]] = field(default_factory=list)
    figures_spurious: list[tuple[str, Any]] = field(default_factory=list)
    comparisons_wrong: list[tuple[str, Any, dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    directives_missed: list[str] = field(default_factory=list)
    directives_spurious: list[str] = field(default_factory=list)
    owners_wrong: list[tuple[str, Any, Any]] = field(default_factory=list)

    def describe(self) -> str:
        wrong_fields = [key for key in FIELDS if not self.fields[key][0]]
        parts = [f"{self.name}: " + ", ".join(f"{m} {self.counts[m].f1}" for m in METRICS[::2])]
        for title, items in (
            ("fields wrong", wrong_fields),
            ("figures missed", self.figures_missed),
            ("figures spurious", self.figures_spurious),
            ("comparisons wrong", self.comparisons_wrong),
            ("directives missed", self.directives_missed),
            ("directives spurious", self.directives_spurious),
            ("owners wrong", self.owners_wrong),
        ):
            parts += [f"  {title}: {item!r}" for item in items]
        return "\n".join(parts)


def score_article(gold_raw: Any, pred_raw: Any, name: str = "") -> ArticleScore:
    gold, pred = normalise_draft(gold_raw), normalise_draft(pred_raw)
    gf, pf = gold["figures"], pred["figures"]
    counts: dict[str, Counts] = {}
    pairs = greedy_pairs(gf, pf, label_similarity, figures_match)
    by_value = greedy_pairs(gf, pf, label_similarity, lambda g, p: numbers_equal(g["value"], p["value"]))
    counts["figures"] = Counts(len(pairs), len(pf), len(gf))
    counts["figures_by_value"] = Counts(len(by_value), len(pf), len(gf))
    with_comparison = [(gf[i], pf[j]) for i, j in pairs if has_comparison(gf[i]) and has_comparison(pf[j])]
    n_pred, n_gold = sum(map(has_comparison, pf)), sum(map(has_comparison, gf))
    strict = [comparisons_agree(g, p) for g, p in with_comparison]
    counts["comparisons"] = Counts(sum(strict), n_pred, n_gold)
    loose = sum(comparisons_agree(g, p, direction_only=True) for g, p in with_comparison)
    counts["comparisons_direction"] = Counts(loose, n_pred, n_gold)

    gd, pd = gold["directives"], pred["directives"]
    dpairs = greedy_pairs(
        gd, pd, directive_similarity, lambda g, p: directive_similarity(g, p) >= DIRECTIVE_JACCARD_MIN
    )
    counts["directives"] = Counts(len(dpairs), len(pd), len(gd))
    owned = [owners_agree(gd[i], pd[j]) for i, j in dpairs]
    counts["directives_owner"] = Counts(sum(owned), len(pd), len(gd))

    def site_sim(a: Any, b: Any) -> float:
        return jaccard(tokens(a), tokens(b))

    spairs = greedy_pairs(
        gold["sites"], pred["sites"], site_sim, lambda a, b: site_sim(a, b) >= LENIENT_JACCARD_MIN
    )
    counts["sites"] = Counts(len(spairs), len(pred["sites"]), len(gold["sites"]))

    matched_g, matched_p = {i for i, _ in pairs}, {j for _, j in pairs}
    dmatched_g, dmatched_p = {i for i, _ in dpairs}, {j for _, j in dpairs}
    return ArticleScore(
        name=name,
        counts=counts,
        fields=field_cells(gold, pred),
        nonnull_fields=[key for key in FIELDS if gold[key] not in (None, [], "")],
        figures_missed=[(f["label"], f["value"]) for i, f in enumerate(gf) if i not in matched_g],
        figures_spurious=[(f["label"], f["value"]) for j, f in enumerate(pf) if j not in matched_p],
        comparisons_wrong=[
            (g["label"], g["value"], g["compare"], p["compare"])
            for (g, p), ok in zip(with_comparison, strict, strict=True)
            if not ok
        ],
        directives_missed=[d["text"] for i, d in enumerate(gd) if i not in dmatched_g],
        directives_spurious=[d["text"] for j, d in enumerate(pd) if j not in dmatched_p],
        owners_wrong=[
            (gd[i]["text"], gd[i]["owner"], pd[j]["owner"])
            for (i, j), ok in zip(dpairs, owned, strict=True)
            if not ok
        ],
    )


@dataclass
class Scores:
    articles: list[ArticleScore]
    micro: dict[str, Counts]

    def _f1(self, metric: str) -> float | None:
        return self.micro[metric].f1

    @property
    def figures_f1(self) -> float | None:
        return self._f1("figures")

    @property
    def comparisons_f1(self) -> float | None:
        return self._f1("comparisons")

    @property
    def directives_f1(self) -> float | None:
        return self._f1("directives")

    @property
    def directives_owner_f1(self) -> float | None:
        return self._f1("directives_owner")

    def _field_accuracy(self, lenient: bool = False, nonnull: bool = False) -> float | None:
        cells = [
            article.fields[key][lenient]
            for article in self.articles
            for key in (article.nonnull_fields if nonnull else FIELDS)
        ]
        return sum(cells) / len(cells) if cells else None

    @property
    def fields_exact(self) -> float | None:
        return self._field_accuracy()

    @property
    def fields_lenient(self) -> float | None:
        return self._field_accuracy(lenient=True)

    @property
    def fields_nonnull(self) -> float | None:
        """Exact accuracy on the (article, field) cells whose gold is not null or empty."""
        return self._field_accuracy(nonnull=True)

    def field_accuracy(self, key: str) -> float | None:
        if not self.articles:
            return None
        return sum(article.fields[key][0] for article in self.articles) / len(self.articles)

    def report(self) -> str:
        """Every article's misses, for an assertion message."""
        head = (
            f"figures F1 {self.figures_f1}; comparisons F1 {self.comparisons_f1}; "
            f"directives F1 {self.directives_f1} (with owner {self.directives_owner_f1}); "
            f"fields on non-null gold {self.fields_nonnull}"
        )
        return "\n".join([head, *(article.describe() for article in self.articles)])


def score_set(pairs: Sequence[tuple[Any, Any]], names: Sequence[str] | None = None) -> Scores:
    """Score (gold, prediction) drafts; ``names`` label the articles in the details."""
    names = list(names) if names is not None else [str(i) for i in range(len(pairs))]
    articles = [score_article(g, p, n) for (g, p), n in zip(pairs, names, strict=True)]
    micro = {metric: Counts() for metric in METRICS}
    for article in articles:
        for metric in METRICS:
            micro[metric] += article.counts[metric]
    return Scores(articles, micro)
