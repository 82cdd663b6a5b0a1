"""Bench: how well the auto-tagger reproduces the curated provision maps, provision level.

    .venv/bin/python bench/autotag.py [--corpus DIR] [--mode loio|in-sample|priors] [--write]

Gold: the element tags of every entry of the shipped maps (compare/corpus/maps/*.yaml),
reduced to top-level keys. Input per entry: its heading and the official text of the
provision where the corpus has it, else the map's summary (compare.corpus.autotag.
entry_example). Modes:
  loio       for each instrument, the lexicon (signal probabilities and thresholds) is
             fitted on the OTHER instruments' maps and texts, then tags this one: the figure
             for a law the tagger has not seen (default);
  in-sample  one lexicon fitted on all the instruments tags them all (optimistic);
  priors     no fitting: the signals' prior probabilities and the default threshold.
--write fits on all the shipped maps and writes compare/corpus/autotag_weights.yaml, the
lexicon the shipped tagger uses. Maps in a corpus folder (imported by a user) are never read.
Prints precision, recall and F1 per instrument and per top-level element, micro-averaged.
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from clausewise.compare.corpus.autotag import (
    EVIDENCE,
    WEIGHTS_FILE,
    Lexicon,
    entry_example,
    fit_lexicon,
    propose_instrument,
)
from clausewise.compare.corpus.instruments import Instrument
from clausewise.compare.corpus.loading import shipped_instruments
from clausewise.drafts.taxonomy import TOP_KEYS, top_key

REPO = Path(__file__).resolve().parent.parent


def corpus_dir(arg: str | None) -> Path | None:
    for cand in (arg, os.environ.get("CLAUSEWISE_CORPUS"), str(REPO.parent / "shared" / "corpus")):
        if cand and Path(cand).is_dir():
            return Path(cand)
    return None


@dataclass
class Tally:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)

    def add(self, gold: set[str], pred: set[str]) -> None:
        for k in gold & pred:
            self.tp[k] += 1
        for k in pred - gold:
            self.fp[k] += 1
        for k in gold - pred:
            self.fn[k] += 1

    def prf(self, key: str | None = None) -> tuple[int, int, int, float, float, float]:
        if key is None:
            tp, fp, fn = (sum(c.values()) for c in (self.tp, self.fp, self.fn))
        else:
            tp, fp, fn = self.tp[key], self.fp[key], self.fn[key]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return tp, fp, fn, p, r, f


def fmt(name: str, row: tuple[int, int, int, float, float, float]) -> str:
    tp, fp, fn, p, r, f = row
    return f"{name:<28}{tp:>4}{fp:>4}{fn:>4}  {p:6.2f}{r:6.2f}{f:6.2f}"


def evaluate(
    insts: list[Instrument], mode: str, verbose: bool = False
) -> tuple[Tally, dict[str, Tally]]:
    examples = {i.id: [entry_example(i, e) for e in i.map.entries] for i in insts}
    training = {i.id: [entry_example(i, e, training=True) for e in i.map.entries] for i in insts}
    everything = [ex for exs in training.values() for ex in exs]
    groups = [i for i, exs in training.items() for _ in exs]
    overall, per = Tally(), {}
    shared = fit_lexicon(everything, groups) if mode == "in-sample" else Lexicon()
    for inst in insts:
        if mode == "loio":
            rest = [(i, ex) for i, exs in training.items() if i != inst.id for ex in exs]
            lex = fit_lexicon([ex for _, ex in rest], [i for i, _ in rest])
        else:
            lex = shared
        tally = Tally()
        # Entries are keyed by position: a map may split one label into several entries.
        proposed = propose_instrument(
            lex,
            [
                (entry.label, ex.text_en, ex.text_ja, ex.heading, ex.parent)
                for entry, ex in zip(inst.map.entries, examples[inst.id], strict=True)
            ],
        )
        for entry, ex in zip(inst.map.entries, examples[inst.id], strict=True):
            tags = proposed[entry.label]
            pred = {t.key for t in tags if t.key in TOP_KEYS}
            tally.add(set(ex.gold), pred)
            overall.add(set(ex.gold), pred)
            if verbose and pred != set(ex.gold):
                print(f"{inst.id} {entry.label} [{ex.heading[:50]}]")
                for t in tags:
                    if t.key in TOP_KEYS and t.key not in ex.gold:
                        print(f"    + {t.key:<26} {t.score:6.2f} {', '.join(t.evidence[:4])}")
                for key in sorted(set(ex.gold) - pred):
                    print(f"    - {key}")
        per[inst.id] = tally
    return overall, per


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", help="corpus folder (default: CLAUSEWISE_CORPUS, ../shared/corpus)")
    ap.add_argument("--mode", choices=("loio", "in-sample", "priors"), default="loio")
    ap.add_argument("--write", action="store_true", help=f"write {WEIGHTS_FILE.name}")
    ap.add_argument("--verbose", action="store_true", help="list each entry's wrong tags")
    args = ap.parse_args(argv)
    corpus = corpus_dir(args.corpus)
    insts = shipped_instruments(corpus)
    if args.write:
        pairs = [(i.id, entry_example(i, e, training=True)) for i in insts for e in i.map.entries]
        lex = fit_lexicon([ex for _, ex in pairs], [g for g, _ in pairs])
        text = (
            "# Written by bench/autotag.py --write: the auto-tagger's lexicon fitted on the\n"
            "# shipped maps and the corpus texts: counts by signal feature 'key|lang:phrase'\n"
            "# ('#h' in its heading, '#p' in its Part's), thresholds by top-level key, and the\n"
            "# decider over the evidence (autotag.EVIDENCE). Do not edit by hand.\n"
        )
        # Only a signal's own element is ever weighed (autotag.Lexicon.scores): keep that count.
        joint = {
            feat: {top: c for top, c in per.items() if top == top_key(feat.split("|")[0])}
            for feat, per in sorted(lex.joint.items())
        }
        text += yaml.safe_dump(
            {
                "n": lex.n,
                "positives": lex.positives,
                "thresholds": lex.thresholds,
                "decider": None
                if lex.decider is None
                else {
                    "evidence": list(EVIDENCE),
                    "coef": lex.decider.coef,
                    "mean": [round(x, 6) for x in lex.decider.mean],
                    "scale": [round(x, 6) for x in lex.decider.scale],
                    "cut": lex.decider.cut,
                },
                "seen": dict(sorted(lex.seen.items())),
                "joint": {k: v for k, v in joint.items() if v},
            },
            allow_unicode=True,
            sort_keys=False,
            width=100,
        )
        WEIGHTS_FILE.write_text(text, encoding="utf-8")
        print(f"wrote {WEIGHTS_FILE} ({len(lex.seen)} signal features)")
        return 0
    overall, per = evaluate(insts, args.mode, args.verbose)
    print(f"autotag bench: mode {args.mode}, corpus {corpus or '(none)'}\n")
    print(f"{'instrument':<28}  tp  fp  fn       P     R    F1")
    for inst_id, tally in per.items():
        print(fmt(inst_id, tally.prf()))
    print(f"\n{'element':<28}  tp  fp  fn       P     R    F1")
    for key in TOP_KEYS:
        print(fmt(key, overall.prf(key)))
    print(fmt("micro-average", overall.prf()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
