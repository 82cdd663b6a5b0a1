"""The comparison as one self-contained HTML page: matrix, gaps, corrections, side by side.

No external files: the styles and the small filter script are inline. Autoescaping is on
(drafts.reportkit), so law and draft text are data, never markup; links are written only
for http and https addresses.
"""

from __future__ import annotations

from ... import __version__
from ...drafts.reportkit import render_page
from ...drafts.taxonomy import TOP_KEYS, top_key
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
        notes=view.notes(report, lang),
        passage=lambda w: view.passage_name(w, lang),
        rpassage=lambda w: view.reference_passage_name(w, lang),
        columns=view.columns(report, lang),
        coverage=report["coverage"],
        legend=view.legend(lang),
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
        icite=lambda i: view.instrument_citation(i, lang),
        drefs=lambda cell: view.draft_refs(report, cell, lang),
        reason=lambda cell: view.reason_text(cell, lang),
        explain=lambda m: view.explain(report, m, lang),
        gapgroups=lambda kind: view.gap_groups(report, kind, lang),
        rowsegs=view.row_segments,
        safe=view.safe_url,
        tkey=top_key,
        cite=lambda ref: view.cite(ref, lang),
        ctarget=lambda c: view.correction_target(report, c, lang),
    )
