"""Compiled templates kept in the user cache (drafts.sandbox.bytecode_cache): the bill's
templates and the reports' alike. An entry is used only when it is exactly what this run
would write; anything else — truncated, corrupt, another template's, a pickle that would
run code — is a miss: the template is compiled again, renders the same, and the entry is
rewritten."""

from __future__ import annotations

import marshal
import pickle

import jinja2
import pytest
from clausewise.drafts import reportkit
from clausewise.drafts.sandbox import FolderLoader, bytecode_cache, sandboxed

from tests.helpers import log_compiles


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CLAUSEWISE_NO_CACHE", raising=False)
    return tmp_path / "xdg" / "clausewise" / "jinja-sandbox"


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "templates"
    d.mkdir()
    (d / "t.j2").write_text("{% for x in xs %}[{{ x | upper }}]{% endfor %}", encoding="utf-8")
    return d


def render(folder, compiled: list[str] | None = None) -> str:
    env = sandboxed(FolderLoader(folder), bytecode_cache=bytecode_cache())
    if compiled is not None:
        log_compiles(env, compiled)
    return env.get_template("t.j2").render(xs=["a", "b"])


def entries(cache_home):
    return sorted(p for p in cache_home.iterdir() if p.name.endswith(".cache"))


def test_a_template_is_compiled_once_and_read_back(cache_home, folder):
    first: list[str] = []
    assert render(folder, first) == "[A][B]"
    assert first == ["t.j2"]
    (entry,) = entries(cache_home)
    again: list[str] = []
    assert render(folder, again) == "[A][B]"
    assert again == [], "the second environment compiled the template again"
    assert entries(cache_home) == [entry]


def test_an_edited_template_is_compiled_afresh(cache_home, folder):
    render(folder)
    (folder / "t.j2").write_text("{{ xs | join('+') }}", encoding="utf-8")
    compiled: list[str] = []
    assert render(folder, compiled) == "a+b"
    assert compiled == ["t.j2"]


# Jinja's header and the pickled checksum of the source (a SHA-1 in hex) before the code.
HEAD = len(jinja2.bccache.bc_magic) + len(pickle.dumps("0" * 40, 2))


class _Trap:
    def __reduce__(self):
        return (open, ("trap-was-unpickled", "w"))


@pytest.mark.parametrize(
    "damage",
    [
        lambda good: good[: len(good) // 2],  # truncated
        lambda good: b"",  # empty
        lambda good: b"not a jinja cache entry at all",
        # Jinja's header, the right checksum, then bytes that are no marshalled code
        lambda good: good[:HEAD] + b"\xff\x00junk",
        # a marshalled value that is not code
        lambda good: good[:HEAD] + marshal.dumps({"a": 1}),
        # a pickle that would run code where the checksum stands
        lambda good: jinja2.bccache.bc_magic + pickle.dumps(_Trap(), 2) + b"rest",
    ],
    ids=["truncated", "empty", "garbage", "bad-marshal", "not-code", "pickle-trap"],
)
def test_a_damaged_entry_is_a_miss_and_is_rewritten(
    cache_home, folder, damage, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # where an unpickled trap would leave its file
    render(folder)
    (entry,) = entries(cache_home)
    good = entry.read_bytes()
    entry.write_bytes(damage(good))
    compiled: list[str] = []
    assert render(folder, compiled) == "[A][B]"
    assert compiled == ["t.j2"]
    assert entry.read_bytes() == good
    assert not (tmp_path / "trap-was-unpickled").exists()


def test_no_cache_means_no_bytecode_cache(cache_home, folder, monkeypatch):
    monkeypatch.setenv("CLAUSEWISE_NO_CACHE", "1")
    assert bytecode_cache() is None
    assert render(folder) == "[A][B]"
    assert not cache_home.exists()


def test_an_unwritable_cache_costs_only_the_compiling(cache_home, folder):
    cache = bytecode_cache()
    assert cache is not None
    cache_home.rmdir()  # gone after the environment was made: the write fails quietly
    env = sandboxed(FolderLoader(folder), bytecode_cache=cache)
    assert env.get_template("t.j2").render(xs=["c"]) == "[C]"


def test_the_report_templates_go_through_the_cache(cache_home):
    reportkit.report_env.cache_clear()
    try:
        env = reportkit.report_env()
        assert env.bytecode_cache is not None
        env.get_template("compare.html.j2")
        names = {p.name for p in entries(cache_home)}
        assert names, "compare.html.j2 was not written to the cache"
    finally:
        reportkit.report_env.cache_clear()
