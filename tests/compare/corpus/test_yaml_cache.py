"""The disk cache of parsed YAML documents (maps, concept vocabulary, sources): the same
document as the YAML reader gives, a miss whenever the file changes, and never trusted:
a corrupt or tampered entry is parsed again, and the map validation runs on every read."""

from __future__ import annotations

import json
import pickle
import shutil
from datetime import date

import pytest
from clausewise.compare.corpus import yamlcache
from clausewise.compare.corpus.concepts import CONCEPTS_FILE
from clausewise.compare.corpus.maps import MapError, load_map, shipped_maps
from clausewise.compare.corpus.sources import SOURCES_FILE
from clausewise.drafts import cachefiles
from clausewise.drafts.errors import BillError
from clausewise.drafts.yamlsource import read_yaml


@pytest.fixture()
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("CLAUSEWISE_NO_CACHE", raising=False)
    return tmp_path / "cache"


def _entries() -> list:
    return sorted((cachefiles.folder() / "yaml").glob("*.json"))


def _no_parse(*_a, **_k):
    raise AssertionError("parsed although the cache holds the document")


def _a_map(tmp_path):
    """A copy of a shipped map that a test may edit."""
    src = shipped_maps()["eu-dec-2020-1999"]
    dst = tmp_path / "maps" / src.name
    dst.parent.mkdir()
    shutil.copy(src, dst)
    return dst


def test_cached_documents_equal_the_yaml_readers(cache_home, monkeypatch):
    files = [*shipped_maps().values(), CONCEPTS_FILE, SOURCES_FILE]
    fresh = {f: read_yaml(f) for f in files}
    first = {f: yamlcache.read_yaml_cached(f) for f in files}
    # Every shipped document is stored (the maps' dates included), one entry each.
    assert len(_entries()) == len(files)
    monkeypatch.setattr(yamlcache, "parse_yaml", _no_parse)
    for f in files:
        hit = yamlcache.read_yaml_cached(f)
        for doc in (first[f], hit):
            assert doc.file == fresh[f].file
            assert doc.data == fresh[f].data
            assert doc.lines == fresh[f].lines
    # A map's version_date comes back as the date YAML gave, not as text.
    some_map = next(iter(shipped_maps().values()))
    assert isinstance(yamlcache.read_yaml_cached(some_map).data["version_date"], date)


def test_shipped_maps_load_the_same_through_the_cache(cache_home, monkeypatch):
    for path in shipped_maps().values():
        monkeypatch.setenv("CLAUSEWISE_NO_CACHE", "1")
        fresh = load_map(path)
        monkeypatch.delenv("CLAUSEWISE_NO_CACHE")
        assert load_map(path) == fresh  # a miss: parsed and stored
        assert load_map(path) == fresh  # a hit


def test_an_edited_map_is_read_again(cache_home, tmp_path):
    path = _a_map(tmp_path)
    before = load_map(path)
    text = path.read_text(encoding="utf-8")
    old = before.citation
    line = next(li for li in text.splitlines() if li.startswith("citation:"))
    assert old in line
    path.write_text(text.replace(line, 'citation: "An edited citation"'), encoding="utf-8")
    after = load_map(path)
    assert after.citation == "An edited citation"
    assert len(_entries()) == 2  # one entry per content; the old one is merely unused
    # Back to the old bytes: the old entry serves again.
    path.write_text(text, encoding="utf-8")
    assert load_map(path).citation == old


def test_a_changed_reader_is_a_miss(cache_home, tmp_path, monkeypatch):
    path = _a_map(tmp_path)
    load_map(path)
    monkeypatch.setattr(yamlcache, "reader_version", lambda: "another reader")
    calls = []
    real = yamlcache.parse_yaml
    monkeypatch.setattr(yamlcache, "parse_yaml", lambda *a: calls.append(a) or real(*a))
    load_map(path)
    assert len(calls) == 1 and len(_entries()) == 2


def _entry_for(path) -> object:
    return cachefiles.folder() / yamlcache._entry_name(path.read_bytes())


