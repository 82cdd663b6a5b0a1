"""What every Markdown writer needs so that text never becomes structure or a live link.

Inline characters are each writer's own business (they escape for tables and emphasis);
these two are shared: a marker at the start of a line (`# `, `- `, `> `, `1. `, `+`, `=`,
fences) would turn a sentence into a heading, list, quote or code block, and a link target
must be an http(s) address that cannot close the link early.
"""

from __future__ import annotations

import re
import urllib.parse

# At the start of any line (after spaces): ATX headings, quotes, list bullets, setext
# underlines, ordered-list numbers, fences and indentation-free thematic breaks.
_LINE_START = re.compile(r"^([ \t\u3000]*)([#>+\-=*_~`]|\d{1,9}[.)])", re.MULTILINE)
# Characters a URL keeps as they are; everything else, `(`, `)`, `<`, `>`, spaces and
# quotes included, is percent-encoded so the link cannot end early or grow an attribute.
_URL_SAFE = ":/?#[]@!$&*+,;=%~.-_"


def escape_line_starts(text: str) -> str:
    """Backslash the marker that starts each line; a backslash before punctuation is a
    plain character in CommonMark, so escaping a marker that was not one is harmless."""

    def mark(m: re.Match) -> str:
        lead, token = m.groups()
        return f"{lead}{token[:-1]}\\{token[-1]}"

    return _LINE_START.sub(mark, text)


def md_url(url: object) -> str:
    """An http(s) URL fit for `[text](url)`, or "" (no link) for anything else."""
    if not isinstance(url, str):
        return ""
    url = url.strip()
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return urllib.parse.quote(url, safe=_URL_SAFE)
