"""Precision, recall and F1 of the comparator against the hand-written gold alignment,
measured so that it cannot flatter itself.

    .venv/bin/python bench/compare_quality.py [--corpus DIR] [--gold FILE] [--verbose]
                                              [--no-grid] [--no-autotag]

Article level, per jurisdiction. A prediction is a pair (draft article, instrument
provision) among the comparator's kept matches for that article (compare/align.py). Gold
pairs come from tests/data/gold-alignment.yaml, which is separate from the maps it scores.
Only the shipped maps (compare/corpus/maps) are used: maps a user imported into a corpus
folder never change these figures. Four figures side by side:

- shipped:  the comparator as shipped (compare.align.DEFAULT), scored on all the gold.
  Its constants were chosen looking at this gold: an in-sample figure.
- tuned:    the best constants of a small grid (GRID) chosen on all the gold, scored on it
            (in-sample, an upper bound for the grid).
- LOIO:     leave one instrument out: for each instrument, the constants are chosen on the
            gold of the OTHER instruments and its own pairs are predicted with them; the
            per-instrument predictions are pooled. The maps' tags are curated data, not
            chosen here; the grid is the only thing fitted.
- autotag:  every map's element tags (and pinpoints) replaced by the auto-tagger's
            proposals for the official text (or the summary where there is no text), the
            tagger's lexicon learnt without that instrument (compare.corpus.autotag,
            leave-one-instrument-out), aligned with the shipped constants.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import yaml
from clausewise.compare import align as A
from clausewise.compare import textsim
from clausewise.compare.corpus.instruments import Instrument, find_corpus
from clausewise.compare.corpus.loading import shipped_instruments
from clausewise.drafts.billfile import load_bill
from clausewise.drafts.render import render_bill

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "data" / "gold-alignment.yaml"
JURS = ("uk", "eu", "ca", "jp")
# What the grid varies; the weights of tags (half, secondary, sub_secondary) stay as shipped.
GRID = {
    "gamma": (0.5, 0.7),
    "t_sat": (0.1, 0.2),
    "min_score": (0.3, 0.35, 0.4, 0.45),
    "relative": (0.4, 0.5, 0.6, 0.7),
    "cover_weight": (0.5, 0.7),
    "primary_bonus": (0.0, 0.1, 0.2),
    "cover_own": (False, True),
    "draft_secondary": (1.0, 0.3, 0.0),
    "draft_secondary_top": (1.0, 0.7),
    "complement_min": (None, 0.3, 0.35, 0.4),
    "summary_text_only": (True, False),
}
# The constants that only choose among scored pairs (align.kept_scores): the pairs are
# scored once for each setting of the others.
SELECTION = ("min_score", "relative", "complement_min")


def gold_pairs(path: Path) -> tuple[dict, set[tuple[str, str, str]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = set()
    for article, per_inst in data["articles"].items():
        for inst, labels in (per_inst or {}).items():
            pairs.update((article, inst, lab) for lab in labels)
    return data, pairs


class Aligner:
    """The draft units and references made once; predictions for any constants."""

    def __init__(self, doc, insts: list[Instrument]) -> None:
        self.units = [u for u in A.draft_units(doc) if u.level == "article"]
        self.refs = A.references(insts)
        self.index = textsim.Index(
            [u.features for u in self.units] + [r.features for r in self.refs]
        )
        for u in self.units:
            u.vector = self.index.vector(u.features)
        for r in self.refs:
            r.vector = self.index.vector(r.features)
        self.dots = [[textsim.cosine(u.vector, r.vector) for r in self.refs] for u in self.units]
        self.order = {inst.id: n for n, inst in enumerate(insts)}

    def scores(self, p: A.Params) -> list[list[tuple[int, float]]]:
        """Every unit's (reference index, score) pairs, unpruned (the constants' scoring
        part: SELECTION does not change them)."""
        return [
            list(A._candidates(u, self.refs, dots, None, p))
            for u, dots in zip(self.units, self.dots, strict=True)
        ]

    def select(self, scored: list, p: A.Params) -> set[tuple[str, str, str]]:
        out = set()
        for u, pairs in zip(self.units, scored, strict=True):
            for _s, i in A.kept_scores(u, self.refs, pairs, self.order, p):
                out.add((u.label, self.refs[i].instrument.id, self.refs[i].entry.label))
        return out

    def predict(self, p: A.Params) -> set[tuple[str, str, str]]:
        return self.select(self.scores(p), p)

    def predict_grid(self, params: list[A.Params], codec: PairBits) -> list[int]:
        """predict for every grid point (as codec bits), scoring once per setting of the
        scoring constants."""

        def key(n: int) -> tuple:
            return tuple(str(getattr(params[n], k)) for k in GRID if k not in SELECTION)

        out: list = [None] * len(params)
        last, scored = None, []
        for n in sorted(range(len(params)), key=key):  # grouped by the scoring constants
            if key(n) != last:
                last, scored = key(n), self.scores(params[n])
            out[n] = codec.encode(self.select(scored, params[n]))
        return out


def prf(pred: set, gold: set) -> tuple[float, float, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def by_jurisdiction(pairs: set, jur: dict[str, str]) -> dict[str, set]:
    out: dict[str, set] = defaultdict(set)
    for pair in pairs:
        if pair[1] in jur:
            out[jur[pair[1]]].add(pair)
    return out


def grid() -> list[A.Params]:
    keys = list(GRID)
    return [
        replace(A.DEFAULT, **dict(zip(keys, vals, strict=True)))
        for vals in itertools.product(*(GRID[k] for k in keys))
    ]


class PairBits:
    """(article, instrument, label) pairs as the bits of an int: a grid of tens of thousands
    of predictions held in kilobytes, their overlaps counted with & and bit_count."""

    def __init__(self) -> None:
        self.bit: dict[tuple[str, str, str], int] = {}
        self.pairs: list[tuple[str, str, str]] = []

    def encode(self, pairs) -> int:
        out = 0
        for q in pairs:
            b = self.bit.get(q)
            if b is None:
                b = self.bit[q] = len(self.pairs)
                self.pairs.append(q)
            out |= 1 << b
        return out

    def decode(self, bits: int) -> set[tuple[str, str, str]]:
        return {q for b, q in enumerate(self.pairs) if bits >> b & 1}

    def of_instrument(self, inst: str) -> int:
        return self.encode(q for q in self.pairs if q[1] == inst)


def prf_bits(pred: int, gold: int) -> tuple[float, float, float]:
    tp, n_pred, n_gold = (pred & gold).bit_count(), pred.bit_count(), gold.bit_count()
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def loio(
    preds: list[int], gold: int, ids: list[str], codec: PairBits
) -> tuple[set, dict[str, A.Params]]:
    """Leave one instrument out: choose the constants on the others, predict the one."""
    params = grid()
    out: set = set()
    chosen = {}
    for inst in ids:
        mask = codec.of_instrument(inst)
        others_gold = gold & ~mask
        best, best_f = 0, -1.0
        for k, pred in enumerate(preds):
            f = prf_bits(pred & ~mask, others_gold)[2]
            if f > best_f + 1e-12:
                best, best_f = k, f
        chosen[inst] = params[best]
        out |= codec.decode(preds[best] & mask)
    return out, chosen


def autotagged(insts: list[Instrument]) -> list[Instrument]:
    """Each instrument with its map's tags replaced by the auto-tagger's, lexicon LOIO."""
    from clausewise.compare.corpus.autotag import entry_example, learn_lexicon

    out = []
    for inst in insts:
        lexicon = learn_lexicon([i for i in insts if i.id != inst.id])
        entries = []
        for e in inst.map.entries:
            ex = entry_example(inst, e)
            keys = [t.key for t in lexicon.propose(ex.text_en, ex.text_ja, ex.heading)]
            entries.append(replace(e, elements=keys or ["administration"], pinpoints=[]))
        out.append(Instrument(replace(inst.map, entries=entries), inst.doc, inst.text_file))
    return out


def table(title: str, pred: set, gold: set, jur: dict[str, str], verbose: bool) -> dict:
    print(f"\n{title}")
    print(f"{'jurisdiction':<14}{'pred':>6}{'gold':>6}{'tp':>6}{'P':>8}{'R':>8}{'F1':>8}")
    pj, gj = by_jurisdiction(pred, jur), by_jurisdiction(gold, jur)
    figures = {}
    for j in (*JURS, *sorted(set(jur.values()) - set(JURS))):
        p, r, f = prf(pj[j], gj[j])
        figures[j] = (p, r, f)
        tp = len(pj[j] & gj[j])
        print(f"{j:<14}{len(pj[j]):>6}{len(gj[j]):>6}{tp:>6}{p:>8.3f}{r:>8.3f}{f:>8.3f}")
        if verbose:
            for fp in sorted(pj[j] - gj[j]):
                print(f"    + {fp[0]:<20} {fp[1]} {fp[2]}")
            for fn in sorted(gj[j] - pj[j]):
                print(f"    - {fn[0]:<20} {fn[1]} {fn[2]}")
    g = {x for x in gold if x[1] in jur}
    p, r, f = prf(pred, g)
    figures["all"] = (p, r, f)
    print(f"{'all':<14}{len(pred):>6}{len(g):>6}{len(pred & g):>6}{p:>8.3f}{r:>8.3f}{f:>8.3f}")
    return figures


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=None)
    ap.add_argument("--gold", default=str(GOLD))
    ap.add_argument("--verbose", action="store_true", help="list false positives/negatives")
    ap.add_argument("--no-grid", action="store_true", help="skip the tuned and LOIO figures")
    ap.add_argument("--no-autotag", action="store_true", help="skip the auto-tagged figures")
    args = ap.parse_args(argv)
    corpus = find_corpus(args.corpus)
    if corpus is None:
        default = REPO.parent / "shared" / "corpus"
        corpus = default if default.is_dir() else None
    data, gold = gold_pairs(Path(args.gold))
    t0 = time.perf_counter()
    doc = render_bill(load_bill(data.get("draft")))
    insts = shipped_instruments(corpus)
    jur = {i.id: i.jurisdiction for i in insts}
    ids = [i.id for i in insts]
    aligner = Aligner(doc, insts)
    articles = {u.label for u in aligner.units}
    if set(data["articles"]) ^ articles:
        print(f"warning: gold and draft disagree on articles: {set(data['articles']) ^ articles}")
    print(
        f"corpus: {corpus or 'none (maps only)'}; {len(articles)} articles; {len(insts)} "
        f"shipped instruments; gold {args.gold}"
    )
    table("shipped constants (in-sample)", aligner.predict(A.DEFAULT), gold, jur, args.verbose)
    if not args.no_grid:
        params = grid()
        codec = PairBits()
        gold_bits = codec.encode(sorted(gold))
        preds = aligner.predict_grid(params, codec)
        scores = [prf_bits(pred, gold_bits)[2] for pred in preds]
        best = max(range(len(params)), key=lambda k: (scores[k], -k))
        shown = {k: getattr(params[best], k) for k in GRID}
        tuned = codec.decode(preds[best])
        table(f"tuned on all the gold (in-sample) {shown}", tuned, gold, jur, args.verbose)
        pred, chosen = loio(preds, gold_bits, ids, codec)
        table("leave one instrument out", pred, gold, jur, args.verbose)
        for inst, p in chosen.items():
            shown = {k: getattr(p, k) for k in GRID}
            print(f"    {inst:<22} constants chosen without it: {shown}")
    if not args.no_autotag:
        auto = Aligner(doc, autotagged(insts))
        table(
            "auto-tagged maps (lexicon leave-one-instrument-out, shipped constants)",
            auto.predict(A.DEFAULT),
            gold,
            jur,
            args.verbose,
        )
    print(f"\n{time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
