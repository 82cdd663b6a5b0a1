"""Writers turn a Document into bytes of one format. Each is a pure function:
``write(doc, lang) -> bytes``; the CLI decides where the bytes go."""

from __future__ import annotations

from importlib import import_module

FORMATS = {"docx": "docx", "html": "html", "md": "markdown", "json": "json"}
LANGS = ("ja", "en", "both")


def render(doc, fmt: str, lang: str = "both") -> bytes:
    module = import_module(f".{FORMATS[fmt]}", __name__)
    return module.write(doc, lang)
