"""Hostile XML through every door that reads XML: the importers, `clausewise corpus import` and
`corpus show` on a corpus folder holding such a file. External entities, entity-expansion
bombs and DTD tricks are refused with one clear message (exit 2), nothing is written, and no
file outside the input is ever read. And an interrupted write leaves the previous file whole,
for every command that writes through drafts/atomic.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from clausewise.compare.corpus.importers import import_file
from clausewise.drafts.errors import InputFileError

from tests import bill_versions as bv
from tests.helpers import copy_mini, run_cli

SECRET = "TOP-SECRET-4f1c"  # in a file next to the input: must never show up anywhere

PAYLOADS = {
    "billion-laughs": b"""<?xml version="1.0"?>
<!DOCTYPE Statute [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Statute><Body><Section><Label>1</Label><Text>&lol4;</Text></Section></Body></Statute>""",
    "quadratic-blowup": b'<?xml version="1.0"?>\n<!DOCTYPE Statute [<!ENTITY a "'
    + b"A" * 50_000
    + b'">]>\n<Statute><Body>'
    + b"&a;" * 2_000
    + b"</Body></Statute>",
    "external-file": b"""<?xml version="1.0"?>
<!DOCTYPE Statute [<!ENTITY xxe SYSTEM "SECRETFILE">]>
<Statute><Body><Section><Label>1</Label><Text>&xxe;</Text></Section></Body></Statute>""",
    "external-url": b"""<?xml version="1.0"?>
<!DOCTYPE Statute [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/steal">]>
<Statute><Body>&xxe;</Body></Statute>""",
    "parameter-entity": b"""<?xml version="1.0"?>
<!DOCTYPE Statute [<!ENTITY % ext SYSTEM "SECRETFILE"> %ext;]>
<Statute><Body/></Statute>""",
    "external-dtd": b"""<?xml version="1.0"?>
<!DOCTYPE Statute SYSTEM "SECRETFILE">
<Statute><Body><Section><Text>&ext;</Text></Section></Body></Statute>""",
    "lower-case-declaration": b"""<?xml version="1.0"?>
<!DOCTYPE Statute [<!entity xxe SYSTEM "SECRETFILE">]>
<Statute><Body>&xxe;</Body></Statute>""",
}
CLML = b'xmlns="http://www.legislation.gov.uk/namespaces/legislation"'


def _hostile(tmp_path: Path, name: str, root: str = "Statute") -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    data = PAYLOADS[name].replace(b"SECRETFILE", secret.as_uri().encode())
    if root == "Legislation":  # the same attack dressed as a UK CLML file
        data = data.replace(b"<Statute>", b"<Legislation " + CLML + b">")
        data = data.replace(b"</Statute>", b"</Legislation>").replace(b"Statute", b"Legislation")
    path = tmp_path / "law.xml"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("fmt", ["auto", "justice_canada_xml", "clml"])
@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_importers_refuse(tmp_path, name, fmt):
    path = _hostile(tmp_path, name, "Legislation" if fmt == "clml" else "Statute")
    with pytest.raises(InputFileError) as exc:
        import_file(path, fmt=fmt)
    message = str(exc.value)
    assert message.startswith(str(path)), message
    assert SECRET not in message
    assert "entit" in message or "DTD" in message or "malformed" in message, message


def _assert_refused(result, path: Path):
    assert result.exit_code == 2, result.output
    out = result.output
    assert out.startswith("clausewise: ") and "Traceback" not in out, out
    assert str(path) in out and SECRET not in out, out


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_corpus_import_refuses(tmp_path, name):
    path = _hostile(tmp_path, name)
    corpus = tmp_path / "corpus"
    result = run_cli(
        "corpus",
        "import",
        path,
        "--id",
        "xa-hostile",
        "--jurisdiction",
        "xa",
        "--title",
        "Hostile Act",
        "--corpus",
        corpus,
    )
    _assert_refused(result, path)
    # Nothing written: no map, no copy of the text.
    assert not [p for p in corpus.rglob("*") if p.is_file()] if corpus.exists() else True


@pytest.mark.parametrize("name", ["billion-laughs", "external-file", "parameter-entity"])
def test_corpus_show_refuses_a_hostile_text_in_the_corpus(tmp_path, name):
    """The Canadian act's official text replaced by an attack in a corpus folder."""
    corpus = tmp_path / "corpus"
    (corpus / "ca").mkdir(parents=True)
    text = corpus / "ca" / "J-2.3.en.xml"
    text.write_bytes(_hostile(tmp_path, name).read_bytes())
    result = run_cli("corpus", "show", "ca-jvcfoa-2017", "--corpus", corpus)
    _assert_refused(result, text)


# --- an interrupted write keeps the previous file --------------------------------------------


def _no_space(*args, **kwargs):
    raise OSError(28, "No space left on device")


def _check_kept(target: Path, before: bytes, result):
    assert result.exit_code == 2, result.output
    assert "No space left" in result.output and "Traceback" not in result.output
    assert target.read_bytes() == before
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".part")]


