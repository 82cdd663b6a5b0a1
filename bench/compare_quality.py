"""Precision, recall and F1 of the comparator against the hand-written gold alignment.

    .venv/bin/python bench/compare_quality.py [--corpus DIR] [--gold FILE] [--verbose]

Article level, per jurisdiction. A prediction is a pair (draft article, instrument
provision) among the comparator's *kept* matches for that article: those with
score >= compare.align.MIN_SCORE and >= RELATIVE x the best score in their instrument
(see compare/align.py). Gold pairs come from tests/data/gold-alignment.yaml. Pairs of all
instruments of a jurisdiction are pooled (UK = GHR + GAC + SAMLA). Without a corpus the
comparison runs on the maps' summaries alone, which the report then says.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml
from clausewise.compare.align import align
from clausewise.compare.corpus.instruments import find_corpus
from clausewise.compare.corpus.loading import load_instruments, resolve_against
from clausewise.drafts.billfile import load_bill
from clausewise.drafts.render import render_bill

REPO = Path(__file__).resolve().parent.parent

GOLD = REPO / "tests" / "data" / "gold-alignment.yaml"


def gold_pairs(path: Path) -> dict[str, set[tuple[str, str, str]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = set()
    for article, per_inst in data["articles"].items():
        for inst, labels in (per_inst or {}).items():
            pairs.update((article, inst, lab) for lab in labels)
    return data, pairs


def predicted_pairs(alignments) -> set[tuple[str, str, str]]:
    return {
        (a.label, m.instrument, m.label)
        for a in alignments
        if a.unit.level == "article"
        for m in a.matches
    }


def prf(pred: set, gold: set) -> tuple[float, float, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=None)
    ap.add_argument("--gold", default=str(GOLD))
    ap.add_argument("--verbose", action="store_true", help="list false positives/negatives")
    args = ap.parse_args(argv)
    corpus = find_corpus(args.corpus)
    if corpus is None:
        default = REPO.parent / "shared" / "corpus"
        corpus = default if default.is_dir() else None
    data, gold = gold_pairs(Path(args.gold))
    t0 = time.perf_counter()
    doc = render_bill(load_bill(data.get("draft")))
    ids = resolve_against(None, corpus)
    insts, notes = load_instruments(ids, corpus)
    alignments = align(doc, insts)
    elapsed = time.perf_counter() - t0
    jur = {i.id: i.jurisdiction for i in insts}
    pred = predicted_pairs(alignments)
    articles = {a.label for a in alignments if a.unit.level == "article"}
    missing = set(data["articles"]) ^ articles
    if missing:
        print(f"warning: gold and draft disagree on articles: {sorted(missing)}")
    print(
        f"corpus: {corpus or 'none (maps only)'}; {len(articles)} articles; "
        f"{len(ids)} instruments; aligned in {elapsed:.2f} s"
    )
    for n in notes:
        print(f"note: {n}")
    print(f"{'jurisdiction':<14}{'pred':>6}{'gold':>6}{'tp':>6}{'P':>8}{'R':>8}{'F1':>8}")
    by_j_pred, by_j_gold = defaultdict(set), defaultdict(set)
    for p in pred:
        by_j_pred[jur[p[1]]].add(p)
    for g in gold:
        if g[1] in jur:
            by_j_gold[jur[g[1]]].add(g)
    for j in ("uk", "eu", "ca", "jp", *sorted(set(jur.values()) - {"uk", "eu", "ca", "jp"})):
        pj, gj = by_j_pred[j], by_j_gold[j]
        p, r, f = prf(pj, gj)
        print(f"{j:<14}{len(pj):>6}{len(gj):>6}{len(pj & gj):>6}{p:>8.3f}{r:>8.3f}{f:>8.3f}")
        if args.verbose:
            for fp in sorted(pj - gj):
                print(f"    + {fp[0]:<20} {fp[1]} {fp[2]}")
            for fn in sorted(gj - pj):
                print(f"    - {fn[0]:<20} {fn[1]} {fn[2]}")
    p, r, f = prf(pred, {g for g in gold if g[1] in jur})
    print(
        f"{'all':<14}{len(pred):>6}{len(gold):>6}{len(pred & gold):>6}{p:>8.3f}{r:>8.3f}{f:>8.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
