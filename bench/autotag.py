"""Bench: how well the auto-tagger reproduces the curated provision maps.

    python bench/autotag.py [--corpus DIR] [--mode auto|summary|summary-ja] [--threshold T]

Gold: the element tags of every entry of compare/corpus/maps/*.yaml, reduced to top-level keys.
Input per entry, by --mode:
  auto        heading + the official text of the provision, read with compare.importers when
              that works for the instrument and finds the entry's label; otherwise heading +
              the map's English summary (the output says which was used, per instrument);
  summary     heading + English summary (independent of the importers);
  summary-ja  heading + Japanese summary (exercises the Japanese signals).
Prints precision, recall and F1 per top-level element, micro-averaged overall, and per
instrument. Read-only: it writes nothing.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from clausewise.compare.corpus.autotag import (
    DEFAULT_RELATIVE,
    DEFAULT_THRESHOLD,
    propose_tags,
    tag_provision,
)
from clausewise.drafts.taxonomy import TOP_KEYS, is_valid_key, top_key

REPO = Path(__file__).resolve().parent.parent

MAPS = REPO / "compare" / "corpus" / "maps"


def corpus_dir(arg: str | None) -> Path | None:
    for cand in (arg, os.environ.get("CLAUSEWISE_CORPUS"), str(REPO.parent / "shared" / "corpus")):
        if cand and Path(cand).is_dir():
            return Path(cand)
    return None


def load_document(corpus: Path | None, source: dict[str, Any]) -> tuple[Any, str]:
    """(Document or None, how it was read or why not) for a map's source.

    compare.importers.import_file first; while that is still being written, the importer
    module named by the map's `source.format`, if there is one with a `load(path)`.
    """
    if corpus is None:
        return None, "no corpus"
    path = corpus / str(source.get("file", ""))
    fmt_name = str(source.get("format", ""))
    try:
        from clausewise.compare.corpus.importers import (
            import_file,  # written in parallel; may be missing
        )
    except ImportError:
        try:
            module = importlib.import_module(f"clausewise.compare.corpus.importers.{fmt_name}")
            loader, how = module.load, f"via compare.importers.{fmt_name}.load"
        except (ImportError, AttributeError, ValueError):
            return None, f"no import_file and no importer for format {fmt_name!r}"
    else:
        loader, how = import_file, "via import_file"
    try:
        return loader(path), how
    except Exception as exc:  # noqa: BLE001 - any importer failure means: fall back
        return None, f"importer failed: {type(exc).__name__}: {str(exc)[:80]}"


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


def predict(
    entry: dict[str, Any], doc: Any, mode: str, options: dict[str, float]
) -> tuple[set[str], str]:
    heading = str(entry.get("heading") or "")
    summary = entry.get("summary") or {}
    if mode == "auto" and doc is not None:
        prov = doc.find(str(entry.get("label")))
        if prov is not None:
            # The map's heading where it has one, so both input modes see the same heading.
            tags = (
                propose_tags(prov.all_text("en"), prov.all_text("ja"), heading, **options)
                if heading
                else tag_provision(prov, **options)
            )
            return {t.key for t in tags if t.key in TOP_KEYS}, "official"
    if mode == "summary-ja":
        tags = propose_tags("", str(summary.get("ja", "")), heading, **options)
        return {t.key for t in tags if t.key in TOP_KEYS}, "summary-ja"
    tags = propose_tags(str(summary.get("en", "")), "", heading, **options)
    return {t.key for t in tags if t.key in TOP_KEYS}, "summary"


def fmt(name: str, row: tuple[int, int, int, float, float, float]) -> str:
    tp, fp, fn, p, r, f = row
    return f"{name:<28}{tp:>4}{fp:>4}{fn:>4}  {p:6.2f}{r:6.2f}{f:6.2f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--corpus", help="reference corpus folder (default: CLAUSEWISE_CORPUS, ../shared/corpus)"
    )
    ap.add_argument("--maps", default=str(MAPS), help="folder of provision maps (*.yaml)")
    ap.add_argument("--mode", choices=("auto", "summary", "summary-ja"), default="auto")
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    ap.add_argument("--relative", type=float, default=DEFAULT_RELATIVE)
    args = ap.parse_args(argv)

    maps = sorted(Path(args.maps).glob("*.yaml"))
    if not maps:
        print(f"no provision maps in {args.maps}", file=sys.stderr)
        return 2
    corpus = corpus_dir(args.corpus)
    options = {"threshold": args.threshold, "relative": args.relative}
    overall = Tally()
    print(
        f"autotag bench: mode {args.mode}, threshold {args.threshold}, relative "
        f"{args.relative}, corpus {corpus or '(none)'}\n"
    )
    print(f"{'instrument':<28}  tp  fp  fn       P     R    F1   input")
    for path in maps:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        doc, why = (
            load_document(corpus, data.get("source") or {}) if args.mode == "auto" else (None, "")
        )
        tally, used, bad = Tally(), Counter[str](), 0
        for entry in data.get("provisions") or []:
            keys = [k for k in entry.get("elements") or [] if isinstance(k, str)]
            bad += sum(1 for k in keys if not is_valid_key(k))
            gold = {top_key(k) for k in keys if is_valid_key(k)}
            pred, source = predict(entry, doc, args.mode, options)
            used[source] += 1
            tally.add(gold, pred)
            overall.add(gold, pred)
        note = ", ".join(f"{n} {s}" for s, n in sorted(used.items()))
        if why:
            note += f" ({why})"
        if bad:
            note += f"; {bad} unknown keys skipped"
        print(f"{fmt(data.get('id', path.stem), tally.prf())}   {note}")

    print(f"\n{'element':<28}  tp  fp  fn       P     R    F1")
    for key in TOP_KEYS:
        print(fmt(key, overall.prf(key)))
    print(fmt("micro-average", overall.prf()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
