"""The build job: load a bill, render it, write each requested format next to each other."""

from __future__ import annotations

from pathlib import Path

from .atomic import write_bytes
from .billfile import load_bill
from .errors import OutputError
from .render import render_bill
from .writers import outputs


def build_document(bill_name: str | None):
    bill = load_bill(bill_name)
    return bill, render_bill(bill)


def _protected(bill) -> set[Path]:
    """Files the user wrote: a build never writes over them."""
    files = {bill.path.resolve()}
    files.update(p.resolve() for p in bill.template_dir.glob("*"))
    return files


def build_outputs(
    bill_name: str | None, out_dir: Path, formats: list[str], lang: str
) -> list[Path]:
    bill, doc = build_document(bill_name)
    # Render every format before writing any, so a failure leaves no partial set behind.
    blobs = {suffix: data for fmt in formats for suffix, data in outputs(doc, fmt, lang).items()}
    protected = _protected(bill)
    written = []
    for suffix, data in blobs.items():
        target = Path(out_dir) / f"{bill.id}.{suffix}"
        if target.resolve() in protected:
            raise OutputError("refusing to overwrite a bill or template file", str(target))
        written.append(write_bytes(target, data))
    return written
