"""The provision maps against the imported texts, and the `corpus` command (list, show, import).

Issue 3, done-when 3: every instrument's map is complete against its text; 5: `corpus import`
of a law we do not ship gives a usable map, and bad corpus files stop with exit status 2.
(The importers' own counts are in test_importers.py; fetching is in test_corpus_fetch.py.)
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from clausewise.cli import main
from clausewise.compare.corpus.importers import import_file
from clausewise.compare.corpus.importing import NO_SUMMARY, PLACEHOLDER
from clausewise.compare.corpus.instruments import load_instrument
from clausewise.compare.corpus.loading import resolve_against
from clausewise.compare.corpus.maps import load_map, map_paths, shipped_maps
from clausewise.compare.corpus.view import has_text, required_units, units

from tests.helpers import DATA, run_cli

SHIPPED = sorted(shipped_maps())
STATUTE = DATA / "plain-statute-2.txt"
NEW_ID = "xa-cagaa-2029"
NEW_ARGS = (
    "--id",
    NEW_ID,
    "--jurisdiction",
    "xa",
    "--title",
    "Coral Archipelago Accountability for Grave Abuses Act 2029",
)


# --- 3: every instrument has a complete map ------------------------------------------


@pytest.mark.parametrize("inst_id", SHIPPED)
def test_map_covers_the_text_and_the_reverse(corpus_dir: Path, inst_id: str) -> None:
    inst = load_instrument(inst_id, corpus_dir)
    assert inst.doc is not None, f"{inst_id}: its text was not found in the corpus"
    mapped = {e.label for e in inst.map.entries}
    unit_labels = {u.label for u in units(inst.doc.provisions)}

    # Every provision the text has (front matter aside) has an entry...
    missing = [u.citation or u.label for u in required_units(inst.doc) if u.label not in mapped]
    assert not missing, f"{inst_id}: provisions in the text without a map entry: {missing}"

    # ... and every entry is a provision of the text, or says why its text is not there.
    full = inst.map.source.get("completeness") == "full"
    for e in inst.map.entries:
        unit = inst.provision(e.label)
        if unit is not None:
            assert e.label in unit_labels, f"{inst_id}: {e.label} is not a whole provision"
        if unit is None or not has_text(unit):
            # Recitals are not operative: a complete text of the rules may lack them.
            operative = e.kind != "preamble"
            assert not (full and operative), f"{inst_id}: {e.citation} has no text (complete)"
            assert not e.verified, f"{inst_id}: {e.citation} is verified without its text"
            assert e.gap, f"{inst_id}: {e.citation} has no text and no gap saying so"


@pytest.mark.parametrize("inst_id", SHIPPED)
def test_every_entry_is_tagged_and_summarised(inst_id: str) -> None:
    m = load_map(shipped_maps()[inst_id])
    for e in m.entries:
        assert e.elements, f"{inst_id}: {e.citation} has no element tag"
        if e.summary is None:
            assert e.gap, f"{inst_id}: {e.citation} has no summary and no gap explaining why"
        else:
            assert e.summary["ja"].strip() and e.summary["en"].strip(), e.citation


def test_list_json_reports_every_instrument(corpus_dir: Path) -> None:
    result = run_cli("corpus", "list", "--corpus", corpus_dir, "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == SHIPPED
    for row in rows:
        assert set(row) == {"id", "jurisdiction", "title", "citation", "provisions", "text"}
        inst = load_instrument(row["id"], corpus_dir)
        m = inst.map
        assert row["provisions"] == len(m.entries)
        assert (row["jurisdiction"], row["citation"]) == (m.jurisdiction, m.citation)
        # The map's entries are the provisions of the text plus those the corpus lacks.
        textless = [
            e
            for e in m.entries
            if inst.provision(e.label) is None or not has_text(inst.provision(e.label))
        ]
        front = [e for e in m.entries if e.label == "preamble" and e not in textless]
        assert row["provisions"] == len(required_units(inst.doc)) + len(textless) + len(front)
        assert row["text"] == m.source["completeness"]
    assert {r["id"]: r["text"] for r in rows}["uk-ghr-2020"] == "full"


def test_list_without_texts_says_none(tmp_path: Path) -> None:
    result = run_cli("corpus", "list", "--corpus", tmp_path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert {r["text"] for r in json.loads(result.stdout)} == {"none"}
    text = run_cli("corpus", "list", "--corpus", tmp_path).stdout
    assert "uk-ghr-2020" in text and "none" in text


# --- show ----------------------------------------------------------------------------


def test_show_one_regulation_as_json(corpus_dir: Path) -> None:
    result = run_cli(
        "corpus", "show", "uk-ghr-2020", "reg. 6", "--corpus", corpus_dir, "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id"] == "uk-ghr-2020" and data["text"] == "full"
    [reg6] = data["provisions"]
    entry = load_map(shipped_maps()["uk-ghr-2020"]).entry("reg-6")
    assert reg6["label"] == "reg-6" and reg6["citation"] == "reg. 6"
    assert reg6["elements"] == entry.elements
    assert reg6["summary"] == entry.summary and reg6["verified"] is True
    assert reg6["caption"]["en"] == "Designation criteria"
    # The bill-JSON shape, with the text's children carrying their own citations.
    for key in ("kind", "label", "number", "caption", "text", "elements", "children"):
        assert key in reg6
    para1 = reg6["children"][0]
    assert para1["citation"] == "reg. 6(1)" and para1["verified"] is True
    assert "reasonable grounds to suspect" in json.dumps(para1)


def test_show_a_subsection_and_french(corpus_dir: Path) -> None:
    result = run_cli(
        "corpus", "show", "ca-jvcfoa-2017", "s. 4(2)", "--corpus", corpus_dir, "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    [sub] = json.loads(result.stdout)["provisions"]
    assert sub["label"] == "s-4-2" and sub["citation"].endswith("(2)")
    assert sub["text"]["en"] and sub["text"]["fr"]


def test_show_whole_instrument_joins_map_and_text(corpus_dir: Path) -> None:
    result = run_cli("corpus", "show", "uk-gac-2021", "--corpus", corpus_dir, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    m = load_map(shipped_maps()["uk-gac-2021"])
    assert [p["label"] for p in data["provisions"]] == [e.label for e in m.entries]
    by_label = {p["label"]: p for p in data["provisions"]}
    # reg. 29A: in the map, not in this version of the text.
    assert by_label["reg-29a"]["verified"] is False and by_label["reg-29a"]["gap"]
    assert by_label["reg-29a"]["text"] == {"ja": "", "en": ""}
    assert by_label["reg-11"]["children"] and by_label["reg-11"]["summary"]["ja"]


def test_show_text_and_errors(corpus_dir: Path) -> None:
    text = run_cli("corpus", "show", "jp-shu-208-60", "--corpus", corpus_dir)
    assert text.exit_code == 0, text.stderr
    assert "[unverified]" in text.stdout and "特定人権侵害行為" in text.stdout
    bad = run_cli("corpus", "show", "uk-ghr-2020", "reg. 99", "--corpus", corpus_dir)
    assert bad.exit_code == 2 and "clausewise: uk-ghr-2020 has no provision 'reg. 99'" in bad.stderr
    unknown = run_cli("corpus", "show", "xx-none", "--corpus", corpus_dir)
    assert unknown.exit_code == 2 and "unknown instrument 'xx-none'" in unknown.stderr


def test_show_without_text_uses_the_map(tmp_path: Path) -> None:
    result = run_cli(
        "corpus", "show", "uk-ghr-2020", "reg. 11", "--corpus", tmp_path, "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["text"] == "none"
    [reg11] = data["provisions"]
    assert reg11["summary"]["en"] and reg11["children"] == []
    assert reg11["caption"]["en"]


# --- 5: import a law we do not ship ----------------------------------------------------


def _import(corpus: Path, *extra: str):
    return run_cli("corpus", "import", STATUTE, *NEW_ARGS, "--corpus", corpus, *extra)


def test_import_writes_a_map_compare_can_use(tmp_path: Path) -> None:
    result = _import(tmp_path, "--citation", "CA Act 2029, No. 7")
    assert result.exit_code == 0, result.stderr
    map_path = tmp_path / "maps" / f"{NEW_ID}.yaml"
    text_path = tmp_path / "xa" / STATUTE.name
    assert result.stdout.split() == [str(text_path), str(map_path)]
    assert text_path.read_bytes() == STATUTE.read_bytes()

    m = load_map(map_path)  # the maps loader accepts it
    doc = import_file(STATUTE)
    assert [e.label for e in m.entries] == [u.label for u in units(doc.provisions)]
    assert m.citation == "CA Act 2029, No. 7" and m.jurisdiction == "xa"
    for e in m.entries:
        assert e.elements and not e.verified and e.summary is None
        assert e.gap.startswith(NO_SUMMARY)
    elements = {e.label: e.elements for e in m.entries}
    assert "measures.asset_freeze" in elements["s-5"]
    assert "measures.travel_ban" in elements["s-6"]
    assert "exceptions" in elements["s-7"]
    assert "review.delisting" in elements["s-8"]
    # The one section with no signal word gets the placeholder, and the gap says so.
    assert elements["s-12"] == [PLACEHOLDER]
    assert "placeholder" in m.entry("s-12").gap
    # The evidence is kept for the aide who checks the tags.
    raw = yaml.safe_load(map_path.read_text(encoding="utf-8"))
    s5 = next(e for e in raw["provisions"] if e["label"] == "s-5")
    assert any("freez" in ev for t in s5["auto_tags"] for ev in t["evidence"])

    # What `compare --against ID` does: find the map in the corpus and join the text.
    assert map_paths(tmp_path)[NEW_ID] == map_path
    assert resolve_against(NEW_ID, tmp_path) == [NEW_ID]
    inst = load_instrument(NEW_ID, tmp_path)
    assert inst.text_status == "full"
    assert "economic resources" in inst.text(m.entry("s-5"))

    rows = json.loads(run_cli("corpus", "list", "--corpus", tmp_path, "--format", "json").stdout)
    assert {
        "id": NEW_ID,
        "jurisdiction": "xa",
        "title": {"en": "Coral Archipelago Accountability for Grave Abuses Act 2029"},
        "citation": "CA Act 2029, No. 7",
        "provisions": len(m.entries),
        "text": "full",
    } in rows


def test_compare_against_an_imported_law(tmp_path: Path, monkeypatch) -> None:
    if "compare" not in main.commands:
        pytest.skip("the compare command is not in this checkout yet")
    corpus = tmp_path / "corpus"
    assert _import(corpus).exit_code == 0
    work = tmp_path / "work"  # whatever compare writes by default lands here, not in the repo
    work.mkdir()
    monkeypatch.chdir(work)
    result = run_cli("compare", "--against", NEW_ID, "--corpus", corpus)
    assert result.exit_code == 0, result.stderr
    written = "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in work.rglob("*") if p.is_file()
    )
    assert "Coral Archipelago" in result.stdout + written or NEW_ID in result.stdout + written


def test_import_refuses_to_overwrite(tmp_path: Path) -> None:
    assert _import(tmp_path).exit_code == 0
    again = _import(tmp_path)
    assert again.exit_code == 2
    assert "already exists; --force replaces it" in again.stderr
    assert _import(tmp_path, "--force").exit_code == 0
    shipped = run_cli(
        "corpus",
        "import",
        STATUTE,
        "--id",
        "uk-ghr-2020",
        "--jurisdiction",
        "uk",
        "--title",
        "x",
        "--corpus",
        tmp_path,
    )
    assert shipped.exit_code == 2 and "shipped instrument" in shipped.stderr


def test_import_rejects_bad_ids(tmp_path: Path) -> None:
    result = run_cli(
        "corpus",
        "import",
        STATUTE,
        "--id",
        "../evil",
        "--jurisdiction",
        "xa",
        "--title",
        "x",
        "--corpus",
        tmp_path,
    )
    assert result.exit_code == 2 and "--id" in result.stderr
    result = run_cli(
        "corpus",
        "import",
        STATUTE,
        "--id",
        "ok",
        "--jurisdiction",
        "../x",
        "--title",
        "x",
        "--corpus",
        tmp_path,
    )
    assert result.exit_code == 2 and "--jurisdiction" in result.stderr
    assert not (tmp_path / "maps").exists()


# --- 5: bad corpus files stop with a clear message and status 2 ------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<Statute xmlns:lims="http://justice.gc.ca/lims">&lol3;</Statute>
"""


