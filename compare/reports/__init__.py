"""Writers of the comparison report, in the call shape of every registry
(drafts/writers/__init__.py): `write(report, lang, options) -> bytes`, pure; options.by
groups the side-by-side rows by draft article or by element.

`report` is the dict compare.report.build_report returns (the JSON contract plus what the
human formats need); the CLI decides where the bytes go.
"""

from __future__ import annotations

from ...drafts.writers import Registry

REPORTS = Registry(__name__, {"html": "html", "docx": "docx", "md": "markdown", "json": "json"})
FORMATS = tuple(REPORTS.formats)
render = REPORTS.render
