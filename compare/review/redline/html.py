"""The redline as one self-contained HTML page (templates/reports/redline.html.j2): a
summary, then the bill with every change marked (<ins>/<del>), unchanged provisions folded
into <details>. Autoescaped: draft text is data, never markup."""

from __future__ import annotations

from .... import __version__
from ....drafts.reportkit import labels, render_page
from ....drafts.writers import DEFAULT, WriteOptions
from ..versions import KINDS, Comparison
from . import renumbering
from .lines import align, units


def write(cmp: Comparison, lang: str = "ja", options: WriteOptions = DEFAULT) -> bytes:
    return render_page(
        "redline.html.j2",
        lang=lang,
        version=__version__,
        L=labels("redline", lang),
        title=cmp.new.title.get(lang) or cmp.old.title.get(lang, ""),
        old_name=options.old_name,
        new_name=options.new_name,
        kinds=KINDS,
        counts=cmp.summary(),
        split=renumbering.counts(cmp),
        units=units(cmp, align(cmp, lang), lang),
    )
