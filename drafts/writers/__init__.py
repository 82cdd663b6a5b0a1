"""Writers turn a Document into bytes of one format. Each is a pure function:
``write(doc, lang) -> bytes``; the CLI decides where the bytes go."""

from __future__ import annotations

from importlib import import_module

FORMATS = {
    "docx": "docx",
    "html": "html",
    "md": "markdown",
    "json": "json",
    "egov": "egov",
    "akn": "akn",
}
LANGS = ("ja", "en", "both")


def render(doc, fmt: str, lang: str = "both") -> bytes:
    module = import_module(f".{FORMATS[fmt]}", __name__)
    return module.write(doc, lang)


def outputs(doc, fmt: str, lang: str = "both") -> dict[str, bytes]:
    """The files of one format, by file-name suffix. Both XML formats end in .xml, so their
    suffix names the format; Akoma Ntoso has one document per language (expression)."""
    if fmt == "akn":
        from .akn import expressions

        return {f"{code}.akn.xml": data for code, data in expressions(doc).items()}
    if fmt == "egov":
        return {"egov.xml": render(doc, fmt, lang)}
    return {fmt: render(doc, fmt, lang)}
