"""The comparison as one self-contained HTML page: matrix, gaps, corrections, side by side.

No external files: the styles and the small filter script are inline. Autoescaping is on
(drafts.reportkit), so law and draft text are data, never markup; links are written only
for http and https addresses.
"""

from __future__ import annotations

import io
from itertools import islice

from ... import __version__
from ...drafts.reportkit import report_env
from ...drafts.taxonomy import TOP_KEYS, top_key
from ...drafts.writers import DEFAULT, WriteOptions
from . import view


def write(report: dict, lang: str = "ja", options: WriteOptions = DEFAULT) -> bytes:
    out = io.BytesIO()
    stream(report, lang, options, out)
    return out.getvalue()


def stream(report: dict, lang: str, options: WriteOptions, out) -> None:
    """The page written as the template makes it: its rows come one article at a time from
    the report's alignments (view.side_rows), so the page is never whole in memory."""
    template = report_env().get_template("compare.html.j2")
    chunks = template.generate(**_context(report, lang, options))
    # The template yields half a million small strings for a long bill: taken a few
    # thousand at a time (islice, in C) rather than one by one in a Python loop.
    while batch := list(islice(chunks, 4096)):
        out.write("".join(batch).encode("utf-8"))


def _context(report: dict, lang: str, options: WriteOptions) -> dict:
    by = options.by
    return dict(
        lang=lang,
        by=by,
        version=__version__,
        L=view.labels(lang),
        title=view.title(report, lang),
        instruments=report["instruments"],
        notes=view.notes(report, lang),
        columns=view.columns(report, lang),
        matrix=view.matrix_rows(report, lang),
        legend=view.legend(lang),
        gaps=report["gaps"],
        corrections=report["corrections"],
        top_keys=TOP_KEYS,
        rows=view.element_rows(report) if by == "element" else view.side_rows(report, lang),
        ename=lambda k: view.element_name(report, k, lang),
        jname=lambda j: view.jur_name(report, j, lang),
        tstatus=lambda s: view.text_status_label(s, lang),
        aheading=lambda a: view.article_heading(a, lang),
        iname=lambda i: view.instrument_name(i, lang),
        icite=lambda i: view.instrument_citation(i, lang),
        drefs=lambda cell: view.draft_refs(report, cell, lang),
        reason=lambda cell: view.reason_text(cell, lang),
        gapgroups=lambda kind: view.gap_groups(report, kind, lang),
        safe=view.safe_url,
        tkey=top_key,
        cite=lambda ref: view.cite(ref, lang),
        ctarget=lambda c: view.correction_target(report, c, lang),
    )
