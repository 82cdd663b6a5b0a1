"""The shipped taxonomy and report labels, kept as JSON in the user cache
(drafts/datafiles.py): read back only when the entry is this very file's data and passes the
same check as the YAML's; anything else is a miss, parsed again and rewritten."""

from __future__ import annotations

import json

import pytest
import yaml
from clausewise.drafts import datafiles, reportkit, taxonomy


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CLAUSEWISE_NO_CACHE", raising=False)
    return tmp_path / "xdg" / "clausewise" / "parsed"


def fresh_taxonomy():
    taxonomy._loaded.cache_clear()
    taxonomy.load_taxonomy.cache_clear()
    return taxonomy.load_taxonomy()


def the_yaml(path):
    return yaml.load(path.read_bytes(), Loader=yaml.SafeLoader)


def entry_of(cache, path):
    return cache / datafiles._entry_name(path.read_bytes())


@pytest.fixture(autouse=True)
def _fresh_afterwards():
    yield
    taxonomy._loaded.cache_clear()
    taxonomy.load_taxonomy.cache_clear()
    reportkit.all_labels.cache_clear()
    reportkit.labels.cache_clear()


def test_the_taxonomy_is_read_back_from_its_entry(cache, monkeypatch):
    first = fresh_taxonomy()
    entry = entry_of(cache, taxonomy.TAXONOMY_FILE)
    assert json.loads(entry.read_bytes()) == the_yaml(taxonomy.TAXONOMY_FILE)

    def no_yaml(*args, **kwargs):
        raise AssertionError("the YAML was parsed again")

    monkeypatch.setattr(datafiles.yaml, "load", no_yaml)
    assert fresh_taxonomy() == first


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b'{"elements": []}',  # JSON, but no taxonomy: refused by the check
        b'{"elements": {"grounds": "x"}}',
        b"[1, 2, 3]",
        b'"\\ud800"',
    ],
    ids=["empty", "corrupt", "no-elements", "wrong-shape", "a-list", "lone-surrogate"],
)
def test_a_damaged_taxonomy_entry_is_a_miss_and_is_rewritten(cache, damage):
    good = fresh_taxonomy()
    entry = entry_of(cache, taxonomy.TAXONOMY_FILE)
    stored = entry.read_bytes()
    entry.write_bytes(damage)
    assert fresh_taxonomy() == good
    assert taxonomy.jurisdictions() == {
        k: dict(v) for k, v in the_yaml(taxonomy.TAXONOMY_FILE)["jurisdictions"].items()
    }
    assert entry.read_bytes() == stored


def test_a_damaged_labels_entry_is_a_miss(cache):
    reportkit.all_labels.cache_clear()
    good = reportkit.all_labels()
    entry = entry_of(cache, reportkit.LABELS_FILE)
    assert entry.is_file()
    for damage in (b"{}x", b'{"compare": {"title": {"ja": 1, "en": "x"}}}', b'{"a": [1]}'):
        entry.write_bytes(damage)
        reportkit.all_labels.cache_clear()
        assert reportkit.all_labels() == good == the_yaml(reportkit.LABELS_FILE)


def test_an_edited_file_is_a_miss(cache, tmp_path):
    f = tmp_path / "d.yaml"
    f.write_text("a: 1\n", encoding="utf-8")
    assert datafiles.load_yaml(f, lambda d: None) == {"a": 1}
    f.write_text("a: 2\n", encoding="utf-8")
    assert datafiles.load_yaml(f, lambda d: None) == {"a": 2}
    assert len(list(cache.glob("data-*.json"))) == 2


@pytest.mark.parametrize(
    "text",
    ["day: 2025-01-01\n", "1: one\n", "x: .nan\n"],
    ids=["date", "number-key", "nan"],
)
def test_data_json_cannot_hold_exactly_is_not_cached(cache, tmp_path, text):
    f = tmp_path / "d.yaml"
    f.write_text(text, encoding="utf-8")
    first = datafiles.load_yaml(f, lambda d: None)
    assert not list(cache.glob("data-*.json"))
    again = datafiles.load_yaml(f, lambda d: None)
    assert repr(again) == repr(first)


def test_no_cache_writes_nothing(cache, monkeypatch, tmp_path):
    monkeypatch.setenv("CLAUSEWISE_NO_CACHE", "1")
    f = tmp_path / "d.yaml"
    f.write_text("a: [1, 2.5, true, null, x]\n", encoding="utf-8")
    assert datafiles.load_yaml(f, lambda d: None) == {"a": [1, 2.5, True, None, "x"]}
    assert not cache.exists()
