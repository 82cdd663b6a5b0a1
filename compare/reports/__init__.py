"""Writers of the comparison report. Each is `write(report, lang, by) -> bytes`, pure.

`report` is the dict compare.report.build_report returns (the JSON contract plus what the
human formats need); the CLI decides where the bytes go.
"""

from __future__ import annotations

from importlib import import_module

FORMATS = {"html": "html", "docx": "docx", "md": "markdown", "json": "json"}


def render(report: dict, fmt: str, lang: str, by: str) -> bytes:
    module = import_module(f".{FORMATS[fmt]}", __name__)
    return module.write(report, lang, by)
