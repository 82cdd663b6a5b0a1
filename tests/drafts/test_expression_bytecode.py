"""The `when:` expressions of a bill file, their compiled code kept in the user cache beside
the templates' (drafts.sandbox.compile_expression). An expression read back gives what a
freshly compiled one gives, error for error; a damaged entry is a miss, compiled again and
rewritten; an expression that does not compile is never written."""

from __future__ import annotations

import marshal
import pickle

import jinja2
import pytest
from clausewise.drafts import build, sandbox
from clausewise.drafts.sandbox import bytecode_cache, compile_expression, expression_env

from tests.helpers import log_compiles

EXPRESSIONS = [
    "sunset_years is not none and 'entry_refusal' in measures",
    "'asset_freeze' in measures or 'making_available' in measures",
    "diet_reports != 'none'",
    "victim_support",
    "undeclared_option",  # StrictUndefined: fails when evaluated
    "measures | length > 1",
    "(1).__class__",  # the sandbox refuses it when evaluated
    "1 / (measures | length - 1)",
]
OPTIONS = [
    {"sunset_years": 5, "measures": ["entry_refusal"], "diet_reports": "none"},
    {"sunset_years": None, "measures": ["asset_freeze", "x"], "diet_reports": "annual"},
]


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CLAUSEWISE_NO_CACHE", raising=False)
    return tmp_path / "xdg" / "clausewise" / "jinja-sandbox"


def outcome(expr, options):
    """What the renderer takes from evaluating it: true or false, or the error's type and
    message."""
    try:
        return ("value", bool(expr(**options, victim_support=True, options=options)))
    except Exception as exc:  # noqa: BLE001 -- the error is the outcome compared
        return (type(exc).__name__, str(exc))


def outcomes(make) -> list:
    return [outcome(make(source), options) for source in EXPRESSIONS for options in OPTIONS]


def fresh(source):
    return expression_env().compile_expression(source, undefined_to_none=False)


def cached(compiled: list[str] | None = None):
    env, cache = expression_env(), bytecode_cache()
    if compiled is not None:
        log_compiles(env, compiled, "source")
    return lambda source: compile_expression(env, source, cache)


def entries(cache_home):
    return sorted(p for p in cache_home.iterdir() if p.name.endswith(".cache"))


def test_read_back_an_expression_gives_what_compiling_it_gives(cache_home):
    expected = outcomes(fresh)
    kinds = {kind for kind, _ in expected}
    assert kinds == {"value", "UndefinedError", "SecurityError", "ZeroDivisionError"}
    first: list = []
    assert outcomes(cached(first)) == expected
    assert len(first) == len(EXPRESSIONS)  # each compiled once, then read back
    assert len(entries(cache_home)) == len(EXPRESSIONS)
    again: list = []
    assert outcomes(cached(again)) == expected
    assert again == [], "an expression in the cache was compiled again"


def test_an_expression_that_does_not_compile_fails_alike_and_is_not_written(cache_home):
    for source in ("a b", "1 +", "{{ x }}", "x) %}{% set y = (1"):
        with pytest.raises(jinja2.TemplateSyntaxError) as want:
            fresh(source)
        for _ in range(2):
            with pytest.raises(jinja2.TemplateSyntaxError) as got:
                cached()(source)
            assert str(got.value) == str(want.value)
    assert not cache_home.exists() or entries(cache_home) == []


HEAD = len(jinja2.bccache.bc_magic) + len(pickle.dumps("0" * 40, 2))


@pytest.mark.parametrize(
    "damage",
    [
        lambda good: good[: len(good) // 2],
        lambda good: b"",
        lambda good: good[:HEAD] + b"\xff\x00junk",
        lambda good: good[:HEAD] + marshal.dumps(("not", "code")),
        lambda good: b"not a jinja cache entry at all",
    ],
    ids=["truncated", "empty", "bad-marshal", "not-code", "garbage"],
)
def test_a_damaged_entry_is_a_miss_and_is_rewritten(cache_home, damage):
    source = EXPRESSIONS[0]
    expected = [outcome(fresh(source), o) for o in OPTIONS]
    cached()(source)
    (entry,) = entries(cache_home)
    good = entry.read_bytes()
    entry.write_bytes(damage(good))
    compiled: list = []
    got = [outcome(cached(compiled)(source), o) for o in OPTIONS]
    assert got == expected
    assert compiled, "a damaged entry was used"
    assert entry.read_bytes() == good


def test_no_cache_compiles_every_time(cache_home, monkeypatch):
    monkeypatch.setenv("CLAUSEWISE_NO_CACHE", "1")
    assert bytecode_cache() is None
    assert outcomes(cached()) == outcomes(fresh)
    assert not cache_home.exists()


def test_the_bill_renders_alike_from_a_cold_and_a_warm_cache(cache_home, monkeypatch):
    _, cold = build.build_document("jp-magnitsky")
    compiled: list = []
    original = sandbox._ExpressionSandbox.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(source)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(sandbox._ExpressionSandbox, "compile", counting)
    _, warm = build.build_document("jp-magnitsky")
    assert warm == cold
    assert compiled == [], "the bill's when: expressions were compiled again"
