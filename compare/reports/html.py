"""The comparison as one self-contained HTML page: matrix, gaps, corrections, side by side.

No external files: the styles and the small filter script are inline. Autoescaping is on
(drafts.reportkit), so law and draft text are data, never markup.
"""

from __future__ import annotations

from ... import __version__
from ...drafts.reportkit import render_page
from ...drafts.taxonomy import TOP_KEYS
from ...drafts.writers import DEFAULT, WriteOptions
from . import view


def write(report: dict, lang: str = "ja", options: WriteOptions = DEFAULT) -> bytes:
    by = options.by
    waivers = {g["element"]: g["reason"] for g in report["gaps"]["waived"]}
    return render_page(
        "compare.html.j2",
        lang=lang,
        by=by,
        version=__version__,
        L=view.labels(lang),
        title=view.title(report, lang),
        instruments=report["instruments"],
        notes=report["notes"],
        columns=view.columns(report, lang),
        coverage=report["coverage"],
        gaps=report["gaps"],
        waivers=waivers,
        corrections=report["corrections"],
        top_keys=TOP_KEYS,
        rows=view.element_rows(report) if by == "element" else view.article_rows(report),
        ename=lambda k: view.element_name(report, k, lang),
        jname=lambda j: view.jur_name(report, j, lang),
        tstatus=lambda s: view.text_status_label(s, lang),
        aheading=lambda a: view.article_heading(a, lang),
        iname=lambda i: view.instrument_name(i, lang),
        drefs=lambda cell: view.draft_refs(report, cell, lang),
    )
