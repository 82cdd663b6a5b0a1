"""Writers of the comparison report, in the call shape of every registry
(drafts/writers/__init__.py): `write(report, lang, options) -> bytes`, pure; options.by
groups the side-by-side rows by draft article or by element. Each writer also has
`stream(report, lang, options, out)`, which writes the same bytes into a binary file as
they are made: a long bill's report is too large to hold whole (compare.spool).

`report` is the dict compare.report.build_report returns (the JSON contract plus what the
human formats need; its alignments are any iterable of rows, a compare.spool.RowSpool or a
list); the CLI decides where the bytes go.
"""

from __future__ import annotations

from ...drafts.writers import DEFAULT, Registry, WriteOptions

REPORTS = Registry(__name__, {"html": "html", "docx": "docx", "md": "markdown", "json": "json"})
STREAMS = Registry(
    __name__,
    {"html": "html:stream", "docx": "docx:stream", "md": "markdown:stream", "json": "json:stream"},
)
FORMATS = tuple(REPORTS.formats)
render = REPORTS.render


def stream(report: dict, fmt: str, lang: str, options: WriteOptions = DEFAULT, out=None) -> None:
    STREAMS.writer(fmt)(report, lang, options, out)