def test_interrupted_redline_keeps_previous(tmp_path, monkeypatch):
    old, new = bv.base(tmp_path / "old"), bv.words_changed(tmp_path / "new")
    target = tmp_path / "out" / "redline.docx"
    first = run_cli("diff", old, old, "--format", "docx", "-o", target)
    assert first.exit_code == 0, first.output
    before = target.read_bytes()
    monkeypatch.setattr(os, "replace", _no_space)
    _check_kept(target, before, run_cli("diff", old, new, "--format", "docx", "-o", target))


def test_interrupted_shinkyu_keeps_previous(tmp_path, monkeypatch):
    old, new = bv.base(tmp_path / "old"), bv.words_changed(tmp_path / "new")
    out = tmp_path / "out"
    out.mkdir()
    (out / "taisho.docx").write_bytes(b"previous docx")
    (out / "taisho.html").write_bytes(b"previous html")
    monkeypatch.setattr(os, "replace", _no_space)
    result = run_cli("diff", old, new, "--format", "shinkyu", "-o", out / "taisho")
    _check_kept(out / "taisho.docx", b"previous docx", result)
    assert (out / "taisho.html").read_bytes() == b"previous html"


def test_interrupted_check_report_keeps_previous(tmp_path, monkeypatch):
    bill = copy_mini(tmp_path)
    target = tmp_path / "report.xml"
    target.write_bytes(b"<previous/>")
    monkeypatch.setattr(os, "replace", _no_space)
    result = run_cli("check", bill, "--format", "junit", "-o", target)
    _check_kept(target, b"<previous/>", result)


def test_interrupted_compare_report_keeps_previous(tmp_path, monkeypatch):
    empty = tmp_path / "no-corpus"
    empty.mkdir()
    target = tmp_path / "out" / "report.md"
    target.parent.mkdir()
    target.write_bytes(b"previous report")
    monkeypatch.setattr(os, "replace", _no_space)
    result = run_cli("compare", "--format", "md", "-o", target, "--corpus", empty)
    _check_kept(target, b"previous report", result)


def test_interrupted_corpus_import_keeps_previous(tmp_path, monkeypatch):
    law = tmp_path / "law.txt"
    law.write_text(
        "Coral Act 2029\n\nSection 1. Short title.\nThis Act is the Coral Act.\n\n"
        "Section 2. Freezing.\nThe Minister may freeze the funds of a designated person.\n",
        encoding="utf-8",
    )
    corpus = tmp_path / "corpus"
    args = (
        "corpus",
        "import",
        law,
        "--id",
        "xa-coral",
        "--jurisdiction",
        "xa",
        "--title",
        "Coral Act",
        "--corpus",
        corpus,
    )
    first = run_cli(*args)
    assert first.exit_code == 0, first.output
    written = {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()}
    assert written
    monkeypatch.setattr(os, "replace", _no_space)
    result = run_cli(*args, "--force")
    assert result.exit_code == 2 and "No space left" in result.output, result.output
    assert {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()} == written
