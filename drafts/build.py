"""The build job: load a bill, render it, write each requested format next to each other."""

from __future__ import annotations

from pathlib import Path

from .atomic import write_bytes
from .billfile import load_bill
from .outputs import bill_inputs, check_target, safe_id
from .render import render_bill
from .writers import outputs


def build_document(bill_name: str | None):
    bill = load_bill(bill_name)
    return bill, render_bill(bill)


def build_outputs(
    bill_name: str | None, out_dir: Path, formats: list[str], lang: str
) -> list[Path]:
    bill, doc = build_document(bill_name)
    # Render every format before writing any, so a failure leaves no partial set behind.
    blobs = {suffix: data for fmt in formats for suffix, data in outputs(doc, fmt, lang).items()}
    inputs = bill_inputs(bill)
    targets = [
        check_target(Path(out_dir) / f"{safe_id(bill.id)}.{suffix}", inputs) for suffix in blobs
    ]
    return [write_bytes(target, data) for target, data in zip(targets, blobs.values(), strict=True)]
