"""`corpus import`: add a law we do not ship, so that `compare --against ID` can use it at once.

The file is read by an importer, every unit (regulation, section, article, schedule) gets a
map entry whose element tags are the auto-tagger's proposals, with the evidence kept in
`auto_tags` so that an aide can see why and correct them. Nothing is invented: there is no
summary (the entry's `gap` says so), `verified` is false, and the map says `reviewed: false`
until the aide has checked it and changed that to true. The text is copied into
<corpus>/<CODE>/ and the map written to <corpus>/maps/<ID>.yaml, which map_paths() finds.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from ...drafts.atomic import write_bytes
from ...drafts.errors import ClausewiseError
from ...drafts.model import Document, Provision
from ...drafts.yamlsource import dump_yaml, parse_yaml
from .errors import CorpusError
from .maps import ProvisionMap, parse_map, shipped_maps
from .view import CONTAINERS, units

NO_SUMMARY = "auto-imported; no curated summary"
# The one tag an entry gets when no signal word of any element matched: maps need at least
# one element, and `administration` is the most neutral; the gap says it is a placeholder.
PLACEHOLDER = "administration"
_ID = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
_CODE = re.compile(r"^[a-z]{2,8}$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _tags(p: Provision, proposals: list) -> tuple[list[str], list[dict], str | None]:
    """Elements, auto_tags evidence and a gap note for one unit, from the tagger's
    proposals for it (made for the whole law at once: see build_map)."""
    from ...drafts.taxonomy import top_key
    from .autotag import tag_provision

    note = None
    if not proposals:
        weak = tag_provision(p, threshold=0.0, relative=0.0)
        if weak:
            best = top_key(weak[0].key)
            proposals = [t for t in weak if top_key(t.key) == best]
            note = (
                f"no element reached the tagger's threshold; '{best}' is its best guess "
                f"(score {weak[0].score})"
            )
        else:
            note = f"no element's signal words matched; '{PLACEHOLDER}' is a placeholder tag"
    elements = [t.key for t in proposals] or [PLACEHOLDER]
    evidence = [{"key": t.key, "score": t.score, "evidence": list(t.evidence)} for t in proposals]
    return elements, evidence, note


def _heading(p: Provision) -> str:
    cap = p.caption or {}
    return cap.get("en") or cap.get("ja") or cap.get("fr") or ""


def _groups(doc: Document) -> dict[str, Provision]:
    """The part or chapter each unit sits in, by unit label."""
    out: dict[str, Provision] = {}

    def walk(ps: list[Provision], group: Provision | None) -> None:
        for p in ps:
            if p.kind in CONTAINERS and p.children:
                walk(p.children, p)
            elif group is not None:
                out[p.label] = group

    walk(doc.provisions, None)
    return out


def build_map(
    doc: Document,
    inst_id: str,
    jurisdiction: str,
    title: str,
    citation: str,
    url: str,
    text_rel: str,
    fmt: str,
    source_name: str,
) -> dict:
    from .autotag import tag_provisions

    groups = _groups(doc)
    parts: dict[str, dict] = {}
    entries = []
    found = list(units(doc.provisions))
    # The whole law at once: a provision against circumvention takes the measures of the
    # provisions it cites, and each unit reads the heading of its Part or Chapter.
    proposed = tag_provisions(found, parents={k: _heading(g) for k, g in groups.items()})
    for p in found:
        elements, auto, note = _tags(p, proposed.get(p.label, []))
        entry: dict = {"label": p.label, "kind": p.kind, "citation": p.citation or p.label}
        if (g := groups.get(p.label)) is not None:
            entry["part"] = g.label
            parts.setdefault(g.label, {"label": g.label, "heading": _heading(g) or g.label})
        if heading := _heading(p):
            entry["heading"] = heading
        entry["elements"] = elements
        entry["verified"] = False
        entry["gap"] = NO_SUMMARY + (f"; {note}" if note else "")
        entry["auto_tags"] = auto
        entries.append(entry)
    if not entries:
        raise CorpusError(
            source_name,
            f"no provisions found as {fmt}; is this the text of a law, and is --format right?",
        )
    lang = "ja" if _CJK.search(title) else "en"
    data = {
        "id": inst_id,
        "title": {lang: title},
        "citation": citation or title,
        "jurisdiction": jurisdiction,
        "url": url or "",
        "licence": "not recorded: imported by the user; check the publisher's terms",
        "version_date": "unknown",
        # Until the aide has checked the tags, what the map lacks is unknown, not absent.
        "reviewed": False,
        "source": {"file": text_rel, "format": fmt, "completeness": "full"},
        "notes": (
            f"Imported by `clausewise corpus import` from {source_name} on "
            f"{date.today().isoformat()}. Element tags are the auto-tagger's proposals "
            "(evidence in auto_tags), not checked by anyone; there are no summaries."
        ),
    }
    if parts:
        data["parts"] = list(parts.values())
    data["provisions"] = entries
    return data


def import_law(
    file: str | Path,
    inst_id: str,
    jurisdiction: str,
    title: str,
    corpus: Path,
    fmt: str = "auto",
    citation: str | None = None,
    url: str | None = None,
    force: bool = False,
) -> tuple[Path, Path, ProvisionMap]:
    """Import FILE as instrument ID into corpus; return (map path, text path, the map)."""
    from .importers import detect_format, import_file

    if not _ID.match(inst_id):
        raise ClausewiseError(f"--id {inst_id!r}: use lower-case letters, digits, '-' and '.'")
    if not _CODE.match(jurisdiction):
        raise ClausewiseError(
            f"--jurisdiction {jurisdiction!r}: use a short lower-case code "
            "such as uk, eu, ca, jp, us"
        )
    src = Path(file)
    if not src.is_file():
        raise CorpusError(src, "file not found")
    map_path = corpus / "maps" / f"{inst_id}.yaml"
    if not force and map_path.exists():
        raise ClausewiseError(
            f"a map for {inst_id} already exists; --force replaces it", str(map_path)
        )
    if not force and inst_id in shipped_maps():
        raise ClausewiseError(
            f"{inst_id} is a shipped instrument; an imported map would "
            "hide its curated one (--force to do it anyway)"
        )
    if fmt == "auto":
        fmt = detect_format(src)
    doc = import_file(src, fmt=fmt, doc_id=inst_id, citation=citation)

    text_rel = f"{jurisdiction}/{src.name}"
    text_path = corpus / text_rel
    data = src.read_bytes()
    same = text_path.exists() and text_path.resolve() == src.resolve()
    if not same and text_path.exists() and text_path.read_bytes() != data and not force:
        raise ClausewiseError(
            "another file of this name is already in the corpus; rename yours or use --force",
            str(text_path),
        )

    mapping = build_map(
        doc, inst_id, jurisdiction, title, citation or "", url or "", text_rel, fmt, src.name
    )
    text = "# Provision map written by `clausewise corpus import`: review before relying on it.\n"
    text += dump_yaml(mapping, sort_keys=False, width=100)
    # Checked before anything is written: a map that maps.load_map would refuse is a bug here.
    parsed = parse_map(parse_yaml(text, str(map_path)))
    if not same:
        write_bytes(text_path, data)
    write_bytes(map_path, text.encode("utf-8"))
    return map_path, text_path, parsed
