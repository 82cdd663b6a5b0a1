"""The bill as one self-contained HTML page (templates/reports/bill.html.j2), escaped."""

from __future__ import annotations

from ... import __version__
from ..layout import blocks, paired
from ..model import Document
from ..reportkit import render_page
from . import DEFAULT, WriteOptions


def write(doc: Document, lang: str = "ja", options: WriteOptions = DEFAULT) -> bytes:
    title = doc.title["ja"] if lang == "both" else doc.title[lang]
    context = {"lang": lang, "title": title, "version": __version__}
    if lang == "both":
        context["pairs"] = paired(doc)
    else:
        context["blocks"] = blocks(doc, lang)
    return render_page("bill.html.j2", **context)
