"""Where outputs may go: one rule for every command's -o, and file names from safe ids.

- An output never replaces a file the user wrote: a bill file, a clause template, an options
  or terms file, a provision map. Every file the run read is protected, and so is any path
  ending in .yaml, .yml or .j2, which no clausewise output is.
- A file name made from an id (`<bill>.redline.html`) takes the id through `safe_id`, so
  an id read from a document (a built JSON's `bill`) can never be a path (`../`, `/etc/x`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError

INPUT_SUFFIXES = (".yaml", ".yml", ".j2")
_UNSAFE = re.compile(r"[^a-z0-9-]+")


def safe_id(value: object, fallback: str = "bill") -> str:
    """An id fit for a file name: lower-case letters, digits and hyphens, at most 80."""
    text = _UNSAFE.sub("-", str(value or "").lower()).strip("-")[:80].strip("-")
    return text or fallback


def bill_inputs(bill) -> set[Path]:
    """The files a loaded bill was made from: the bill file and its template folder."""
    if bill is None:
        return set()
    files = {Path(bill.path)}
    folder = Path(bill.template_dir)
    if folder.is_dir():
        files.update(p for p in folder.rglob("*") if p.is_file())
    return files


def check_target(target: Path, inputs: Iterable[Path] = ()) -> Path:
    """Refuse an output path that is an input of this run or looks like one."""
    target = Path(target)
    if target.suffix.lower() in INPUT_SUFFIXES:
        raise OutputError(
            "refusing to write an output over a bill file, template or map "
            f"({target.suffix} files are inputs); choose another -o",
            str(target),
        )
    resolved = target.resolve()
    for path in inputs:
        try:
            if Path(path).resolve() == resolved:
                raise OutputError(
                    "refusing to overwrite an input of this run; choose another -o", str(target)
                )
        except OSError:
            continue
    return target
