"""The `clausewise check` job and its report formats: text, json, junit, github.

Exit status: 0 when no finding is at error level, 1 when one is; input and usage errors
raise ClausewiseError (status 2) before any report is written.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

from ...drafts.atomic import write_text
from ...drafts.errors import ClausewiseError
from ...drafts.outputs import bill_inputs, check_target
from .locate import shown
from .rules import RULES, Finding, check_config, load_subject, run_rules


def _where(f: Finding) -> str:
    if f.file and f.line:
        return f"{f.file}:{f.line}"
    return f.file or "-"


def as_text(findings: list[Finding], name: str) -> str:
    lines = [f"{_where(f)}: {f.severity}: {f.message} [{f.rule}]" for f in findings]
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    lines.append(
        f"{name}: {errors} error(s), {warnings} warning(s)"
        if findings
        else f"{name}: all checks passed"
    )
    return "\n".join(lines) + "\n"


def as_json(findings: list[Finding], name: str) -> str:
    data = {
        "bill": name,
        "errors": sum(f.severity == "error" for f in findings),
        "warnings": sum(f.severity == "warning" for f in findings),
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity,
                "file": f.file,
                "line": f.line,
                "label": f.label,
                "message": f.message,
            }
            for f in findings
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _gh_escape(value: str, prop: bool = False) -> str:
    # GitHub's workflow-command escaping; properties also escape ':' and ','.
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def as_github(findings: list[Finding], name: str) -> str:
    out = []
    for f in findings:
        level = "error" if f.severity == "error" else "warning"
        props = [f"title={_gh_escape('clausewise ' + f.rule, True)}"]
        if f.file:
            props.insert(0, f"file={_gh_escape(f.file, True)}")
            if f.line:
                props.insert(1, f"line={f.line}")
        out.append(f"::{level} {','.join(props)}::{_gh_escape(f.message)}")
    if not findings:
        out.append(f"{name}: all checks passed")
    return "\n".join(out) + "\n"


def as_junit(findings: list[Finding], name: str) -> str:
    """One test case per finding (failure if error level), one passing case per clean rule."""
    suite = ET.Element("testsuite", name=f"clausewise check {name}")
    failures = 0
    for f in findings:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"clausewise.{f.rule}",
            name=f"{_where(f)} {f.label or ''}".strip(),
        )
        if f.severity == "error":
            failures += 1
            fail = ET.SubElement(case, "failure", message=f.message, type=f.rule)
            fail.text = f"{_where(f)}: {f.message}"
        else:
            ET.SubElement(case, "system-out").text = f"warning: {_where(f)}: {f.message}"
    hit = {f.rule for f in findings}
    for rule, (_, purpose) in RULES.items():
        if rule not in hit:
            ET.SubElement(suite, "testcase", classname=f"clausewise.{rule}", name=purpose)
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


FORMATS = {"text": as_text, "json": as_json, "github": as_github, "junit": as_junit}


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
    subject, early, bill = load_subject(spec)
    severity = check_config(bill)
    findings = [f for f in early if severity.get(f.rule, "error") != "off"]
    for f in findings:
        f.severity = severity[f.rule]
    if subject is not None:
        findings += run_rules(subject, severity)
    if base and bill is not None:
        changed = _changed_since(base, bill)
        if changed is not None:
            # Findings about the whole bill (no label) always stay: they are not about one
            # provision, and a change anywhere may be what caused them.
            findings = [f for f in findings if f.label is None or f.label in changed]
    name = shown(bill.display) if bill is not None else (spec or "")
    report = FORMATS[fmt](findings, name)
    status = 1 if any(f.severity == "error" for f in findings) else 0
    if output is not None:
        inputs = bill_inputs(bill) | ({Path(spec)} if spec else set())
        write_text(check_target(output, inputs), report)
        return None, status
    return report, status
