"""Which options a bill's templates and `when:` conditions read (the option-unused rule's data)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from clausewise.compare.checks.optionuse import options_unread

OPTIONS = {"years", "grounds", "measures", "fine"}


def _bill(tmp_path, templates: dict[str, str], when: str | None = None):
    for name, text in templates.items():
        (tmp_path / f"{name}.j2").write_text(text, encoding="utf-8")
    article = SimpleNamespace(template="main", when=when)
    chapter = SimpleNamespace(articles=[article], when=None)
    return SimpleNamespace(template_dir=tmp_path, chapters=[chapter], supplementary=[], reason=None)


def test_read_in_the_template_in_an_import_and_in_a_when(tmp_path):
    bill = _bill(
        tmp_path,
        {
            "main": '{% import "_macros.j2" as m with context %}\n'
            "ja: {{ years }}年以下の拘禁刑 {{ m.g() }}\n"
            "en: not more than {{ years }} years and a fine\n",
            "_macros": "{% macro g() %}{{ grounds | join(',') }}{% endmacro %}\n",
        },
        when="'freeze' in measures",
    )
    # `fine` appears in the text as a word but is never read as a variable.
    assert options_unread(bill, OPTIONS) == {"fine"}


@pytest.mark.parametrize("access", ["options.years", "options['years']"])
def test_read_through_options(tmp_path, access):
    bill = _bill(tmp_path, {"main": f"ja: {{{{ {access} }}}}\n"})
    assert options_unread(bill, {"years", "fine"}) == {"fine"}


@pytest.mark.parametrize(
    "text",
    [
        "ja: {{ options[key] }}\n",  # a computed key: any option may be read
        "ja: {{ options | length }}\n",  # options as a whole
        "{% import name as m %}\nja: x\n",  # a computed import
        "ja: {{ years \n",  # a template that does not parse
    ],
)
def test_unknowable_reports_nothing(tmp_path, text):
    assert options_unread(_bill(tmp_path, {"main": text}), {"years", "fine"}) is None


def test_a_missing_import_reports_nothing(tmp_path):
    bill = _bill(tmp_path, {"main": '{% include "gone.j2" %}\nja: {{ fine }}\n'})
    assert options_unread(bill, {"years", "fine"}) is None


@pytest.mark.parametrize(
    "corrupt", [b"not json", b'{"names": [1]}', b'{"names": ["a b"]}', b"[]", b'{"x": null}']
)
def test_cached_reads_are_checked_and_a_bad_entry_is_parsed_again(tmp_path, monkeypatch, corrupt):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("CLAUSEWISE_NO_CACHE", raising=False)
    folder = tmp_path / "bill"
    folder.mkdir()
    bill = _bill(folder, {"main": "ja: {{ options.years }} {{ grounds }}\n"})
    assert options_unread(bill, OPTIONS) == {"measures", "fine"}
    entries = list((tmp_path / "cache").rglob("options-read-*.json"))
    assert len(entries) == 1
    assert options_unread(bill, OPTIONS) == {"measures", "fine"}  # read back from the cache
    entries[0].write_bytes(corrupt)
    assert options_unread(bill, OPTIONS) == {"measures", "fine"}
    assert b"years" in entries[0].read_bytes()  # rewritten from the parse


def test_an_edited_template_is_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("CLAUSEWISE_NO_CACHE", raising=False)
    folder = tmp_path / "bill"
    folder.mkdir()
    bill = _bill(folder, {"main": "ja: {{ years }}\n"})
    assert options_unread(bill, {"years", "fine"}) == {"fine"}
    (folder / "main.j2").write_text("ja: {{ fine }}\n", encoding="utf-8")
    assert options_unread(bill, {"years", "fine"}) == {"years"}
