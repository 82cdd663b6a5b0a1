"""The compare job: bill + reference instruments → one report dict → the requested formats.

The dict is the JSON contract (README, "Comparing with the reference laws") with the extra
fields the human formats need: titles, links, the wording diffs, corrections and notes.
"""

from __future__ import annotations

import contextlib
import gc
import os
import tempfile
from pathlib import Path

from ..drafts.billfile import load_bill
from ..drafts.errors import OutputError
from ..drafts.kanji import to_kanji
from ..drafts.model import Document, Provision
from ..drafts.outputs import check_target, safe_id
from ..drafts.render import render_bill
from ..drafts.taxonomy import TOP_KEYS, jurisdictions, load_taxonomy
from . import corrections as corr_mod
from .align import Alignment, Match, iter_align
from .corpus.instruments import Instrument, locate_corpus
from .corpus.links import provision_url
from .corpus.loading import all_maps, load_instruments, resolve_against
from .corpus.maps import web_url
from .coverage import coverage_detail, draft_citations, gaps
from .coverage import jurisdictions as compared_jurisdictions
from .spool import RowSpool
from .wording import wording


def _caption(p: Provision) -> dict[str, str]:
    return dict(p.caption) if p.caption else {"ja": "", "en": ""}


def _match_dict(
    m: Match,
    inst: Instrument,
    draft: Provision,
    with_wording: bool,
    diff: bool = True,
    cite: dict[str, str] | None = None,
) -> dict:
    e = inst.map.entry(m.label)
    out = {
        "instrument": m.instrument,
        "citation": m.citation,
        # As the instrument cites itself, to the provision that carries the rule.
        "cite": f"{inst.map.citation} {m.pinpoint or m.citation}",
        "score": m.score,
        "elements": m.elements,
        "subkeys": m.subkeys,
        "explanation": m.explanation(),
        "label": m.label,
        "heading": m.heading,
        "jurisdiction": m.jurisdiction,
        "url": m.url or provision_url(inst.map, m.label),
        "pinned": m.pinned,
        "pinpoint": m.pinpoint,
        "why": {
            "element_score": m.element_score,
            "text_score": m.text_score,
            "words": m.words,
            "terms": m.terms,
            "text_source": m.text_source,
        },
    }
    # A Japanese instrument as Japanese cites it, for the Japanese report (not a pinpoint
    # below the entry: the map gives the entry's Japanese citation only).
    if e is not None and inst.map.cite_ja(e) and (not m.pinpoint or m.pinpoint == m.citation):
        out["cite_ja"] = inst.map.cite_ja(e)
    if with_wording:
        w = wording(draft, inst, e, m.pinpoint, diff).as_dict()
        if w["source"] == "text" and cite is not None:
            w["draft_passage"], w["draft_passage_ja"] = _passage_names(cite, draft, w)
        if e is not None and e.citation_ja and w.get("reference_passage") == e.citation:
            w["reference_passage_ja"] = e.citation_ja  # a Japanese law's 第一条
        out["wording"] = w
    return out


def numbered_text(article: Provision, lang: str) -> str:
    """An article's text, a line per paragraph and item with its number (２, 一, (a)), as
    the bill prints it; the article's own number is in the row's heading."""
    sep = "\u3000" if lang == "ja" else " "
    lines = []
    for d in article.walk():
        text = d.text.get(lang, "")
        if not text:
            continue
        number = d.number.get(lang, "") if d is not article else ""
        lines.append(f"{number}{sep}{text}" if number else text)
    return "\n".join(lines)


def _passage_names(cite: dict[str, str], draft: Provision, w: dict) -> tuple[str, str]:
    """The draft passage as the bill cites it: Article 14(2) / 第十四条第二項."""
    n = w.get("draft_paragraph")
    if n is None or len(draft.children) < 2:
        return cite["en"], cite["ja"]
    return f"{cite['en']}({n})", f"{cite['ja']}第{to_kanji(n)}項"


