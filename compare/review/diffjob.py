"""The `clausewise diff` job: load two versions, compare them, render, decide where it goes."""

from __future__ import annotations

from pathlib import Path

from ...drafts.atomic import write_bytes
from ...drafts.model import Document
from ...drafts.outputs import bill_inputs, check_target, safe_id
from ...drafts.writers import WriteOptions
from . import redline
from .versions import diff_documents, load_versions

# Where a format goes when no -o is given (md and json go to standard output).
DEFAULT_NAMES = {
    "docx": "{bill}.redline.docx",
    "html": "{bill}.redline.html",
    "shinkyu": "{bill}.shinkyu",
}


def _shinkyu_base(output: str | Path | None, bill: str) -> Path:
    """-o FILE gives FILE.docx and FILE.html; -o FOLDER/ gives FOLDER/<bill>.shinkyu.*"""
    if output is None:
        return Path("build") / f"{bill}.shinkyu"
    # The trailing slash is checked on the string: pathlib drops it.
    folder = str(output).endswith(("/", "\\"))
    output = Path(output)
    if output.is_dir() or folder:
        return output / f"{bill}.shinkyu"
    return output.with_suffix("") if output.suffix in (".docx", ".html") else output


def _drop_english(doc: Document) -> None:
    """Let go of the English text, numbers and captions once the comparison is made: at
    5,000 articles some 20 MB that the Japanese redline being written can use instead."""
    for prov in doc.walk():
        # A dict without Japanese stays as it is: what a writer reads of it is the same.
        if "ja" in prov.text:
            prov.text = {"ja": prov.text["ja"]}
        if "ja" in prov.number:
            prov.number = {"ja": prov.number["ja"]}
        if prov.caption and "ja" in prov.caption:
            prov.caption = {"ja": prov.caption["ja"]}


def run_diff(
    old: str,
    new: str,
    fmt: str,
    lang: str = "ja",
    author: str | None = None,
    date: str | None = None,
    output: str | Path | None = None,
    cwd: Path | None = None,
    old_label: str | None = None,
    renumbering: str = "separate",
) -> tuple[list[Path], bytes | None]:
    """Returns the files written, and the bytes for standard output (md/json without -o)."""
    before, after = load_versions(old, new, cwd)
    cmp = diff_documents(before.doc, after.doc)
    if fmt != "json" and lang == "ja":
        # The JSON diff gives both languages; a Japanese redline reads no English. (An
        # English one still reads the Japanese: the 改め文 are laid out from it.)
        for doc in (cmp.old, cmp.new):
            _drop_english(doc)
    # The id comes from the documents (a built JSON's `bill`): only a safe id names a file.
    bill = safe_id(after.doc.id or before.doc.id)
    inputs = bill_inputs(before.bill) | bill_inputs(after.bill)
    inputs |= {Path(cwd or ".") / spec for spec in (old, new)}
    options = WriteOptions(
        author=author or redline.default_author(cwd),
        date=redline.revision_date(date),
        old_name=before.display,
        new_name=after.display,
        old_label=old_label or "",
        renumbering=renumbering,
    )
    if fmt == "shinkyu":
        # Render both before writing either, so a failure leaves no half pair.
        from .redline.shinkyu import write_pair

        pair = write_pair(cmp, lang, options)
        base = _shinkyu_base(output, bill)
        targets = {
            f: check_target(base.with_name(base.name + f.removeprefix("shinkyu")), inputs)
            for f in pair
        }
        return [write_bytes(targets[f], d) for f, d in pair.items()], None
    result = redline.render(cmp, fmt, lang, options)
    if output is None and fmt in ("md", "json"):
        return [], result
    target = Path(output) if output else Path("build") / DEFAULT_NAMES[fmt].format(bill=bill)
    if target.is_dir():
        target = target / DEFAULT_NAMES.get(fmt, "{bill}.redline." + fmt).format(bill=bill)
    return [write_bytes(check_target(target, inputs), result)], None