def _entry(data="{}", dates="[]", lines="[]", fmt=yamlcache.FORMAT) -> bytes:
    text = f'{{"format": {fmt}, "data": {data}, "dates": {dates}, "lines": {lines}}}'
    return text.encode()


@pytest.mark.parametrize(
    "content",
    [
        b"not json at all",
        b"\xff\xfe not UTF-8",
        pickle.dumps({"format": yamlcache.FORMAT}),
        _entry(lines='[[["a"], "not a line"]]'),
        _entry(lines='[[[["a"]], 3]]'),  # a path that cannot be a key
        _entry(data='{"id": "x\\u0001"}'),  # characters the YAML reader refuses
        _entry(data='{"id": "x\\b"}'),
        _entry(data='{"id\\ue000": "x"}'),
        _entry(data='{"id": "x\u0085"}'),
        _entry(data="[" + "1" * 40 + "]"),  # a number longer than YAML allows
        _entry(data='{"d": null}', dates='[[["d"], "date", "not a date"]]'),
        _entry(data='{"d": null}', dates='[[["e"], "date", "2020-01-01"]]'),
        _entry(data='{"d": "x"}', dates='[[["d"], "date", "2020-01-01"]]'),
        _entry(data='{"d": null}', dates='[[["d"], "code", "2020-01-01"]]'),
        _entry(data='{"d": null}', dates='[[["d"], "date"]]'),
        _entry(data="[" * 100_000 + "]" * 100_000),
        _entry(data="[" * 300 + "]" * 300),  # deeper than YAML allows
        _entry(fmt=999),
        b'{"format": %d, "data": {}, "lines": []}' % yamlcache.FORMAT,
    ],
)
def test_a_corrupt_or_hostile_entry_is_a_miss_and_is_rewritten(cache_home, tmp_path, content):
    path = _a_map(tmp_path)
    fresh = load_map(path)
    entry = _entry_for(path)
    assert entry.is_file()
    entry.write_bytes(content)
    assert load_map(path) == fresh
    assert entry.read_bytes() != content
    stored = json.loads(entry.read_bytes())
    assert stored["format"] == yamlcache.FORMAT


def test_a_tampered_entry_still_goes_through_the_map_validation(cache_home, tmp_path):
    """A well-formed entry whose map points outside the corpus folder: the map checks run on
    the cached document as on the file, so the cache cannot smuggle a path past them."""
    path = _a_map(tmp_path)
    load_map(path)
    entry = _entry_for(path)
    stored = json.loads(entry.read_bytes())
    stored["data"]["source"]["file"] = "../../../etc/passwd"
    entry.write_bytes(json.dumps(stored).encode())
    with pytest.raises(MapError, match="inside the corpus folder"):
        load_map(path)


def test_errors_are_the_yaml_readers(cache_home, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nprovisions: [\n  - a\n  b: c\n", encoding="utf-8")
    with pytest.raises(BillError) as plain:
        read_yaml(broken)
    with pytest.raises(BillError) as cached:
        yamlcache.read_yaml_cached(broken)
    assert str(cached.value) == str(plain.value)
    assert _entries() == []
    link = tmp_path / "link.yaml"
    link.symlink_to(_a_map(tmp_path))
    with pytest.raises(BillError) as plain:
        read_yaml(link, follow=False)
    with pytest.raises(BillError) as cached:
        yamlcache.read_yaml_cached(link, follow=False)
    assert str(cached.value) == str(plain.value)


def test_a_document_json_cannot_hold_is_read_but_not_stored(cache_home, tmp_path):
    odd = tmp_path / "odd.yaml"
    odd.write_text("1: one\nwhen: 2024-01-02T03:04:05+09:00\nbig: .inf\n", encoding="utf-8")
    doc = yamlcache.read_yaml_cached(odd)
    assert doc.data == read_yaml(odd).data and doc.lines == read_yaml(odd).lines
    assert _entries() == []


def test_the_cache_can_be_turned_off(cache_home, tmp_path, monkeypatch):
    monkeypatch.setenv("CLAUSEWISE_NO_CACHE", "1")
    path = _a_map(tmp_path)
    assert load_map(path).id == "eu-dec-2020-1999"
    assert not cachefiles.folder().exists()