def _alignment_dict(
    a: Alignment, by_id: dict[str, Instrument], cites: dict[str, dict[str, str]], diffs: bool
) -> dict:
    p = a.unit.provision
    article = a.unit.level == "article"
    out = {
        "draft": a.label,
        "level": a.unit.level,
        "article": a.unit.article,
        # Articles as the bill cites them (附則第一条 for a supplementary article).
        "number": dict(cites.get(a.label) or p.number),
        "caption": _caption(p),
        "elements": sorted(a.unit.weights, key=TOP_KEYS.index),
        "matches": [
            _match_dict(m, by_id[m.instrument], p, article, diffs, cites.get(a.label))
            for m in a.matches
        ],
    }
    if article:
        out["text"] = {lang: numbered_text(p, lang) for lang in ("ja", "en")}
    return out


def _instrument_dict(inst: Instrument) -> dict:
    m = inst.map
    return {
        "id": m.id,
        "jurisdiction": m.jurisdiction,
        "citation": m.citation,
        **({"citation_ja": m.citation_ja} if m.citation_ja else {}),
        "title": m.title,
        "short": m.short,
        "url": web_url(m.url),
        "text_status": inst.text_status,
    }


def _pin_notes(items, against: list[str]) -> list[str]:
    return [
        f"pinned match {c.instrument} {c.citation} for {c.target!r} is not shown: "
        f"{c.instrument} is not among the compared instruments (--against)"
        for c in items
        if c.kind == "pin" and c.instrument not in against
    ]


def _no_corpus_ja(lookup) -> str:
    from .reports.view import labels

    names = {
        "CLAUSEWISE_CORPUS": "CLAUSEWISE_CORPUS",
        "beside the checkout": "チェックアウトの隣",
        "user cache": "ユーザーキャッシュ",
    }
    places = "；".join(f"{names.get(w, w)}：{p or '未設定'}" for w, p in lookup.looked)
    return labels("ja")["note_no_corpus"].format(places=places)


def _notes_ja(notes: list[str], items, against: list[str]) -> list[str]:
    """The notes the comparator writes, in Japanese; a loader's note is kept as written."""
    from .reports.view import labels

    ja = labels("ja")
    out = list(notes)
    out += [
        ja["note_pin_not_shown"].format(
            match=f"{c.instrument} {c.citation}", target=c.target, instrument=c.instrument
        )
        for c in items
        if c.kind == "pin" and c.instrument not in against
    ]
    return out


def status_legend() -> dict[str, dict[str, str]]:
    """Each status and reason code in words, both languages: the JSON's own legend."""
    from .reports.view import labels

    ja, en = labels("ja"), labels("en")
    out = {}
    for s in ("present", "partial", "unknown", "absent"):
        out[s] = {
            "ja": ja[s],
            "en": en[s],
            "meaning_ja": ja[f"legend_{s}"],
            "meaning_en": en[f"legend_{s}"],
        }
    for key in ja:
        if key.startswith("reason_"):
            out[key] = {"ja": ja[key], "en": en[key]}
    return out


def element_names() -> dict[str, dict[str, str]]:
    return {k: dict(e.label) for k, e in load_taxonomy().items()}


def build_report(
    bill,
    doc: Document,
    instruments: list[Instrument],
    items,
    notes,
    diffs: bool = True,
    notes_ja: list[str] | None = None,
) -> dict:
    """The report dict. diffs=False leaves every wording undiffed: for callers that write
    only formats without diffs (Word, Markdown), it saves the costly part."""
    corrections = corr_mod.to_corrections(items)
    by_id = {i.id: i for i in instruments}
    detail = coverage_detail(doc, instruments)
    cov = {k: detail[k] for k in TOP_KEYS}
    for row in detail.values():
        for cell in row.values():
            for ref in cell.get("refs", []):
                ref["url"] = provision_url(by_id[ref["instrument"]].map, ref["label"])
    against = [i.id for i in instruments]
    cites = draft_citations(doc)
    waivers = {c.target: c.reason for c in items if c.kind == "waive"}
    report = {
        "bill": bill.id,
        "title": dict(bill.title),
        "against": against,
        "instruments": [_instrument_dict(i) for i in instruments],
        "statuses": status_legend(),
        "jurisdictions": compared_jurisdictions(instruments),
        "jurisdiction_names": jurisdictions(),
        "element_names": element_names(),
        "coverage": cov,
        "alignments": RowSpool(),  # filled below, once the fields the rows need are in
        "gaps": gaps(detail, waivers),
        "corrections": [c.as_dict() for c in items],
        "notes": notes + _pin_notes(items, against),
        "notes_ja": _notes_ja(notes if notes_ja is None else notes_ja, items, against),
    }
    from .reports.view import explain

    # Each unit's row is made, written to the spool and let go: a long bill's rows with
    # their wording do not fit in memory together (compare.spool).
    names: dict[str, str] = {}  # the elements' Japanese names, found once
    for a in iter_align(doc, instruments, corrections):
        row = _alignment_dict(a, by_id, cites, diffs)
        # Each match's explanation in Japanese beside the aligner's English one.
        for m in row["matches"]:
            m["explanation_ja"] = explain(report, m, "ja", names)
        report["alignments"].append(row)
    return report


