"""The redline as Markdown for a pull-request comment.

A summary table, then each changed provision with its lines, deletions as <del> and
insertions as <ins> (GitHub renders both; ~~ and ** break inside Japanese words). Units
that were only renumbered are listed in one table, not repeated in full. Text is escaped
for HTML and for Markdown, so draft text can never become markup.
"""

from __future__ import annotations

import html
import re

from ....drafts.mdsafe import escape_line_starts
from ....drafts.reportkit import labels
from ....drafts.writers import DEFAULT, WriteOptions
from ..versions import KINDS, Comparison
from . import renumbering
from .lines import Line, iter_align, iter_units, marked, refs_only_units, unit_kinds

# GitHub refuses comments over 65,536 characters; stop well before.
LIMIT = 60000
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#!])")


def md_escape(text: str) -> str:
    return escape_line_starts(_MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)))


def md_line(line: Line) -> str:
    return marked(line.ops, md_escape) or "&nbsp;"


def write(cmp: Comparison, lang: str = "ja", options: WriteOptions = DEFAULT) -> bytes:
    old_name, new_name = options.old_name, options.new_name
    words = labels("redline", lang)
    counts = cmp.summary()
    title = cmp.new.title.get(lang) or cmp.old.title.get(lang, "")
    out = [f"## {md_escape(title)}", ""]
    if old_name or new_name:
        out += [f"`{old_name.replace('`', '')}` → `{new_name.replace('`', '')}`", ""]
    out += [f"| {words['kind']} | {words['count']} |", "| --- | ---: |"]
    out += [f"| {words[k]} | {counts[k]} |" for k in KINDS]
    split = renumbering.counts(cmp)
    out += [f"| {words[k]} | {split[k]} |" for k in ("real", "renumbering")]
    out.append("")
    kinds = unit_kinds(cmp)
    # Units stream in; the full ones are written as they come, the renumbered ones (one
    # table row each) are kept for the table after them. Once the text is past LIMIT the rest
    # would be cut off: reading stops there (a long bill's diff is far longer than a comment).
    size = sum(len(x) + 1 for x in out)
    any_changed = False
    renumbered: list = []
    for unit in iter_units(cmp, iter_align(cmp, lang), lang):
        if not unit.changed:
            continue
        any_changed = True
        # Units only renumbered get one table row each; the title and 目次 are not provisions
        # (no change is recorded for them) and are shown in full.
        if (
            kinds.get(unit.key)
            and kinds[unit.key] <= {"renumbered"}
            and unit.heading_old
            and unit.heading_new
        ):
            renumbered.append(unit)
            continue
        tags = ", ".join(words[k] for k in KINDS if k in kinds.get(unit.key, set()))
        block = [f"### {md_escape(unit.heading)}" + (f" — {tags}" if tags else ""), ""]
        block += [f"- {md_line(line)}" for line in unit.lines]
        block.append("")
        out += block
        size += sum(len(x) + 1 for x in block)
        if size - 1 > LIMIT:  # size - 1: the length of the joined text, now past LIMIT
            break
    else:
        if not any_changed:
            out.append(words["no_changes"])
        if renumbered:
            refs_only = refs_only_units(cmp)
            out += [
                f"### {words['renumbered']}",
                "",
                f"| {words['old']} | {words['new']} | {words['what']} |",
                "| --- | --- | --- |",
            ]
            for u in renumbered:
                # A provision whose number stayed and whose wording changed only in references
                # that follow the renumbering says so, rather than old = new in a
                # renumbering table.
                same_number = u.heading_old == u.heading_new
                if same_number:
                    what = words["refs_only"]
                else:
                    what = words["renumbered_refs" if u.key in refs_only else "renumbered"]
                out.append(f"| {md_escape(u.heading_old)} | {md_escape(u.heading_new)} | {what} |")
            out.append("")
    text = "\n".join(out)
    if len(text) > LIMIT:
        cut = text.rfind("\n", 0, LIMIT)
        text = text[:cut] + f"\n\n{words['truncated']}\n"
    return text.encode("utf-8")