def _truncated_clml() -> bytes:
    data = (DATA / "clml-sample.xml").read_bytes()
    return data[: len(data) // 2]


BAD_FILES = [
    ("cut.xml", _truncated_clml, "auto", "malformed XML"),
    ("lol.xml", lambda: BILLION_LAUGHS, "auto", "entity declarations are not allowed"),
    (
        "odd.xml",
        lambda: b"<?xml version='1.0'?>\n<recipe><step/></recipe>\n",
        "auto",
        "XML of an unknown vocabulary",
    ),
    ("law.xml", lambda: BILLION_LAUGHS, "justice_canada_xml", "entity declarations"),
]


@pytest.mark.parametrize(("name", "content", "fmt", "message"), BAD_FILES)
def test_import_of_a_bad_file(tmp_path: Path, name: str, content, fmt: str, message: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(content())
    corpus = tmp_path / "corpus"
    result = run_cli("corpus", "import", bad, *NEW_ARGS, "--format", fmt, "--corpus", corpus)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"clausewise: {bad}")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (corpus / "maps").exists() and not (corpus / "xa").exists()


def test_import_of_a_missing_file_and_an_unknown_format(tmp_path: Path) -> None:
    missing = tmp_path / "absent.txt"
    result = run_cli("corpus", "import", missing, *NEW_ARGS, "--corpus", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"clausewise: {missing}: file not found"
    result = run_cli(
        "corpus", "import", STATUTE, *NEW_ARGS, "--format", "akoma_ntoso", "--corpus", tmp_path
    )
    assert (
        result.exit_code == 2
        and "'akoma_ntoso' is not a format; choose from auto," in result.stderr
    )


def test_bad_text_in_a_corpus_folder(tmp_path: Path) -> None:
    """A corpus whose Canadian file was cut short: list and show name it and exit 2."""
    (tmp_path / "ca").mkdir()
    (tmp_path / "ca" / "J-2.3.en.xml").write_bytes(
        b'<?xml version="1.0"?>\n<Statute xmlns:lims="http://justice.gc.ca/lims">\n<Body>'
    )
    for args in (("list",), ("show", "ca-jvcfoa-2017")):
        result = run_cli("corpus", *args, "--corpus", tmp_path)
        assert result.exit_code == 2, args
        assert f"clausewise: {tmp_path / 'ca' / 'J-2.3.en.xml'}" in result.stderr
        assert "malformed XML" in result.stderr


def test_corpus_folder_that_does_not_exist(tmp_path: Path) -> None:
    result = run_cli("corpus", "list", "--corpus", tmp_path / "nope")
    assert result.exit_code == 2 and "corpus folder not found" in result.stderr


def test_import_of_a_file_already_in_the_corpus(tmp_path: Path) -> None:
    """Importing a file that is already in the corpus folder leaves it where it is."""
    corpus = tmp_path / "c"
    (corpus / "xa").mkdir(parents=True)
    shutil.copy(STATUTE, corpus / "xa" / STATUTE.name)
    result = run_cli(
        "corpus", "import", corpus / "xa" / STATUTE.name, *NEW_ARGS, "--corpus", corpus
    )
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (corpus / "xa").iterdir()) == [STATUTE.name]
