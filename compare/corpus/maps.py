"""Provision maps: the project's own account of every provision of a reference instrument.

A map (`compare/corpus/maps/<id>.yaml`, or one that `corpus import` wrote into a corpus folder)
gives the instrument's identity and, for each provision, its label, citation, heading,
element tags and a short summary in Japanese and English. An entry's optional `pinpoints`
name the paragraphs or points that carry each of its rules ({label, citation, elements}),
so that a comparison can cite Art. 3(2) rather than Art. 3.

`reviewed` (map level, default true): whether a person has checked the map's tags. A map
that `corpus import` writes says `reviewed: false` until the aide marks it; while it is
false, an element the map does not show is `unknown`, not `absent` (see
compare.coverage.absence_reason). With the map alone, comparison
works offline on summaries; with the official text present, on the wording itself.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath, PureWindowsPath

from ...drafts.errors import ClausewiseError
from ...drafts.yamlsource import YamlDoc
from .yamlcache import read_yaml_cached

MAPS_DIR = Path(__file__).resolve().parent / "maps"

TOP_REQUIRED = (
    "id",
    "title",
    "citation",
    "jurisdiction",
    "url",
    "licence",
    "version_date",
    "source",
    "provisions",
)
TOP_OPTIONAL = (
    "short",
    "notes",
    "gaps",
    "parts",
    "chapters",
    "url_fr",
    "citation_ja",
    "reviewed",
)
ENTRY_REQUIRED = ("label", "kind", "citation", "elements", "verified")
ENTRY_OPTIONAL = (
    "heading",
    "summary",
    "part",
    "chapter",
    "gap",
    "basis",
    "citation_ja",
    "heading_partial",
    "heading_ja",
    "auto_tags",
    "pinpoints",
)


@dataclass(frozen=True)
class Pinpoint:
    """A paragraph or point of a mapped provision and the elements it carries."""

    label: str  # the label of the sub-provision in the imported text (art-3-2)
    citation: str  # as the instrument cites itself (Art. 3(2))
    elements: tuple[str, ...]


@dataclass
class MapEntry:
    """One mapped provision of a reference law: where it is, what it says, its elements."""

    label: str
    kind: str
    citation: str
    heading: str
    elements: list[str]
    verified: bool
    summary: dict[str, str] | None = None
    group: str | None = None  # the part or chapter label
    gap: str | None = None
    basis: str | None = None
    citation_ja: str | None = None
    line: int | None = None
    pinpoints: list[Pinpoint] = field(default_factory=list)


@dataclass
class ProvisionMap:
    """A reference law's provision map (compare/corpus/maps/*.yaml), validated."""

    id: str
    title: dict[str, str]
    short: dict[str, str]
    citation: str
    jurisdiction: str
    url: str
    licence: str
    version_date: str
    source: dict
    entries: list[MapEntry]
    notes: str = ""
    gaps: list[str] = field(default_factory=list)
    groups: list[dict] = field(default_factory=list)
    file: str = ""
    reviewed: bool = True  # false: imported, tags not checked by a person
    citation_ja: str | None = None  # a Japanese instrument as Japanese cites it

    def cite_ja(self, e: MapEntry) -> str | None:
        """A provision as a Japanese report cites it (第二〇八回国会 衆第六〇号 第一条), where
        the map gives the instrument's and the entry's Japanese citations; else None."""
        if self.citation_ja and e.citation_ja:
            return f"{self.citation_ja} {e.citation_ja}"
        return None

    def entry(self, label: str) -> MapEntry | None:
        for e in self.entries:
            if e.label == label:
                return e
        return None

    def by_citation(self, citation: str) -> MapEntry | None:
        wanted = _norm_cite(citation)
        for e in self.entries:
            if _norm_cite(e.citation) == wanted:
                return e
        return None


def _norm_cite(c: str) -> str:
    return (
        c.lower()
        .replace(" ", "")
        .replace("regulation", "reg.")
        .replace("section", "s.")
        .replace("article", "art.")
    )


class MapError(ClausewiseError):
    """A provision map that is malformed."""


def web_url(url: object) -> str:
    """The URL if it is an http(s) address, else "": only those become links in a report
    (a map from a pull request could carry `javascript:` or `data:`)."""
    if not isinstance(url, str):
        return ""
    parsed = urllib.parse.urlsplit(url.strip())
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else ""


def _check_source(source, fail) -> dict:
    """`source.file` (and `file_fr`) must name a file inside the corpus folder."""
    if not isinstance(source, dict):
        raise fail("'source' must be a mapping with 'file' and 'format'", "source")
    for key in ("file", "file_fr"):
        rel = source.get(key)
        if rel is None:
            continue
        parts = PurePosixPath(str(rel)).parts
        if (
            not isinstance(rel, str)
            or not rel
            or rel.startswith(("/", "\\"))
            or PureWindowsPath(rel).drive
            or ".." in parts
            or "\\" in rel
        ):
            raise fail(
                f"source {key} {rel!r} must be a path inside the corpus folder "
                "(relative, without '..')",
                "source",
                key,
            )
    return source


