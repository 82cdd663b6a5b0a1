"""The `clausewise check` job and its report formats: text, json, junit, github.

Exit status: 0 when no finding is at error level, 1 when one is; input and usage errors
raise ClausewiseError (status 2) before any report is written.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO
from xml.etree import ElementTree as ET

from ...drafts.atomic import write_stream
from ...drafts.errors import ClausewiseError
from ...drafts.outputs import bill_inputs, check_target
from .locate import shown
from .rules import RULES, Finding, check_config, load_subject, run_rules


def _where(f: Finding) -> str:
    if f.file and f.line:
        return f"{f.file}:{f.line}"
    return f.file or "-"


# Each format is written as a stream: rows(findings) gives each finding's text as it comes,
# head and tail the parts around them, which may need the counts (json, junit). A long bill
# has hundreds of thousands of findings; none of them, nor the report, is held whole.


class Counts:
    def __init__(self) -> None:
        self.errors = self.warnings = 0
        self.rules: set[str] = set()

    def add(self, f: Finding) -> None:
        if f.severity == "error":
            self.errors += 1
        else:
            self.warnings += 1
        self.rules.add(f.rule)

    @property
    def findings(self) -> int:
        return self.errors + self.warnings


class TextReport:
    def head(self, name: str, counts: Counts) -> str:
        return ""

    def row(self, f: Finding, first: bool) -> str:
        return f"{_where(f)}: {f.severity}: {f.message} [{f.rule}]\n"

    def tail(self, name: str, counts: Counts) -> str:
        if counts.findings:
            return f"{name}: {counts.errors} error(s), {counts.warnings} warning(s)\n"
        return f"{name}: all checks passed\n"


def _js(value) -> str:
    return json.dumps(value, ensure_ascii=False)


class JsonReport:
    """As json.dumps(report, ensure_ascii=False, indent=2), written a finding at a time."""

    def head(self, name: str, counts: Counts) -> str:
        return (
            f'{{\n  "bill": {_js(name)},\n  "errors": {counts.errors},\n'
            f'  "warnings": {counts.warnings},\n  "findings": ['
        )

    def row(self, f: Finding, first: bool) -> str:
        fields = (
            ("rule", f.rule),
            ("severity", f.severity),
            ("file", f.file),
            ("line", f.line),
            ("label", f.label),
            ("message", f.message),
        )
        body = ",\n".join(f"      {_js(k)}: {_js(v)}" for k, v in fields)
        return ("\n" if first else ",\n") + "    {\n" + body + "\n    }"

    def tail(self, name: str, counts: Counts) -> str:
        return ("\n  ]" if counts.findings else "]") + "\n}\n"


def _gh_escape(value: str, prop: bool = False) -> str:
    # GitHub's workflow-command escaping; properties also escape ':' and ','.
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


class GithubReport:
    def head(self, name: str, counts: Counts) -> str:
        return ""

    def row(self, f: Finding, first: bool) -> str:
        level = "error" if f.severity == "error" else "warning"
        props = [f"title={_gh_escape('clausewise ' + f.rule, True)}"]
        if f.file:
            props.insert(0, f"file={_gh_escape(f.file, True)}")
            if f.line:
                props.insert(1, f"line={f.line}")
        return f"::{level} {','.join(props)}::{_gh_escape(f.message)}\n"

    def tail(self, name: str, counts: Counts) -> str:
        return "" if counts.findings else f"{name}: all checks passed\n"


class JunitReport:
    """One test case per finding (failure if error level), one passing case per clean rule;
    as ElementTree writes the whole tree indented (ET.indent), a case at a time."""

    def head(self, name: str, counts: Counts) -> str:
        suite = ET.Element("testsuite", name=f"clausewise check {name}")
        suite.set("tests", str(counts.findings + sum(r not in counts.rules for r in RULES)))
        suite.set("failures", str(counts.errors))
        suite.set("errors", "0")
        start = ET.tostring(suite, "unicode").removesuffix(" />")
        return '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  ' + start + ">"

    @staticmethod
    def _case(case: ET.Element) -> str:
        ET.indent(case, space="  ", level=2)
        return "\n    " + ET.tostring(case, "unicode")

    def row(self, f: Finding, first: bool) -> str:
        case = ET.Element(
            "testcase",
            classname=f"clausewise.{f.rule}",
            name=f"{_where(f)} {f.label or ''}".strip(),
        )
        if f.severity == "error":
            fail = ET.SubElement(case, "failure", message=f.message, type=f.rule)
            fail.text = f"{_where(f)}: {f.message}"
        else:
            ET.SubElement(case, "system-out").text = f"warning: {_where(f)}: {f.message}"
        return self._case(case)

    def tail(self, name: str, counts: Counts) -> str:
        passing = "".join(
            self._case(ET.Element("testcase", classname=f"clausewise.{rule}", name=purpose))
            for rule, (_, purpose) in RULES.items()
            if rule not in counts.rules
        )
        return passing + "\n  </testsuite>\n</testsuites>\n"


FORMATS = {"text": TextReport, "json": JsonReport, "github": GithubReport, "junit": JunitReport}


def write_report(findings: Iterable[Finding], fmt: str, name: str, out: IO[str]) -> Counts:
    """The report of the findings in format fmt, written to out: the rows go to a spool file
    while they are counted, then head, rows and tail to out."""
    report = FORMATS[fmt]()
    counts = Counts()
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as spool:
        for f in findings:
            spool.write(report.row(f, not counts.findings))
            counts.add(f)
        out.write(report.head(name, counts))
        spool.seek(0)
        shutil.copyfileobj(spool, out, 1 << 20)
        out.write(report.tail(name, counts))
    return counts


def render_report(findings: Iterable[Finding], fmt: str, name: str) -> str:
    """The whole report as one string (for a few findings: tests, small bills)."""
    buf = io.StringIO()
    write_report(findings, fmt, name, buf)
    return buf.getvalue()


def _changed_since(base: str, bill) -> set[str] | None:
    """Labels of the articles (and chapters) changed since REV; None: all are new."""
    from ..review.gitversion import NotAtRevision
    from ..review.redline.lines import owners
    from ..review.versions import diff_documents, load_version

    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            cwd=Path(bill.path).resolve().parent,
            timeout=30,
        )
    except OSError:
        raise ClausewiseError("--base needs git, which is not installed") from None
    if top.returncode != 0:
        raise ClausewiseError("--base needs the bill file to be in a git repository", bill.display)
    rel = Path(bill.path).resolve().relative_to(Path(top.stdout.strip()).resolve())
    cwd = Path(top.stdout.strip())
    try:
        old = load_version(f"{base}:{rel.as_posix()}", cwd)
    except NotAtRevision:
        return None  # the bill file is new since REV: every provision counts as changed
    new = load_version(str(Path(bill.path).resolve()))
    cmp = diff_documents(old.doc, new.doc)
    own = owners(new.doc)
    return {own.get(c.label, c.label) for c in cmp.changes if c.new is not None}


def run_check(
    spec: str | None, fmt: str = "text", base: str | None = None, output: Path | None = None
) -> tuple[str | None, int]:
    """Check the bill and write the report to output, or to standard output (the report is
    then not returned: it is streamed). Returns (None, exit status)."""
    subject, early, bill = load_subject(spec)
    severity = check_config(bill)
    changed = _changed_since(base, bill) if base and bill is not None else None
    name = shown(bill.display) if bill is not None else (spec or "")

    def kept(f: Finding) -> bool:
        # Findings about the whole bill (no label) always stay: they are not about one
        # provision, and a change anywhere may be what caused them.
        return changed is None or f.label is None or f.label in changed

    def findings() -> Iterator[Finding]:
        for f in early:
            if severity.get(f.rule, "error") != "off":
                f.severity = severity[f.rule]
                if kept(f):
                    yield f
        if subject is not None:
            yield from filter(kept, run_rules(subject, severity))

    if output is not None:
        inputs = bill_inputs(bill) | ({Path(spec)} if spec else set())
        target = check_target(output, inputs)
        with write_stream(target) as out:
            counts = write_report(findings(), fmt, name, out)
    else:
        counts = write_report(findings(), fmt, name, _Echo())
    return None, 1 if counts.errors else 0


class _Echo:
    """Standard output as click.echo writes it (which, off a terminal, drops ANSI codes)."""

    def write(self, text: str) -> None:
        import click

        if text:
            click.echo(text, nl=False)
