"""The rendered-bill cache: a hit is the fresh rendering, any changed input misses, a bad
entry is rendered again, and check and diff give the same output from it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from clausewise.compare.review.versions import load_version
from clausewise.drafts import rendercache
from clausewise.drafts.billfile import load_bill
from clausewise.drafts.errors import UnresolvedReference
from clausewise.drafts.render import render_bill

from tests import bill_versions as bv
from tests.helpers import run_cli


@pytest.fixture(scope="session")
def compiled_templates(tmp_path_factory) -> Path:
    """One folder of compiled templates for every test here: in each test's own user cache
    the bill's templates would be compiled afresh, about a second a test."""
    return tmp_path_factory.mktemp("jinja-sandbox")


@pytest.fixture(autouse=True)
def user_cache(tmp_path, monkeypatch, compiled_templates) -> Path:
    own = tmp_path / "xdg" / "clausewise"
    own.mkdir(parents=True)
    (own / "jinja-sandbox").symlink_to(compiled_templates, target_is_directory=True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CLAUSEWISE_NO_CACHE", raising=False)
    return tmp_path / "xdg" / "clausewise" / "rendered"


@pytest.fixture
def bill_path(tmp_path) -> Path:
    return bv.base(tmp_path / "bill")


class Renders:
    """Counts the renderer's calls behind the cache."""

    def __init__(self, monkeypatch):
        self.calls = 0
        monkeypatch.setattr(rendercache, "render_bill", self)

    def __call__(self, bill, unresolved=None):
        self.calls += 1
        return render_bill(bill, unresolved)


def _templates(bill_path: Path) -> Path:
    return Path(load_bill(str(bill_path)).template_dir)


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def test_hit_is_the_fresh_rendering(bill_path, user_cache, monkeypatch):
    fresh = render_bill(load_bill(str(bill_path)))
    renders = Renders(monkeypatch)
    first = rendercache.render(load_bill(str(bill_path)))
    assert renders.calls == 1 and len(_entries(user_cache)) == 1
    second = rendercache.render(load_bill(str(bill_path)))
    assert renders.calls == 1, "the second rendering must come from the cache"
    # The whole model: provisions with their numbers, text, elements and source lines, and
    # the renderer's notes (definitions, term uses, templates) that check reads.
    assert first == fresh and second == fresh
    assert [p.source for p in second.walk()] == [p.source for p in fresh.walk()]
    assert second.meta == fresh.meta and second.meta["definitions"]
    assert any(p.text == {} for p in fresh.walk()), "the exact shapes are exercised"


def _edit_template_byte(bill_path: Path) -> None:
    # One character of one template: 必要 → 所要 in the purpose article.
    bv.edit(_templates(bill_path) / "purpose.j2", "必要", "所要")


def _touch_unused_template_file(bill_path: Path) -> None:
    # A byte that changes nothing rendered still misses: the key is every file's bytes.
    with (_templates(bill_path) / "terms.yaml").open("a") as fh:
        fh.write("\n# a comment\n")


def _edit_option(bill_path: Path) -> None:
    bv.edit(bill_path, "penalty_fine_yen: 3000000", "penalty_fine_yen: 2000000")


def _edit_bill(bill_path: Path) -> None:
    # Any byte of the bill file, a comment included.
    with bill_path.open("a", encoding="utf-8") as fh:
        fh.write("# reviewed\n")


@pytest.mark.parametrize(
    "change", [_edit_template_byte, _touch_unused_template_file, _edit_option, _edit_bill]
)
def test_any_changed_input_misses(bill_path, user_cache, monkeypatch, change):
    renders = Renders(monkeypatch)
    before = rendercache.render(load_bill(str(bill_path)))
    key_before = rendercache.key(load_bill(str(bill_path)))
    change(bill_path)
    bill = load_bill(str(bill_path))
    assert rendercache.key(bill) != key_before
    after = rendercache.render(bill)
    assert renders.calls == 2
    assert after == render_bill(load_bill(str(bill_path)))
    assert len(_entries(user_cache)) == 2
    if change is _edit_template_byte:
        assert "所要" in after.find("purpose").children[0].text["ja"]
        assert after != before


def test_option_in_the_key(bill_path):
    bill = load_bill(str(bill_path))
    k = rendercache.key(bill)
    bill.options = {**bill.options, "an_option": True}
    assert rendercache.key(bill) != k


def _corruptions():
    def truncated(data: bytes) -> bytes:
        return data[: len(data) // 2]

    def not_json(data: bytes) -> bytes:
        return b"\x80\x04\x95 not json, a pickle would start like this"

    def wrong_format(data: bytes) -> bytes:
        raw = json.loads(data)
        raw["format"] = 999
        return json.dumps(raw).encode()

    def bad_kind(data: bytes) -> bytes:
        raw = json.loads(data)
        raw["provisions"][0]["kind"] = "__import__('os').system('false')"
        return json.dumps(raw).encode()

    def sources_misaligned(data: bytes) -> bytes:
        raw = json.loads(data)
        raw["sources"] = raw["sources"][1:]
        return json.dumps(raw).encode()

    def source_line_a_string(data: bytes) -> bytes:
        raw = json.loads(data)
        first = next(i for i, s in enumerate(raw["sources"]) if s)
        raw["sources"][first][1] = "7"
        return json.dumps(raw).encode()

    def meta_wrong_shape(data: bytes) -> bytes:
        raw = json.loads(data)
        raw["meta"]["term_uses"] = [{"term": 1}]
        return json.dumps(raw).encode()

    def deeply_nested(data: bytes) -> bytes:
        raw = json.loads(data)
        raw["provisions"] = "NESTED"
        return json.dumps(raw).replace('"NESTED"', "[" * 100_000 + "]" * 100_000).encode()

    return [
        truncated,
        not_json,
        wrong_format,
        bad_kind,
        sources_misaligned,
        source_line_a_string,
        meta_wrong_shape,
        deeply_nested,
    ]


@pytest.mark.parametrize("corrupt", _corruptions(), ids=lambda f: f.__name__)
def test_corrupt_entry_is_rendered_again(bill_path, user_cache, monkeypatch, corrupt):
    fresh = render_bill(load_bill(str(bill_path)))
    rendercache.render(load_bill(str(bill_path)))
    (entry,) = _entries(user_cache)
    good = entry.read_bytes()
    entry.write_bytes(corrupt(good))
    renders = Renders(monkeypatch)
    assert rendercache.render(load_bill(str(bill_path))) == fresh
    assert renders.calls == 1
    # Rewritten whole, and a hit again.
    assert json.loads(entry.read_bytes()) == json.loads(good)
    assert rendercache.render(load_bill(str(bill_path))) == fresh
    assert renders.calls == 1


def test_oversized_entry_is_not_read(bill_path, user_cache, monkeypatch):
    rendercache.render(load_bill(str(bill_path)))
    monkeypatch.setattr(rendercache, "MAX_BYTES", 1000)
    renders = Renders(monkeypatch)
    rendercache.render(load_bill(str(bill_path)))
    assert renders.calls == 1


def test_disabled(bill_path, user_cache, monkeypatch):
    monkeypatch.setenv("CLAUSEWISE_NO_CACHE", "1")
    renders = Renders(monkeypatch)
    rendercache.render(load_bill(str(bill_path)))
    rendercache.render(load_bill(str(bill_path)))
    assert renders.calls == 2 and not _entries(user_cache)


def test_unresolved_references_come_back_both_ways(bill_path, monkeypatch):
    """check collects unresolved references; diff raises the first. One entry serves both."""
    bv.edit(
        _templates(bill_path) / "purpose.j2",
        "必要な事項を定める",
        "必要な事項を{{ ref('no-such-article') }}定める",
    )
    want: list[UnresolvedReference] = []
    fresh = render_bill(load_bill(str(bill_path)), want)
    assert want
    renders = Renders(monkeypatch)
    for _ in range(2):
        got: list[UnresolvedReference] = []
        assert rendercache.render(load_bill(str(bill_path)), got) == fresh
        assert [(u.label, u.message, u.file, u.line) for u in got] == [
            (u.label, u.message, u.file, u.line) for u in want
        ]
        with pytest.raises(UnresolvedReference) as exc:
            rendercache.render(load_bill(str(bill_path)))
        assert (exc.value.label, exc.value.file, exc.value.line) == (
            want[0].label,
            want[0].file,
            want[0].line,
        )
    assert renders.calls == 1


def test_git_version_keyed_by_content(tmp_path, user_cache, monkeypatch):
    """A REV:PATH version is checked out into another temporary folder at every run: the
    entry is found by content, and the paths it shows name the revision, not the folder."""
    repo = tmp_path / "repo"
    bv.git_repo(repo)
    spec = "origin/main:drafts/jp-magnitsky.yaml"
    renders = Renders(monkeypatch)
    first = load_version(spec, repo)
    second = load_version(spec, repo)
    assert renders.calls == 1
    assert first.doc == second.doc
    files = {p.source.file for p in second.doc.walk() if p.source is not None}
    assert files and all(f.startswith("origin/main:") for f in files), files
    assert all(v.startswith("origin/main:") for v in second.doc.meta["templates"].values())


def _outputs(args, monkeypatch) -> list[str]:
    runs = []
    for env in ("1", None, None):  # without the cache, filling it, from it
        if env:
            monkeypatch.setenv("CLAUSEWISE_NO_CACHE", env)
        else:
            monkeypatch.delenv("CLAUSEWISE_NO_CACHE", raising=False)
        r = run_cli(*args)
        assert r.exit_code in (0, 1), r.output
        runs.append(r.output)
    return runs


def test_check_twice_gives_the_same_report(bill_path, user_cache, monkeypatch):
    runs = _outputs(["check", bill_path, "--format", "json"], monkeypatch)
    assert runs[0] == runs[1] == runs[2]
    assert len(_entries(user_cache)) == 1
    assert json.loads(runs[2])


def test_diff_twice_gives_the_same_output(tmp_path, user_cache, monkeypatch):
    old = bv.base(tmp_path / "old")
    new = bv.words_changed(tmp_path / "new")
    runs = _outputs(["diff", old, new, "--format", "json"], monkeypatch)
    assert runs[0] == runs[1] == runs[2]
    assert len(_entries(user_cache)) == 2
    assert json.loads(runs[2])["changes"]


def test_folder_kept_under_its_size_by_dropping_the_least_recently_used(
    tmp_path, user_cache, monkeypatch
):
    a = bv.base(tmp_path / "a")
    b = bv.words_changed(tmp_path / "b")
    rendercache.render(load_bill(str(a)))
    (entry_a,) = _entries(user_cache)
    monkeypatch.setattr(rendercache, "MAX_TOTAL", entry_a.stat().st_size * 3 // 2)
    rendercache.render(load_bill(str(b)))
    (entry_b,) = _entries(user_cache)
    assert entry_b != entry_a
    renders = Renders(monkeypatch)
    rendercache.render(load_bill(str(b)))
    assert renders.calls == 0, "the newest entry is kept"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_in_the_template_folder_is_never_opened(bill_path, monkeypatch):
    """Hashing the template folder must not block on a FIFO a pull request put there."""
    os.mkfifo(_templates(bill_path) / "pipe.j2")
    renders = Renders(monkeypatch)
    assert rendercache.key(load_bill(str(bill_path))) is not None
    first = rendercache.render(load_bill(str(bill_path)))
    assert rendercache.render(load_bill(str(bill_path))) == first
    assert renders.calls == 1
