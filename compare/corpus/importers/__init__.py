"""Importers: read the official text of a reference law into drafts.model.Document.

One module per source format; `IMPORTERS` maps a format name to its `load(path, **kw)`.
`import_file(path, fmt="auto")` picks the format from the extension and the first bytes.
Every failure (missing file, malformed or unsafe XML, unknown format) is a CorpusError that
names the file and, where there is one, the line.

An importer's module is imported when its format is first used: a `compare` that finds every
law in the parse cache (cache.py) imports none of them, and one that imports a Markdown text
does not import the XML and PDF readers.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import ModuleType

from ....drafts.model import Document
from ..errors import CorpusError

# Format name → its module in this package (the same name), in the order they are listed.
FORMATS = (
    "uk_markdown",
    "pdf_statute",
    "eu_markdown",
    "eu_text",
    "justice_canada_xml",
    "plain_text",
    "clml",
    "jp_statute",
    "egov_xml",
)


def _module(fmt: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{fmt}")


class _Importers(Mapping):
    """FORMATS → each module's `load`, the module imported on first access."""

    def __getitem__(self, fmt: str) -> Callable[..., Document]:
        if fmt not in FORMATS:
            raise KeyError(fmt)
        return _module(fmt).load

    def __iter__(self) -> Iterator[str]:
        return iter(FORMATS)

    def __len__(self) -> int:
        return len(FORMATS)

    def __contains__(self, fmt: object) -> bool:
        return fmt in FORMATS


IMPORTERS: Mapping[str, Callable[..., Document]] = _Importers()


def __getattr__(name: str) -> object:
    # The helpers re-exported from _common, imported when first asked for: every `compare`
    # reads FORMATS from here (to find a fetched text) and needs none of them.
    if name == "CONTINUATION_MARK":
        from ._common import CONTINUATION_MARK

        return CONTINUATION_MARK
    if name == "split_continuation":
        from ._common import split_continuation

        return split_continuation
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CONTINUATION_MARK",
    "FORMATS",
    "IMPORTERS",
    "CorpusError",
    "detect_format",
    "import_bilingual",
    "import_file",
    "load_canada_bilingual",
    "split_continuation",
]


def load_canada_bilingual(en_path: str | Path, fr_path: str | Path, **kw: object) -> Document:
    return _module("justice_canada_xml").load_bilingual(en_path, fr_path, **kw)


def import_bilingual(
    en_path: str | Path, fr_path: str | Path, fmt: str = "auto", **kw: object
) -> Document:
    """English and French versions of one law merged by label (Justice Canada XML only)."""
    if fmt == "auto":
        fmt = detect_format(en_path)
    if fmt != "justice_canada_xml":
        raise CorpusError(en_path, f"bilingual import is not supported for format {fmt!r}")
    return load_canada_bilingual(en_path, fr_path, **kw)


def _head(path: Path, size: int = 4096) -> str:
    from ._common import is_pdf, pdf_text

    if is_pdf(path):
        return pdf_text(path)[:size]  # the format is that of the words inside
    try:
        with path.open("rb") as f:
            data = f.read(size)
    except FileNotFoundError:
        raise CorpusError(path, "file not found") from None
    except OSError as exc:
        raise CorpusError(path, f"cannot read file: {exc.strerror}") from None
    return data.decode("utf-8", errors="replace")


def detect_format(path: str | Path) -> str:
    """The format name of a corpus file, from its extension and its first 4 KB."""
    from ....drafts.xmlsafe import parse_xml
    from . import (
        clml,
        egov_xml,
        eu_markdown,
        eu_text,
        jp_statute,
        justice_canada_xml,
        pdf_statute,
        uk_markdown,
    )
    from ._common import is_pdf

    path = Path(path)
    head = _head(path)
    looks_xml = path.suffix.lower() == ".xml" or (
        head.lstrip().startswith("<") and not is_pdf(path)
    )
    if looks_xml:
        if clml.sniff(head):
            return "clml"
        if justice_canada_xml.sniff(head):
            return "justice_canada_xml"
        if egov_xml.sniff(head):
            return "egov_xml"
        parse_xml(path)  # a malformed or unsafe file says so before "unknown vocabulary"
        raise CorpusError(
            path,
            "XML of an unknown vocabulary (expected CLML, Justice Canada XML or e-Gov 法令XML)",
            1,
        )
    if uk_markdown.sniff(head):
        return "uk_markdown"
    if eu_markdown.sniff(head):
        return "eu_markdown"
    if eu_text.sniff(head):
        return "eu_text"
    if pdf_statute.sniff(head):
        return "pdf_statute"
    if jp_statute.sniff(head):
        return "jp_statute"
    return "plain_text"


def import_file(path: str | Path, fmt: str = "auto", **kw: object) -> Document:
    """Read one reference-law file; `fmt` is a key of IMPORTERS or "auto"."""
    from ._common import unique_labels

    if fmt == "auto":
        fmt = detect_format(path)
    loader = IMPORTERS.get(fmt)
    if loader is None:
        raise CorpusError(
            path, f"unknown format {fmt!r}; known: auto, " + ", ".join(sorted(IMPORTERS))
        )
    doc = loader(path, **kw)
    renamed = unique_labels(doc.provisions)
    if renamed:
        doc.meta["relabelled"] = renamed  # numbered twice alike at one level (see unique_labels)
    return doc