def parse_map(doc: YamlDoc) -> ProvisionMap:
    from ...drafts.taxonomy import is_valid_key

    data = doc.data

    def fail(message: str, *path) -> MapError:
        return MapError(message, doc.file, doc.line(*path))

    if not isinstance(data, dict):
        raise fail("a provision map must be a mapping")
    for key in TOP_REQUIRED:
        if key not in data:
            raise fail(f"the map has no {key!r}")
    unknown = set(data) - set(TOP_REQUIRED) - set(TOP_OPTIONAL)
    if unknown:
        raise fail(f"unknown key {sorted(unknown)[0]!r}", sorted(unknown)[0])
    if not isinstance(data["provisions"], list):
        raise fail("'provisions' must be a list", "provisions")
    entries = []
    seen: set[str] = set()
    for i, raw in enumerate(data["provisions"]):
        path = ("provisions", i)
        if not isinstance(raw, dict):
            raise fail("each provision entry must be a mapping", *path)
        for key in ENTRY_REQUIRED:
            if key not in raw:
                raise fail(f"provision entry has no {key!r}", *path)
        extra = set(raw) - set(ENTRY_REQUIRED) - set(ENTRY_OPTIONAL)
        if extra:
            raise fail(f"unknown key {sorted(extra)[0]!r} in a provision entry", *path)
        label = raw["label"]
        for key in ("label", "kind"):
            if not isinstance(raw[key], str) or not raw[key]:
                raise fail(f"a provision's {key!r} must be text", *path, key)
        for key in ("heading", "gap", "basis", "citation_ja", "part", "chapter"):
            if raw.get(key) is not None and not isinstance(raw[key], str | int):
                raise fail(f"{label}: {key!r} must be text", *path, key)
        if label in seen:
            raise fail(f"duplicate label {label!r}", *path, "label")
        seen.add(label)
        elements = raw["elements"]
        if not isinstance(elements, list) or not elements:
            raise fail(f"{label}: 'elements' must be a non-empty list", *path, "elements")
        for j, key in enumerate(elements):
            if not isinstance(key, str) or not is_valid_key(key):
                raise fail(
                    f"{label}: {key!r} is not an element of the taxonomy", *path, "elements", j
                )
        summary = raw.get("summary")
        if summary is not None and not (
            isinstance(summary, dict)
            and isinstance(summary.get("en"), str)
            and isinstance(summary.get("ja"), str)
            and summary["en"]
            and summary["ja"]
        ):
            raise fail(f"{label}: a summary needs both 'ja' and 'en'", *path, "summary")
        pinpoints = _pinpoints(raw.get("pinpoints"), label, fail, path)
        entries.append(
            MapEntry(
                label=label,
                kind=raw["kind"],
                citation=str(raw["citation"]),
                heading=str(raw.get("heading") or ""),
                elements=list(elements),
                verified=bool(raw["verified"]),
                summary=summary,
                group=raw.get("part") or raw.get("chapter"),
                gap=raw.get("gap"),
                basis=raw.get("basis"),
                citation_ja=raw.get("citation_ja"),
                line=doc.line(*path),
                pinpoints=pinpoints,
            )
        )
    title = data["title"]
    if not isinstance(title, dict) or not all(isinstance(v, str) for v in title.values()):
        raise fail("'title' must map languages to text", "title")
    short = data.get("short") or title
    if not isinstance(short, dict) or not all(isinstance(v, str) for v in short.values()):
        raise fail("'short' must map languages to text", "short")
    for key in ("id", "jurisdiction", "url"):
        if not isinstance(data[key], str):
            raise fail(f"'{key}' must be text", key)
    if data["url"] and not web_url(data["url"]):
        raise fail(f"'url' must be an http or https address, not {data['url']!r}", "url")
    if data.get("url_fr") and not web_url(data["url_fr"]):
        raise fail("'url_fr' must be an http or https address", "url_fr")
    source = _check_source(data["source"] or {}, fail)
    return ProvisionMap(
        id=data["id"],
        title=title,
        short=short,
        citation=str(data["citation"]),
        jurisdiction=data["jurisdiction"],
        url=data["url"],
        licence=data["licence"],
        version_date=str(data["version_date"]),
        source=source,
        entries=entries,
        notes=data.get("notes") or "",
        gaps=list(data.get("gaps") or []),
        groups=list(data.get("parts") or data.get("chapters") or []),
        file=doc.file,
        reviewed=_reviewed(data, fail),
        citation_ja=data.get("citation_ja") or None,
    )


def _reviewed(data: dict, fail) -> bool:
    value = data.get("reviewed", True)
    if not isinstance(value, bool):
        raise fail("'reviewed' must be true or false", "reviewed")
    return value


def _pinpoints(raw, label: str, fail, path: tuple) -> list[Pinpoint]:
    from ...drafts.taxonomy import is_valid_key

    if raw is None:
        return []
    if not isinstance(raw, list):
        raise fail(f"{label}: 'pinpoints' must be a list", *path, "pinpoints")
    out = []
    for j, pin in enumerate(raw):
        where = (*path, "pinpoints", j)
        if not isinstance(pin, dict) or set(pin) != {"label", "citation", "elements"}:
            raise fail(f"{label}: a pinpoint needs label, citation and elements only", *where)
        els = pin["elements"]
        if not isinstance(els, list) or not els:
            raise fail(f"{label}: a pinpoint's 'elements' must be a non-empty list", *where)
        for key in els:
            if not isinstance(key, str) or not is_valid_key(key):
                raise fail(f"{label}: {key!r} is not an element of the taxonomy", *where)
        out.append(Pinpoint(str(pin["label"]), str(pin["citation"]), tuple(els)))
    return out


def load_map(path: Path) -> ProvisionMap:
    # A map in a corpus folder may come from a pull request: never read through a link.
    # The YAML is read through the cache (yamlcache.py); the map is validated every time.
    return parse_map(read_yaml_cached(path, follow=False))


@cache
def shipped_maps() -> dict[str, Path]:
    return {p.stem: p for p in sorted(MAPS_DIR.glob("*.yaml"))}


def map_paths(corpus_dir: Path | None) -> dict[str, Path]:
    """Every known map by id: the shipped ones, then those imported into the corpus folder."""
    found = dict(shipped_maps())
    if corpus_dir is not None and (corpus_dir / "maps").is_dir():
        for p in sorted((corpus_dir / "maps").glob("*.yaml")):
            found[p.stem] = p
    return found
