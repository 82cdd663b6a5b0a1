"""Which bill file a BILL argument means: with none or a bare name, ./drafts/<name>.yaml or
./<name>.yaml in the current folder, and only then the shipped example, with a note saying so."""

from __future__ import annotations

import json
import shutil

import pytest
from clausewise.drafts.billfile import PACKAGE_DIR, locate_bill

from tests import bill_versions as bv
from tests.helpers import copy_default, run_cli

EDITED_JA = "特定人権侵害行為等に関与した外国人等に対する財産の凍結等の措置に関する法律案（改訂案）"
EDITED_EN = "Act on Asset Freezes (Revised Draft)"
SHIPPED_JA = "特定人権侵害行為等に関与した外国人等に対する財産の凍結等の措置に関する法律案"


def _edited_checkout(tmp_path):
    """A drafting folder as an aide has it: drafts/jp-magnitsky.yaml (title edited) beside
    templates/jp-magnitsky/."""
    bill = copy_default(tmp_path)
    bv.edit(bill, f"  ja: {SHIPPED_JA}\n", f"  ja: {EDITED_JA}\n")
    bv.edit(bill, "  en: Act on Asset Freezes and Other Measures", f"  en: {EDITED_EN}")
    return bill


def test_build_without_argument_builds_the_local_drafts_file(tmp_path, monkeypatch):
    _edited_checkout(tmp_path)
    monkeypatch.chdir(tmp_path)
    r = run_cli("build", "-o", "out", "--format", "json")
    assert r.exit_code == 0, r.output
    assert "note:" not in r.stderr
    built = json.loads((tmp_path / "out" / "jp-magnitsky.json").read_text(encoding="utf-8"))
    assert built["title"]["ja"] == EDITED_JA
    assert built["title"]["en"].startswith(EDITED_EN)


def test_a_bare_name_finds_the_bill_file_in_the_current_folder(tmp_path, monkeypatch):
    bill = _edited_checkout(tmp_path)
    # ./<name>.yaml: the templates folder is found beside the bill file.
    shutil.move(bill, tmp_path / "jp-magnitsky.yaml")
    prison = "次の各号のいずれかに該当する者は、{{ kanji(penalty_prison_years) }}年以下の"
    template = tmp_path / "templates" / "jp-magnitsky" / "offence-main.j2"
    bv.edit(template, prison + "拘禁刑", prison + "懲役")
    monkeypatch.chdir(tmp_path)
    r = run_cli("check", "jp-magnitsky")
    assert r.exit_code == 1, r.output
    assert "templates/jp-magnitsky/offence-main.j2:12: error: '懲役'" in r.stdout
    assert "[outdated-term]" in r.stdout and "note:" not in r.stderr


def test_drafts_folder_comes_before_the_current_folder(tmp_path):
    (tmp_path / "drafts").mkdir()
    for where in (tmp_path / "drafts" / "mine.yaml", tmp_path / "mine.yaml"):
        where.write_text("bill: mine\n", encoding="utf-8")
    found = locate_bill("mine", cwd=tmp_path)
    assert found.path == tmp_path / "drafts" / "mine.yaml" and not found.shipped
    (tmp_path / "drafts" / "mine.yaml").unlink()
    assert locate_bill("mine", cwd=tmp_path).path == tmp_path / "mine.yaml"


def test_falls_back_to_the_shipped_example_and_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run_cli("build", "-o", "out", "--format", "json")
    assert r.exit_code == 0, r.output
    shipped = PACKAGE_DIR / "jp-magnitsky.yaml"
    assert r.stderr == (
        "note: no ./drafts/jp-magnitsky.yaml or ./jp-magnitsky.yaml here: "
        f"using the example shipped with clausewise, {shipped}\n"
    )
    built = json.loads((tmp_path / "out" / "jp-magnitsky.json").read_text(encoding="utf-8"))
    assert built["title"]["ja"] == SHIPPED_JA


@pytest.mark.parametrize("command", ["check", "compare"])
def test_check_and_compare_say_so_too(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty-corpus").mkdir()  # the maps alone: quick
    monkeypatch.setenv("CLAUSEWISE_CORPUS", str(tmp_path / "empty-corpus"))
    args = ["--against", "uk", "--format", "json", "-o", "r.json"] if command == "compare" else []
    r = run_cli(command, "jp-magnitsky-hr-only", *args)
    assert r.exit_code == 0, r.output
    assert "note: no ./drafts/jp-magnitsky-hr-only.yaml or ./jp-magnitsky-hr-only.yaml" in (
        r.stderr
    )


def test_an_unknown_name_lists_the_shipped_bills(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run_cli("build", "jp-magnitzky", "-o", "out")
    assert r.exit_code == 2
    assert "no bill file named 'jp-magnitzky'" in r.stderr
    assert "shipped bills: jp-magnitsky, jp-magnitsky-hr-only" in r.stderr
    assert not (tmp_path / "out").exists()


def test_taxonomy_is_not_a_bill(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run_cli("build", "taxonomy", "-o", "out")
    assert r.exit_code == 2 and "no bill file named 'taxonomy'" in r.stderr
