"""Exit statuses and error lines, decided in one place (the root group of cli.py):
0 success, 1 check findings, 2 bad input or usage, 3 internal error, 130 interrupted."""

from __future__ import annotations

import pytest
from clausewise.drafts import build as build_module

from tests.helpers import run_cli


def test_input_error_is_one_line_and_status_2(tmp_path):
    missing = tmp_path / "absent.yaml"
    r = run_cli("build", missing, "-o", tmp_path / "out")
    assert r.exit_code == 2
    assert r.stderr == f"clausewise: {missing}: file not found\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "args, allowed",
    [
        (("build",), "docx, html, md, json, egov, akn"),
        (("compare",), "html, docx, md, json"),
        (("diff", "a", "b"), "docx, html, md, json, shinkyu"),
        (("check",), "text, json, junit, github"),
        (("corpus", "list"), "text, json"),
        (("corpus", "show", "x"), "text, json"),
    ],
)
def test_a_bad_format_gets_the_same_message_from_every_command(args, allowed):
    r = run_cli(*args, "--format", "pdf")
    assert r.exit_code == 2
    assert f"Invalid value for '--format': 'pdf' is not a format; choose from {allowed}\n" in (
        r.stderr
    )


def test_a_list_of_formats_names_the_bad_one():
    r = run_cli("build", "--format", "docx,odt")
    assert r.exit_code == 2
    assert "'odt' is not a format; choose from docx, html, md, json" in r.stderr


def test_usage_error_is_status_2():
    r = run_cli("build", "--no-such-option")
    assert r.exit_code == 2
    assert "No such option" in r.stderr


def _raise(exc):
    def boom(*args, **kwargs):
        raise exc

    return boom


def test_internal_error_is_one_line_and_status_3(monkeypatch, tmp_path):
    monkeypatch.setattr(build_module, "build_outputs", _raise(ValueError("bad\nstate")))
    r = run_cli("build", "-o", tmp_path)
    assert r.exit_code == 3
    assert r.stderr == ("clausewise: internal error: ValueError: bad state — please report this\n")


def test_debug_shows_the_traceback(monkeypatch, tmp_path):
    monkeypatch.delenv("CLAUSEWISE_DEBUG", raising=False)
    monkeypatch.setattr(build_module, "build_outputs", _raise(ValueError("bad")))
    r = run_cli("--debug", "build", "-o", tmp_path)
    assert r.exit_code == 3
    assert "Traceback (most recent call last)" in r.stderr
    assert "raise exc" in r.stderr
    assert r.stderr.endswith("clausewise: internal error: ValueError: bad — please report this\n")


def test_interrupt_is_status_130(monkeypatch, tmp_path):
    monkeypatch.setattr(build_module, "build_outputs", _raise(KeyboardInterrupt()))
    r = run_cli("build", "-o", tmp_path)
    assert r.exit_code == 130
    assert r.stderr == "clausewise: interrupted\n"


def test_check_of_unreadable_yaml_is_an_input_error_not_a_finding(tmp_path):
    bill = tmp_path / "bill.yaml"
    bill.write_text("bill: [unclosed\n", encoding="utf-8")
    r = run_cli("check", bill)
    assert r.exit_code == 2, r.output
    assert r.stderr.startswith(f"clausewise: {bill}:")


def test_a_closed_pipe_is_not_an_internal_error(monkeypatch, tmp_path):
    monkeypatch.setattr(build_module, "build_outputs", _raise(BrokenPipeError()))
    r = run_cli("build", "-o", tmp_path)
    assert r.exit_code == 141
    assert "internal error" not in r.stderr
