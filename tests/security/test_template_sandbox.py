"""A clause template or `when:` expression from a pull request cannot run code or read files.

Each known Jinja2 escape is rendered through `clausewise build` and must end in a refusal
naming the template, exit 2, with nothing written and no command run.
"""

from __future__ import annotations

import os

import pytest
from clausewise.cli import main
from click.testing import CliRunner

from tests.helpers import copy_mini

MARKER = "clausewise-pwned"

# Each payload would run `touch MARKER` (or read a secret) in an unsandboxed environment.
PAYLOADS = {
    "cycler-globals": "{{ cycler.__init__.__globals__.os.system('touch MARK') }}",
    "joiner-globals": "{{ joiner.__init__.__globals__.os.popen('touch MARK').read() }}",
    "lipsum-globals": "{{ lipsum.__globals__['os'].system('touch MARK') }}",
    "namespace-globals": "{{ namespace.__init__.__globals__.os.system('touch MARK') }}",
    "self-module": "{{ self._TemplateReference__context.cycler.__init__.__globals__.os"
    ".system('touch MARK') }}",
    "mro-subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}{{ 'MARK' }}",
    "attr-filter": "{{ ''|attr('__class__')|attr('__mro__') }}{{ 'MARK' }}",
    "attr-filter-globals": "{{ (cycler|attr('__init__')|attr('__globals__'))['os']"
    ".system('touch MARK') }}",
    "format-escape": "{{ '{0.__class__.__mro__}'.format('') }}{{ 'MARK' }}",
    "format-map": "{{ '{0.__globals__}'.format_map({'0': ref}) }}{{ 'MARK' }}",
    "helper-globals": "{{ ref.__globals__['os'].system('touch MARK') }}",
    "request-config": "{{ config.__class__.__init__.__globals__['os'].system('touch MARK') }}",
    "mutate-list": "{% set x = [] %}{{ x.append('MARK') }}",
    "huge-repeat": "{{ 'x' * 100000000000 }}{{ 'MARK' }}",
    "huge-power": "{{ 10 ** 100000000 }}{{ 'MARK' }}",
    "recursive-macro": "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}{{ 'MARK' }}",
}


def _hostile_bill(tmp_path, template_text: str):
    bill = copy_mini(tmp_path)
    tpl = bill.parent / "templates" / "mini" / "commence.j2"
    tpl.write_text(f"para\nja: {template_text}\nen: x\n", encoding="utf-8")
    return bill


def _build(bill, out):
    return CliRunner().invoke(main, ["build", str(bill), "-o", str(out), "--format", "json"])


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_escape_payload_in_template_is_refused(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    bill = _hostile_bill(tmp_path, PAYLOADS[name].replace("MARK", MARKER))
    result = _build(bill, tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "commence.j2" in result.output
    assert not (tmp_path / MARKER).exists()
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "expr",
    [
        "cycler.__init__.__globals__.os.system('touch MARK')",
        "ref('x') or True",
        "lipsum(1000) and 'MARK'",
        "''.__class__.__mro__[1].__subclasses__()",
        "measures.__class__.__base__.__subclasses__()",
        "(measures|attr('__class__')) and 'MARK'",
        "'{0.__class__}'.format(measures) and 'MARK'",
    ],
)
def test_when_is_a_sandboxed_expression_over_options(tmp_path, monkeypatch, expr):
    monkeypatch.chdir(tmp_path)
    bill = copy_mini(tmp_path)
    text = bill.read_text(encoding="utf-8")
    bill.write_text(
        text.replace(
            "\"'freeze' in measures\"", repr(expr.replace("MARK", MARKER)).replace("\\'", "''")
        ),
        encoding="utf-8",
    )
    result = _build(bill, tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert "when" in result.output and "bill.yaml" in result.output
    assert not (tmp_path / MARKER).exists()


def test_include_of_a_symlink_to_git_config_is_refused(tmp_path):
    secret = tmp_path / ".git" / "config"
    secret.parent.mkdir()
    secret.write_text("[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n")
    bill = _hostile_bill(tmp_path, '{% include "leak.j2" %}')
    os.symlink(secret, bill.parent / "templates" / "mini" / "leak.j2")
    result = _build(bill, tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert "symbolic link" in result.output
    assert "c2VjcmV0" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_template_file_that_is_a_symlink_is_refused(tmp_path):
    bill = copy_mini(tmp_path)
    folder = bill.parent / "templates" / "mini"
    outside = tmp_path / "elsewhere.j2"
    outside.write_text("para\nja: 外\nen: out\n", encoding="utf-8")
    (folder / "commence.j2").unlink()
    os.symlink(outside, folder / "commence.j2")
    result = _build(bill, tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert "symbolic link" in result.output


def test_a_symlinked_folder_inside_the_templates_is_refused(tmp_path):
    bill = _hostile_bill(tmp_path, '{% include "sub/x.j2" %}')
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "x.j2").write_text("secret-text", encoding="utf-8")
    os.symlink(tmp_path / "real", bill.parent / "templates" / "mini" / "sub")
    result = _build(bill, tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert "symbolic link" in result.output and "secret-text" not in result.output


@pytest.mark.parametrize(
    "tag",
    [
        '{% include "../../x.j2" %}',
        '{% include "/etc/passwd" %}',
        '{% import "../outside.j2" as m %}',
        '{% from "./../outside.j2" import f %}',
        '{% extends "../../../x.j2" %}',
    ],
)
def test_include_outside_the_template_folder_is_refused(tmp_path, tag):
    bill = _hostile_bill(tmp_path, tag)
    (tmp_path / "x.j2").write_text("secret-text", encoding="utf-8")
    (bill.parent / "templates" / "outside.j2").write_text("secret-text", encoding="utf-8")
    result = _build(bill, tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert "refused" in result.output and "secret-text" not in result.output


def test_article_template_name_cannot_climb_out(tmp_path):
    bill = copy_mini(tmp_path)
    (tmp_path / "evil.j2").write_text("para\nja: 外\nen: out\n", encoding="utf-8")
    text = bill.read_text(encoding="utf-8")
    bill.write_text(text.replace("template: commence", "template: ../../../evil"), "utf-8")
    result = _build(bill, tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert "bill.yaml" in result.output


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\ue000", "\ud800"])
def test_forbidden_characters_in_a_template(tmp_path, char):
    bill = copy_mini(tmp_path)
    tpl = bill.parent / "templates" / "mini" / "commence.j2"
    tpl.write_bytes(f"para\nja: a{char}b\nen: x\n".encode("utf-8", "surrogatepass"))
    result = _build(bill, tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert "commence.j2:2" in result.output


@pytest.mark.parametrize("name", ["terms.yaml", "options.yaml"])
def test_a_symlinked_terms_or_options_file_is_refused(tmp_path, name):
    bill = copy_mini(tmp_path)
    folder = bill.parent / "templates" / "mini"
    secret = tmp_path / "secret.yaml"
    secret.write_bytes((folder / name).read_bytes())
    (folder / name).unlink()
    os.symlink(secret, folder / name)
    result = _build(bill, tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert name in result.output and "symbolic link" in result.output


def test_a_bill_file_that_is_a_fifo_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "bill.yaml"
    os.mkfifo(fifo)
    result = _build(fifo, tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert "not a regular file" in result.output
