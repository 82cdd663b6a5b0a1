"""Writers, and the one call shape every format registry of clausewise shares.

A writer turns a subject into the bytes of one format. Every writer of every registry is

    write(subject, lang: str, options: WriteOptions) -> bytes

pure (no I/O; the caller decides where the bytes go), taking from `options` what it needs
and ignoring the rest. A registry maps each format name to "module" (its `write`) or
"module:function" and renders with `registry.render(subject, fmt, lang, options)`. The
registries:

- drafts.writers: the bill (a model.Document) as docx, html, md, json, egov (e-Gov
  法令XML) and akn (Akoma Ntoso, one file per language: see `outputs`); lang ja, en, both;
- compare.reports: the comparison (the report dict of compare.report) as html, docx, md,
  json; options.by;
- compare.review.redline: two versions (a versions.Comparison) as docx, html, md, json,
  shinkyu.docx, shinkyu.html; options.author, date, old_name, new_name.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class WriteOptions:
    """Everything a writer may need besides its subject and language."""

    by: str = "article"  # comparison: rows by draft article or by element
    author: str = "clausewise"  # redline: who the Word revisions are attributed to
    date: str = "2001-01-01T00:00:00Z"  # redline: the revisions' date, ISO 8601 UTC
    old_name: str = ""  # redline: how the two versions are named on the page
    new_name: str = ""
    # 新旧対照表: the old column's label; "" = 現行 for a law in force, 修正前 for a draft.
    old_label: str = ""
    # redline, Word: revisions that only renumber by their own author ("separate") or none
    renumbering: str = "separate"
    pretty: bool = False  # JSON: indented (compact by default, where the format says so)


DEFAULT = WriteOptions()


class Registry:
    """Format name → writer, for the writers of one package."""

    def __init__(self, package: str, formats: dict[str, str]) -> None:
        self.package = package
        self.formats = formats

    def __contains__(self, fmt: str) -> bool:
        return fmt in self.formats

    def writer(self, fmt: str):
        if fmt not in self.formats:
            raise ValueError(f"unknown format {fmt!r} (one of {', '.join(self.formats)})")
        module, _, function = self.formats[fmt].partition(":")
        return getattr(import_module(f".{module}", self.package), function or "write")

    def render(self, subject, fmt: str, lang: str, options: WriteOptions = DEFAULT) -> bytes:
        return self.writer(fmt)(subject, lang, options)


WRITERS = Registry(
    __name__,
    {
        "docx": "docx",
        "html": "html",
        "md": "markdown",
        "json": "json",
        "egov": "egov",
        "akn": "akn",
    },
)
FORMATS = tuple(WRITERS.formats)
render = WRITERS.render


def outputs(doc, fmt: str, lang: str = "both") -> dict[str, bytes]:
    """The files of one format, by file-name suffix. Both XML formats end in .xml, so their
    suffix names the format; Akoma Ntoso has one document per language (expression)."""
    if fmt == "akn":
        # Through the registry's lazy import, as every writer is loaded: no module cycle.
        expressions = import_module(".akn", __name__).expressions
        return {f"{code}.akn.xml": data for code, data in expressions(doc).items()}
    if fmt == "egov":
        return {"egov.xml": render(doc, fmt, lang)}
    return {fmt: render(doc, fmt, lang)}