def run_compare(
    bill_name: str | None, against: str | None, corpus_dir: str | None, diffs: bool = True
) -> dict:
    lookup = locate_corpus(corpus_dir)
    corpus = lookup.path
    with _lasting():
        maps = all_maps(corpus)
        ids = resolve_against(against, corpus)
        instruments, notes = load_instruments(ids, corpus)
    try:
        bill = load_bill(bill_name)
        doc = render_bill(bill)
        items = corr_mod.parse(bill, doc, maps)
        notes_ja = None
        if corpus is None:
            notes, notes_ja = [lookup.describe()], [_no_corpus_ja(lookup)]
        return build_report(bill, doc, instruments, items, notes, diffs, notes_ja)
    finally:
        gc.unfreeze()


@contextlib.contextmanager
def _lasting():
    """For what is made inside and kept to the end of the comparison (the reference laws and
    their maps, tens of thousands of small objects, none of them cyclic garbage): the cyclic
    collector is paused while they are made and then set to leave alive objects alone
    (gc.freeze) until run_compare's end, rather than visit them again at every pass (a
    twentieth of a default bill's comparison). Not the bill's rendering, whose template
    contexts do leave cycles to collect."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was:
            gc.enable()


def _targets(bill_id: str, formats: list[str], output: Path | None, by: str) -> dict[str, Path]:
    """-o is a file for one format, a folder for several (default ./build/)."""
    stem = f"{safe_id(bill_id)}.compare" + ("-by-element" if by == "element" else "")
    if output is not None and len(formats) == 1 and not output.is_dir() and output.suffix:
        return {formats[0]: output}
    folder = output or Path("build")
    if folder.exists() and not folder.is_dir():
        raise OutputError("-o names a file, but several formats need a folder", str(folder))
    return {fmt: folder / f"{stem}.{fmt}" for fmt in formats}


def write_reports(
    report: dict, formats: list[str], output: Path | None, lang: str, by: str, pretty: bool = False
) -> list[Path]:
    from ..drafts.writers import WriteOptions
    from .reports import stream

    # Each format streams into a temporary file beside its target (a long bill's report is
    # too large to hold as bytes); the files are renamed into place only once every format
    # is written, so a failure leaves no partial set of reports behind.
    options = WriteOptions(by=by, pretty=pretty)
    targets = {
        fmt: check_target(path)
        for fmt, path in _targets(report["bill"], formats, output, by).items()
    }
    parts: dict[Path, str] = {}
    try:
        for fmt, path in targets.items():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
            except OSError as exc:
                raise OutputError(f"cannot write here: {exc.strerror}", str(path)) from None
            parts[path] = tmp
            try:
                with os.fdopen(fd, "wb") as fh:
                    stream(report, fmt, lang, options, fh)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.chmod(tmp, 0o644)
            except OSError as exc:
                raise OutputError(f"cannot write the file: {exc.strerror}", str(path)) from None
        for path, tmp in list(parts.items()):
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise OutputError(f"cannot write the file: {exc.strerror}", str(path)) from None
            del parts[path]
    finally:
        for tmp in parts.values():
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return list(targets.values())
