"""Redlines of one bill version against another, in each format a reviewer reads.

`render(cmp, fmt, lang, options)` returns bytes, in the call shape of every registry
(drafts/writers/__init__.py); options carry the revisions' author and date and the names of
the two versions. The 新旧対照表 is two formats, shinkyu.docx and shinkyu.html (SHINKYU).
Every writer works from the aligned lines of lines.py and escapes all draft text.
"""

from __future__ import annotations

import getpass
import os
import subprocess
from datetime import UTC, datetime

from ....drafts.writers import Registry

# What `clausewise diff --format` offers; shinkyu writes both SHINKYU formats.
FORMATS = ("docx", "html", "md", "json", "shinkyu")
SHINKYU = ("shinkyu.docx", "shinkyu.html")


def default_author(cwd=None) -> str:
    """Who the Word revisions are attributed to: git's user.name, else the login name."""
    try:
        proc = subprocess.run(
            ["git", "config", "user.name"], cwd=cwd, capture_output=True, text=True, timeout=10
        )
        if proc.returncode == 0 and proc.stdout.strip():
            return proc.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return getpass.getuser()
    except Exception:  # no user database entry (containers): still write a redline
        return "clausewise"


def revision_date(fixed: str | None = None) -> str:
    """The w:date of the revisions: a given ISO date, SOURCE_DATE_EPOCH, or now (UTC)."""
    if fixed:
        text = fixed.replace("Z", "+00:00")
        when = datetime.fromisoformat(text)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
    elif os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        when = datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), UTC)
    else:
        when = datetime.now(UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


REDLINES = Registry(
    __name__,
    {
        "docx": "docx",
        "html": "html",
        "md": "markdown",
        "json": "json",
        "shinkyu.docx": "shinkyu:write_docx",
        "shinkyu.html": "shinkyu:write_html",
    },
)
render = REDLINES.render
