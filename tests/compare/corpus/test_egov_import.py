"""`corpus import` of an e-Gov 法令XML file: detected, every article mapped, tagged with the
taxonomy's Japanese vocabulary, and usable by `compare`."""

from __future__ import annotations

import pytest
from clausewise.compare.corpus.importers import detect_format, import_file
from clausewise.compare.corpus.maps import load_map
from lxml import etree

from tests.conftest import _missing
from tests.helpers import run_cli


@pytest.fixture(scope="module")
def egov_path(corpus_dir):
    files = sorted((corpus_dir / "jp" / "egov").glob("*.xml"))
    if not files:
        _missing("the e-Gov file of 行政手続法 in the corpus")
    return files[0]


def test_detected_as_egov(egov_path):
    assert detect_format(egov_path) == "egov_xml"


def test_import_maps_every_article_with_japanese_tags(egov_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run_cli(
        "corpus",
        "import",
        egov_path,
        "--id",
        "jp-apa",
        "--jurisdiction",
        "jp",
        "--title",
        "行政手続法",
        "--corpus",
        tmp_path / "corpus",
    )
    assert r.exit_code == 0, r.output
    m = load_map(tmp_path / "corpus" / "maps" / "jp-apa.yaml")
    xml = etree.parse(str(egov_path)).getroot()
    labels = {e.label for e in m.entries}
    # Every article of the main text and of every 附則 has its entry.
    for art in xml.iter("Article"):
        assert any(label.endswith("art-" + art.get("Num").replace("_", "-")) for label in labels), (
            art.findtext("ArticleTitle")
        )
    main_arts = xml.findall(".//MainProvision//Article")
    assert sum(1 for e in m.entries if e.label.startswith("art-")) == len(main_arts)
    purpose = m.entry("art-1")
    assert purpose.citation == "第一条" and "purpose" in purpose.elements
    doc = import_file(egov_path)
    assert doc.meta["format"] == "egov_xml"
    tagged = [e for e in m.entries if e.elements != ["administration"]]
    assert len(tagged) > len(m.entries) / 2  # the Japanese signal words found most of them


def test_show_quotes_the_official_text(egov_path, tmp_path):
    corpus = tmp_path / "corpus"
    args = ["--id", "jp-apa", "--jurisdiction", "jp", "--title", "行政手続法"]
    assert run_cli("corpus", "import", egov_path, *args, "--corpus", corpus).exit_code == 0
    r = run_cli("corpus", "show", "jp-apa", "第三十六条の三", "--corpus", corpus)
    assert r.exit_code == 0, r.output
    assert "何人も、法令に違反する事実がある場合において" in r.output
