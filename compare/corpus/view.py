"""What `corpus list` and `corpus show` report: a provision map joined with the imported text.

A map entry describes a "unit" of an instrument: a regulation, section, article, schedule,
annex or the recitals. Parts and chapters only group units, so they are walked through.
The map gives citation, elements, summary and `verified`; the text (when the corpus has it)
gives number, caption, wording and children. The JSON shape is the bill JSON of
drafts/writers/json.py plus `citation`, `summary`, `verified` (and `gap`) on each provision.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ...drafts.errors import ClausewiseError
from ...drafts.jsoncontract import provision_to_dict
from ...drafts.model import Document, Provision
from .instruments import Instrument, instrument_ids, load_instrument
from .maps import MapEntry

# Groupings only: a map has entries for what they hold, not for them. A 附則 (e-Gov laws carry
# one per amending act) is such a grouping: its articles are the units.
CONTAINERS = {"part", "chapter", "section", "supplementary"}
# The enacting formula, OJ citations, "Made:" dates: front matter that a map may describe
# (the Canadian maps do) but need not, because it is not an operative provision.
FRONT_MATTER = {"preamble"}
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def units(provisions: Iterable[Provision]) -> Iterator[Provision]:
    """The provisions a map has one entry each for, in document order."""
    for p in provisions:
        if p.kind in CONTAINERS and p.children:
            yield from units(p.children)
        else:
            yield p


def has_text(p: Provision) -> bool:
    return any(p.all_text(lang).strip() for lang in ("en", "ja", "fr", "de"))


def required_units(doc: Document) -> list[Provision]:
    """Units whose wording the text has and that a complete map must therefore describe."""
    return [u for u in units(doc.provisions) if has_text(u) and u.label not in FRONT_MATTER]


def _langs(doc: Document | None) -> tuple[str, ...]:
    # The bill JSON has ja and en; a bilingual Canadian text adds its French.
    if doc is not None and any(p.text.get("fr") for p in doc.walk()):
        return ("ja", "en", "fr")
    return ("ja", "en")


def _heading_caption(heading: str) -> dict[str, str] | None:
    if not heading:
        return None
    return {"ja": heading} if _CJK.search(heading) else {"en": heading}


def _annotate(d: dict, p: Provision | None, entry: MapEntry | None, verified: bool) -> dict:
    d["citation"] = entry.citation if entry else (p.citation if p else None)
    d["summary"] = dict(entry.summary) if entry and entry.summary else None
    d["verified"] = verified
    d["gap"] = entry.gap if entry else None
    kids = p.children if p is not None else []
    for child_d, child in zip(d["children"], kids, strict=True):
        # Children have no map entry: they are as checked as the unit they belong to.
        _annotate(child_d, child, None, verified)
    return d


def entry_dict(inst: Instrument, entry: MapEntry, langs: tuple[str, ...]) -> dict:
    p = inst.provision(entry.label)
    if p is None:
        p_shown = Provision(
            kind=entry.kind, label=entry.label, caption=_heading_caption(entry.heading)
        )
        d = provision_to_dict(p_shown, langs)
    else:
        d = provision_to_dict(p, langs)
        if d["caption"] is None and entry.heading:
            cap = _heading_caption(entry.heading) or {}
            d["caption"] = {lang: cap.get(lang, "") for lang in langs}
    d["elements"] = list(entry.elements)
    return _annotate(d, p, entry, entry.verified)


def list_row(inst: Instrument) -> dict:
    m = inst.map
    return {
        "id": m.id,
        "jurisdiction": m.jurisdiction,
        "title": dict(m.title),
        "citation": m.citation,
        "provisions": len(m.entries),
        "text": inst.text_status,
    }


def list_rows(corpus: Path | None) -> list[dict]:
    return [list_row(load_instrument(i, corpus)) for i in instrument_ids(corpus)]


def _norm(c: str) -> str:
    c = c.lower()
    for word, short in (
        ("regulation", "reg"),
        ("section", "s"),
        ("article", "art"),
        ("schedule", "sch"),
        ("paragraph", "para"),
        ("regs", "reg"),
    ):
        c = re.sub(rf"\b{word}\b", short, c)
    return re.sub(r"[\s.]", "", c)


def _find(inst: Instrument, citation: str) -> tuple[MapEntry, Provision | None]:
    """The map entry and provision a citation ("reg. 6", "s. 4(2)", a label) names."""
    want = _norm(citation)
    prefix = _norm(inst.map.citation)
    if want.startswith(prefix) and want != prefix:
        want = want[len(prefix) :].lstrip(",")
    for e in inst.map.entries:
        if want in (_norm(e.citation), _norm(e.label)):
            return e, inst.provision(e.label)
    for e in inst.map.entries:
        unit = inst.provision(e.label)
        for p in unit.walk() if unit is not None else ():
            if want in (_norm(p.citation or ""), _norm(p.label)):
                return e, p
    known = ", ".join(e.citation for e in inst.map.entries[:8])
    raise ClausewiseError(
        f"{inst.id} has no provision {citation!r} (citations look like: "
        f"{known}{', ...' if len(inst.map.entries) > 8 else ''})"
    )


def show_dict(inst: Instrument, citation: str | None = None) -> dict:
    m = inst.map
    langs = _langs(inst.doc)
    if citation is None:
        provisions = [entry_dict(inst, e, langs) for e in m.entries]
    else:
        entry, p = _find(inst, citation)
        if p is None or p.label == entry.label:
            provisions = [entry_dict(inst, entry, langs)]
        else:
            provisions = [_annotate(provision_to_dict(p, langs), p, None, entry.verified)]
    return {
        "id": m.id,
        "jurisdiction": m.jurisdiction,
        "title": dict(m.title),
        "citation": m.citation,
        "url": m.url,
        "version_date": m.version_date,
        "text": inst.text_status,
        "text_file": str(inst.text_file) if inst.text_file else None,
        "provisions": provisions,
    }


# --- text output ---------------------------------------------------------------------


def _first(d: dict | None, *langs: str) -> str:
    if not d:
        return ""
    return next((d[lang] for lang in langs if d.get(lang)), "")


def list_text(rows: list[dict]) -> str:
    out = [f"{'id':<22} {'jur':<4} {'prov':>4}  {'text':<7}  title"]
    for r in rows:
        out.append(
            f"{r['id']:<22} {r['jurisdiction']:<4} {r['provisions']:>4}  {r['text']:<7}  "
            f"{_first(r['title'], 'en', 'ja')}"
        )
    return "\n".join(out) + "\n"


def _provision_lines(d: dict, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    caption = _first(d["caption"], "en", "ja", "fr")
    if depth == 0:
        flag = "" if d["verified"] else "  [unverified]"
        out.append(f"{d['citation']}  {caption}".rstrip() + flag)
        out.append(f"  elements: {', '.join(d['elements'])}")
        for lang in ("en", "ja"):
            if d["summary"]:
                out.append(f"  summary ({lang}): {d['summary'][lang]}")
        if d.get("gap"):
            out.append(f"  gap: {d['gap']}")
    number = _first(d["number"], "en", "ja", "fr")
    text = _first(d["text"], "en", "ja", "fr")
    if text:
        lead = f"{number} " if number and depth else ""
        out.append(f"{pad}  | {lead}{text}".replace("\n", f"\n{pad}  | "))
    elif number and depth:
        # A level with no words of its own ("(a)" of "(a)(1) IN GENERAL.—..."): its number
        # still shows where its children belong.
        out.append(f"{pad}  | {number}")
    for child in d["children"]:
        _provision_lines(child, depth + 1, out)


def show_text(data: dict) -> str:
    out = [
        f"{_first(data['title'], 'en', 'ja')} ({data['citation']})",
        f"id {data['id']}, jurisdiction {data['jurisdiction']}, text {data['text']}"
        + (f" ({data['text_file']})" if data["text_file"] else ""),
        "",
    ]
    for d in data["provisions"]:
        _provision_lines(d, 0, out)
        out.append("")
    return "\n".join(out)
