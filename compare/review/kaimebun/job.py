"""The `clausewise amend` job: two versions in, their 改め文 out, checked by applying them."""

from __future__ import annotations

from pathlib import Path

from ....drafts.atomic import write_bytes
from ....drafts.outputs import bill_inputs, check_target
from ..versions import load_versions
from .apply import apply
from .generate import Amendment, amend
from .law import AmendError, law_text


def amendment(old_doc, new_doc) -> Amendment:
    """The 改め文 from OLD to NEW, refused unless reading them back gives NEW exactly."""
    result = amend(old_doc, new_doc)
    if law_text(apply(old_doc, result.text("ja"))) != law_text(new_doc):
        # A generator bug, never the user's input: say so rather than print wrong law.
        raise AmendError("the generated 改め文 do not reproduce the new version; please report")
    return result


def run_amend(
    old: str, new: str, lang: str = "ja", output: str | Path | None = None, cwd: Path | None = None
) -> tuple[list[Path], str | None]:
    before, after = load_versions(old, new, cwd)
    result = amendment(before.doc, after.doc)
    langs = ("ja", "en") if lang == "both" else (lang,)
    text = "\n".join(result.text(lg) for lg in langs)
    if not result.sentences:
        text = "改正なし（二つの版の本文は同じである。）\n" if lang != "en" else "No change.\n"
    if output is None:
        return [], text
    # The rule every command's -o follows: never over a bill file, template, map or input.
    inputs = bill_inputs(before.bill) | bill_inputs(after.bill)
    inputs |= {Path(cwd or ".") / spec for spec in (old, new)}
    return [write_bytes(check_target(Path(output), inputs), text.encode("utf-8"))], None
