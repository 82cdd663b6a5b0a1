"""The taxonomy is enforced where templates are read: an element key that is not in the
taxonomy stops build, check and compare with the template's file and line."""

from __future__ import annotations

import pytest

from tests.helpers import copy_mini, run_cli


def _misspell(bill, template: str, old: str, new: str):
    path = bill.parent / "templates" / "mini" / template
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    return path, line


@pytest.mark.parametrize(
    ("template", "old", "new", "bad"),
    [
        ("purpose.j2", "elements: purpose", "elements: purpse", "purpse"),
        (
            "designate.j2",
            "elements=designation.publication",
            "elements=designation.publicaton",
            "designation.publicaton",
        ),
    ],
)
def test_a_misspelt_element_key_stops_build(tmp_path, template, old, new, bad):
    bill = copy_mini(tmp_path)
    path, line = _misspell(bill, template, old, new)
    out = tmp_path / "out"
    r = run_cli("build", bill, "-o", out, "--format", "json,docx")
    assert r.exit_code == 2, r.output
    assert f"{path}:{line}:" in r.output, r.output
    assert f"unknown element {bad!r}" in r.output, r.output
    assert not out.exists() or not any(out.iterdir())  # nothing half written


def test_the_close_key_is_suggested_and_check_stops_too(tmp_path):
    bill = copy_mini(tmp_path)
    path, line = _misspell(bill, "purpose.j2", "elements: purpose", "elements: purpose, targts")
    r = run_cli("check", bill)
    assert r.exit_code == 2, r.output
    assert f"{path}:{line}:" in r.output and "did you mean 'targets'?" in r.output, r.output


def test_declared_and_extended_keys_pass(tmp_path):
    """A declared sub-key and a dotted extension of a top key are elements."""
    bill = copy_mini(tmp_path)
    _misspell(
        bill,
        "purpose.j2",
        "elements: purpose",
        "elements: purpose grounds.human_rights.freedoms.assembly",
    )
    r = run_cli("build", bill, "-o", tmp_path / "out", "--format", "json")
    assert r.exit_code == 0, r.output
