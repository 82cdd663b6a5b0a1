"""The bill as Markdown, for a wiki or a pull request. Text is escaped, so that draft text
containing Markdown or HTML characters comes out literally."""

from __future__ import annotations

import re

from ..layout import Block, blocks, paired
from ..mdsafe import escape_line_starts
from ..model import Document
from . import DEFAULT, WriteOptions

_INLINE = re.compile(r"([\\`*_\[\]<>|~])")


def escape(text: str) -> str:
    """Escape what Markdown (CommonMark/GFM) would read as syntax; nothing else."""
    text = text.replace("&", "&amp;")
    text = _INLINE.sub(r"\\\1", text)
    # Every line of the text, not only the first: a line break inside a provision starts one.
    return escape_line_starts(text)


def _line(block: Block, lang: str) -> str:
    text = escape(block.line(lang))
    kind = block.kind
    if kind == "title":
        return f"# {text}\n"
    if kind in ("chapter", "suppl_head", "reason_head"):
        return f"\n## {text}\n"
    if kind == "toc_head":
        return f"**{text}**\n"
    if kind == "caption":
        return f"\n### {text}\n"
    if kind == "toc":
        return f"- {text}"
    indent = {"item": "\u3000", "subitem": "\u3000\u3000", "amend": "\u3000"}.get(kind, "")
    # A line break inside a provision is a Markdown hard break (two spaces, newline).
    return f"{indent}{text}\n".replace("\n", "  \n", text.count("\n"))


def write(doc: Document, lang: str = "ja", options: WriteOptions = DEFAULT) -> bytes:
    if lang in ("ja", "en"):
        text = "\n".join(_line(b, lang) for b in blocks(doc, lang))
        return (re.sub(r"\n{3,}", "\n\n", text).strip() + "\n").encode("utf-8")
    # Side by side: a two-column table, one row per block.
    rows = ["| 日本語 | English |", "| --- | --- |"]
    for ja, en in paired(doc):
        cells = []
        for b, lang_ in ((ja, "ja"), (en, "en")):
            text = escape(b.line(lang_)).replace("\n", "<br>")
            if b.kind in ("title", "chapter", "suppl_head", "reason_head", "caption"):
                text = f"**{text}**"
            cells.append(text)
        rows.append(f"| {cells[0]} | {cells[1]} |")
    return ("\n".join(rows) + "\n").encode("utf-8")
