"""The disk cache of parsed reference laws: same trees as a fresh import, keyed by the file's
content and the importers' source, and safe against a hostile or corrupt cache file."""

from __future__ import annotations

import json
import pickle
import shutil

import pytest
from clausewise.compare.corpus import cache, instruments
from clausewise.compare.corpus.loading import load_map_cached
from clausewise.compare.corpus.maps import map_paths


@pytest.fixture()
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("CLAUSEWISE_NO_CACHE", raising=False)
    return tmp_path / "cache"


def _maps(corpus):
    return {i: load_map_cached(p) for i, p in map_paths(corpus).items()}


def _no_import(*_a, **_k):
    raise AssertionError("imported although the cache holds the text")


def test_cached_trees_equal_fresh_imports(corpus_dir, cache_home, monkeypatch):
    maps = _maps(corpus_dir)
    fresh = {i: instruments.import_text(m, corpus_dir) for i, m in maps.items()}
    assert sum(doc is not None for doc, _ in fresh.values()) >= 6
    first = {i: cache.import_text_cached(m, corpus_dir) for i, m in maps.items()}
    # The laws' entries: the taxonomy's (data-*.json) lands in the same folder when this
    # test happens to be the first of its process to read the taxonomy.
    laws = [p for p in cache.folder().glob("*.json") if not p.name.startswith("data-")]
    assert len(laws) == sum(d is not None for d, _ in fresh.values())
    monkeypatch.setattr(instruments, "import_text", _no_import)
    for i, m in maps.items():
        doc, path = fresh[i]
        if doc is None:
            continue
        hit_doc, hit_path = cache.import_text_cached(m, corpus_dir)
        assert hit_path == path == first[i][1]
        # The whole tree, every field, as a fresh import gives it.
        assert hit_doc.provisions == doc.provisions, i
        assert (hit_doc.id, hit_doc.title, hit_doc.citation) == (doc.id, doc.title, doc.citation)
        assert json.loads(json.dumps(doc.meta)) == hit_doc.meta


def _one(corpus_dir, tmp_path):
    """A corpus folder of one instrument's text (a copy we may edit) and its map."""
    maps = _maps(corpus_dir)
    inst_id, m = next(
        (i, m)
        for i, m in maps.items()
        if m.source.get("file")
        and "file_fr" not in m.source
        and (corpus_dir / m.source["file"]).is_file()
    )
    corpus = tmp_path / "corpus"
    target = corpus / m.source["file"]
    target.parent.mkdir(parents=True)
    shutil.copy(corpus_dir / m.source["file"], target)
    return corpus, m, target


def test_key_follows_the_file_and_the_importers(corpus_dir, cache_home, tmp_path, monkeypatch):
    corpus, m, text = _one(corpus_dir, tmp_path)
    k = cache.key(m, corpus)
    assert cache.key(m, corpus) == k
    text.write_bytes(text.read_bytes() + b"\n")
    assert cache.key(m, corpus) != k
    edited = cache.key(m, corpus)
    monkeypatch.setattr(cache, "importer_version", lambda: "another-importer")
    assert cache.key(m, corpus) not in (k, edited)


@pytest.mark.parametrize(
    "content",
    [
        b"not json at all",
        pickle.dumps({"format": 1}),
        b'{"format": 1, "id": "x", "provisions": [{"kind": 3, "label": "a"}]}',
        b'{"format": 1, "id": "x", "provisions": [], "text_file": "../../../etc/passwd"}',
        b'{"format": 1, "id": "x", "provisions": [{"kind": "a", "label": "b", "text": {"en": 5}}]}',
        b'{"format": 1, "id": "x", "provisions": [], "meta": []}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"format": 999, "id": "x", "provisions": []}',
    ],
)
def test_hostile_cache_file_is_a_miss_and_is_rewritten(corpus_dir, cache_home, tmp_path, content):
    corpus, m, _ = _one(corpus_dir, tmp_path)
    fresh, path = instruments.import_text(m, corpus)
    entry = cache.folder() / f"{cache.key(m, corpus)}.json"
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_bytes(content)
    doc, got_path = cache.import_text_cached(m, corpus)
    assert doc.provisions == fresh.provisions and got_path == path
    assert entry.read_bytes() != content
    assert cache.load(cache.key(m, corpus), corpus)[0].provisions == fresh.provisions


def test_cache_can_be_turned_off(corpus_dir, cache_home, tmp_path, monkeypatch):
    corpus, m, _ = _one(corpus_dir, tmp_path)
    monkeypatch.setenv("CLAUSEWISE_NO_CACHE", "1")
    doc, _ = cache.import_text_cached(m, corpus)
    assert doc is not None and not cache.folder().exists()
