"""The bill as one self-contained HTML page (no external files), escaped throughout."""

from __future__ import annotations

from functools import cache

import jinja2

from ... import __version__
from ..billfile import TEMPLATES_DIR
from ..layout import blocks, paired
from ..model import Document
from ..sandbox import FolderLoader, sandboxed


@cache
def report_env() -> jinja2.Environment:
    # Autoescape on: draft text is data, never markup. A sandbox like every environment.
    return sandboxed(
        FolderLoader(TEMPLATES_DIR / "reports"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def write(doc: Document, lang: str = "ja") -> bytes:
    template = report_env().get_template("bill.html.j2")
    title = doc.title["ja"] if lang == "both" else doc.title[lang]
    context = {"lang": lang, "title": title, "version": __version__}
    if lang == "both":
        context["pairs"] = paired(doc)
    else:
        context["blocks"] = blocks(doc, lang)
    return template.render(**context).encode("utf-8")
