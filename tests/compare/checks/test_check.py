"""`clausewise check`: every rule caught on a bill that breaks it, with rule id, file and line."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from clausewise.compare.checks.outdated_terms import outdated_terms, read_outdated_terms
from clausewise.compare.checks.rules import RULES
from clausewise.drafts.errors import ClausewiseError

from tests import bill_versions as bv
from tests.helpers import copy_mini, run_cli

EXTRA = "caption: 追加 | Extra\n\npara\nja: 外務大臣は、報告する。\nen: The Minister reports.\n"
THING = "thing: {ja: 指定物, en: designated thing}\n"
DEFINE_THING = (
    '\npara\nja: この法律において{{ define("thing") }}とは、{{ term("person") }}'
    'の財産をいう。\nen: The term {{ define("thing") }} means property of a '
    '{{ term("person") }}.\n'
)

PENALTY_ENTRY = "      - {label: penalty, template: penalty, when: \"'freeze' in measures\"}\n"

# rule → edits [(file, old, new)], expected file suffix and line
CASES = {
    "ref-unresolved": (
        [("templates/mini/penalty.j2", 'ref("defs")', 'ref("defz")')],
        "penalty.j2",
        5,
    ),
    "ref-circular": (
        [
            ("templates/mini/terms.yaml", "", THING),
            (
                "templates/mini/defs.j2",
                'ref("designate") }}の規定により指定された者',
                'term("thing") }}を有する者',
            ),
            ("templates/mini/defs.j2", "", DEFINE_THING),
        ],
        "defs.j2",
        5,
    ),
    "numbering": (
        [
            ("bill.yaml", "  years: 3\n", "  years: 3\n  measures: [entry]\n"),
            (
                "bill.yaml",
                "when: \"'freeze' in measures\"}\n",
                "when: \"'freeze' in measures\"}\n"
                "      - {label: penalty-2, template: extra, branch: true}\n",
            ),
        ],
        "bill.yaml",
        20,
    ),
    "term-unused": (
        [
            ("templates/mini/terms.yaml", "", THING),
            (
                "templates/mini/defs.j2",
                "",
                DEFINE_THING.replace('{{ term(\\"person\\") }}', "指定者"),
            ),
        ],
        "defs.j2",
        9,
    ),
    "term-undefined": (
        [("templates/mini/purpose.j2", "ja: この法律は、", "ja: この法律は、「特定物」及び")],
        "purpose.j2",
        5,
    ),
    "lang-parity": ([("templates/mini/designate.j2", "en: name\n", "")], "designate.j2", 12),
    "template-leftover": (
        [("templates/mini/penalty.j2", "に処する。", "に処する。{% raw %}{{ fine }}{% endraw %}")],
        "penalty.j2",
        5,
    ),
    "caption-missing": (
        [("templates/mini/designate.j2", "caption: 指定 | Designation\n", "")],
        "designate.j2",
        1,
    ),
    "outdated-term": ([("templates/mini/penalty.j2", "拘禁刑", "懲役")], "penalty.j2", 5),
    "required-elements": (
        [("bill.yaml", "", "check: {required_elements: [review.judicial]}\n")],
        "bill.yaml",
        22,
    ),
    # The article that read `years` is taken out; the option stays (a warning by default).
    "option-unused": (
        [
            ("bill.yaml", PENALTY_ENTRY, ""),
            ("bill.yaml", "", "check: {severity: {option-unused: error}}\n"),
        ],
        "bill.yaml",
        7,
    ),
}


# The 法制執務 form rules of the first bill review (bill-review-1): text an aide writes by hand
# in a template, which the renderer's own helpers (define(scope=), refs(), 同条) would avoid.
PREP = (
    "caption: 準備行為 | Preparatory Acts\n\npara\n"
    "ja: 外務大臣は、この法律の施行前においても、準備行為をすることができる。\n"
    "en: Even before this Act comes into effect, the Minister may carry out preparatory acts.\n"
)
CASES.update(
    {
        "term-scope": (
            [
                (
                    "templates/mini/designate.j2",
                    "外国人を指定する",
                    "外国人（以下この条において「対象者」という。）を指定する",
                ),
                ("templates/mini/purpose.j2", "この法律は、", "この法律は、対象者及び"),
            ],
            "purpose.j2",
            5,
        ),
        "refs-ungrouped": (
            [
                (
                    "templates/mini/purpose.j2",
                    "この法律は、",
                    "この法律は、第三条第一項又は第三条第二項の",
                ),
                (
                    "templates/mini/purpose.j2",
                    "to provide for",
                    "to provide, under Article 3, paragraph (1) or Article 3, paragraph (2), for",
                ),
            ],
            "purpose.j2",
            5,
        ),
        "ref-doujou": (
            [
                (
                    "templates/mini/purpose.j2",
                    "この法律は、",
                    "この法律は、第三条第一項の規定による指定及び第三条第二項の規定による告示並びに",
                ),
                (
                    "templates/mini/purpose.j2",
                    "to provide for",
                    "to provide, under Article 3, paragraphs (1) and (2), for",
                ),
            ],
            "purpose.j2",
            5,
        ),
        "preparation-early": (
            [
                ("templates/mini/prep.j2", "", PREP),
                (
                    "bill.yaml",
                    "  - {label: commencement, template: commence}\n",
                    "  - {label: commencement, template: commence}\n"
                    "  - {label: prep, template: prep}\n",
                ),
            ],
            "prep.j2",
            4,
        ),
    }
)


def test_catch_all_item_not_last_in_a_built_json(tmp_path):
    """catch-all-last: the renderer always moves a 前各号に掲げるもののほか item last, so the
    rule is for text it did not write: a built JSON edited by hand (review finding 22)."""
    bill = copy_mini(tmp_path)
    assert run_cli("check", bill).exit_code == 0
    assert run_cli("build", bill, "-o", tmp_path, "--format", "json").exit_code == 0
    built = tmp_path / "mini.json"
    bv.edit(built, '"ja": "氏名"', '"ja": "前号に掲げるもののほか、氏名"')
    result = run_cli("check", built)
    assert result.exit_code == 1, result.output
    assert "[catch-all-last]" in result.output and "mini.json:" in result.output


def _apply(bill, edits):
    (bill.parent / "templates/mini/extra.j2").write_text(EXTRA, encoding="utf-8")
    for target, old, new in edits:
        path = bill.parent / target
        if old == "":
            with path.open("a", encoding="utf-8") as fh:
                fh.write(new)
        else:
            bv.edit(path, old, new)


def test_every_rule_has_a_case():
    # catch-all-last is tested on a built JSON (test_catch_all_item_not_last_in_a_built_json).
    assert set(CASES) | {"catch-all-last"} == set(RULES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_catches_a_broken_bill(rule, tmp_path):
    edits, file_end, line = CASES[rule]
    bill = copy_mini(tmp_path)
    assert run_cli("check", bill).exit_code == 0
    _apply(bill, edits)
    result = run_cli("check", bill)
    assert result.exit_code == 1, result.output
    hits = [ln for ln in result.output.splitlines() if ln.endswith(f"[{rule}]")]
    assert hits, result.output
    assert any(f"{file_end}:{line}: error:" in h for h in hits), result.output
    data = json.loads(run_cli("check", bill, "--format", "json").output)
    found = [f for f in data["findings"] if f["rule"] == rule]
    assert found and found[0]["file"].endswith(file_end) and found[0]["line"] == line


def test_default_bill_passes():
    result = run_cli("check")
    assert result.exit_code == 0, result.output
    assert "all checks passed" in result.output


def test_numbering_gap_in_a_built_json(tmp_path):
    bill = copy_mini(tmp_path)
    assert run_cli("build", bill, "-o", tmp_path, "--format", "json").exit_code == 0
    built = tmp_path / "mini.json"
    bv.edit(built, '"ja": "第三条"', '"ja": "第五条"')
    result = run_cli("check", built)
    assert result.exit_code == 1
    assert "mini.json:" in result.output and "[numbering]" in result.output


def test_severity_set_in_the_bill_file(tmp_path):
    bill = copy_mini(tmp_path)
    _apply(bill, CASES["outdated-term"][0])
    bv.edit(
        bill,
        "reason: {template: reason}\n",
        "reason: {template: reason}\ncheck:\n  severity: {outdated-term: warning}\n",
    )
    result = run_cli("check", bill)
    assert result.exit_code == 0 and "warning:" in result.output
    assert "[outdated-term]" in result.output
    bv.edit(bill, "outdated-term: warning", "outdated-term: off")
    result = run_cli("check", bill)
    assert result.exit_code == 0 and "outdated-term" not in result.output


@pytest.mark.parametrize(
    "conf, words",
    [
        ("check: {severity: {no-such-rule: error}}\n", "unknown rule 'no-such-rule'"),
        ("check: {severity: {numbering: fatal}}\n", "must be error, warning or off"),
        ("check: {required_elements: [no.such.element]}\n", "not an element"),
        ("check: {colour: red}\n", "unknown key 'colour'"),
    ],
)
def test_bad_check_configuration_is_an_input_error(tmp_path, conf, words):
    bill = copy_mini(tmp_path)
    _apply(bill, [("bill.yaml", "", conf)])
    result = run_cli("check", bill)
    assert result.exit_code == 2 and "bill.yaml:22:" in result.output and words in result.output


def test_output_formats(tmp_path):
    bill = copy_mini(tmp_path)
    _apply(bill, CASES["outdated-term"][0])
    gh = run_cli("check", bill, "--format", "github")
    assert gh.exit_code == 1
    line = next(ln for ln in gh.output.splitlines() if "outdated-term" in ln)
    assert line.startswith("::error file=") and ",line=5," in line and "penalty.j2" in line
    junit = run_cli("check", bill, "--format", "junit", "-o", tmp_path / "report.xml")
    assert junit.exit_code == 1
    suite = ET.parse(tmp_path / "report.xml").getroot().find("testsuite")
    assert suite.get("failures") == "1"
    assert int(suite.get("tests")) == len(RULES)
    failure = suite.find("testcase/failure")
    assert failure.get("type") == "outdated-term"


def test_base_limits_findings_to_changed_provisions(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    bill = bv.git_repo(repo)
    tpl = repo / "templates/jp-magnitsky"
    # An old problem in an article nobody touches, committed to the base ...
    bv.edit(tpl / "principles.j2", "公正かつ一貫した基準", "懲役に関し公正かつ一貫した基準")
    bv.git(repo, "commit", "-qam", "old problem")
    bv.git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    # ... and a new one in the change under review.
    bv.edit(tpl / "purpose.j2", "必要な事項を定める", "禁錮に関し必要な事項を定める")
    monkeypatch.chdir(repo)
    full = run_cli("check", "drafts/jp-magnitsky.yaml")
    assert full.exit_code == 1 and "principles.j2" in full.output and "purpose.j2" in full.output
    limited = run_cli("check", "drafts/jp-magnitsky.yaml", "--base", "origin/main")
    assert limited.exit_code == 1, limited.output
    assert "purpose.j2" in limited.output and "principles.j2" not in limited.output
    assert bill.exists()


# Three errors of three kinds, in three templates: before, the unresolved reference stopped
# the rendering and hid the other two.
THREE_ERRORS = [
    ("templates/mini/penalty.j2", 'ref("defs")', 'ref("defz")'),  # the Japanese line
    ("templates/mini/penalty.j2", 'ref("defs")', 'ref("defz")'),  # and the English
    ("templates/mini/purpose.j2", "必要な事項を定める", "懲役に関し必要な事項を定める"),
    ("templates/mini/designate.j2", "en: name\n", ""),
]


def test_every_finding_in_one_run(tmp_path):
    bill = copy_mini(tmp_path)
    _apply(bill, THREE_ERRORS)
    result = run_cli("check", bill, "--format", "json")
    assert result.exit_code == 1, result.output
    found = {
        (f["rule"], Path(f["file"]).name, f["line"]) for f in json.loads(result.stdout)["findings"]
    }
    assert found == {
        ("ref-unresolved", "penalty.j2", 5),
        ("outdated-term", "purpose.j2", 5),
        ("lang-parity", "designate.j2", 12),
    }
    text = run_cli("check", bill)
    assert text.stdout.endswith("bill.yaml: 3 error(s), 0 warning(s)\n")
    # build still stops at the unresolved reference: a bill with one is not built.
    built = run_cli("build", bill, "-o", tmp_path / "out", "--format", "json")
    assert built.exit_code == 2 and "reference to label 'defz': unknown" in built.stderr
    assert not (tmp_path / "out").exists()


def test_every_unresolved_reference_is_reported(tmp_path):
    bill = copy_mini(tmp_path)
    _apply(
        bill,
        [
            ("templates/mini/penalty.j2", 'ref("defs")', 'ref("defz")'),
            ("templates/mini/designate.j2", 'ref("notice", item=1)', 'ref("notise", item=1)'),
            ("templates/mini/designate.j2", 'ref("designate", para=1)', 'ref("designate", para=7)'),
        ],
    )
    result = run_cli("check", bill, "--format", "json")
    assert result.exit_code == 1, result.output
    refs = sorted(
        (Path(f["file"]).name, f["line"], f["message"])
        for f in json.loads(result.stdout)["findings"]
        if f["rule"] == "ref-unresolved"
    )
    assert [(name, line) for name, line, _ in refs] == [
        ("designate.j2", 8),
        ("designate.j2", 16),
        ("penalty.j2", 5),
    ]
    assert "paragraph 7" in refs[0][2] and "'notise'" in refs[1][2] and "'defz'" in refs[2][2]


def test_an_unused_option_is_a_warning_by_default(tmp_path):
    bill = copy_mini(tmp_path)
    _apply(bill, [("bill.yaml", PENALTY_ENTRY, "")])
    result = run_cli("check", bill)
    assert result.exit_code == 0, result.output
    assert "bill.yaml:7: warning: option 'years' is set, but no article" in result.stdout
    assert "[option-unused]" in result.stdout


def test_an_option_read_only_by_a_when_is_used(tmp_path):
    # measures is read by the penalty article's when: only; setting it is not "unused".
    bill = copy_mini(tmp_path)
    _apply(bill, [("bill.yaml", "  years: 3\n", "  years: 3\n  measures: [freeze, entry]\n")])
    result = run_cli("check", bill)
    assert result.exit_code == 0 and "all checks passed" in result.stdout, result.output


def test_outdated_terms_are_data(tmp_path):
    shipped = {(t.lang, t.word): t.instead for t in outdated_terms()}
    assert shipped[("ja", "懲役")] == "拘禁刑" and shipped[("ja", "大蔵省")] == "財務省"
    bad = tmp_path / "terms.yaml"
    bad.write_text(
        "- {lang: ja, word: 懲役, instead: 拘禁刑, why: merged in 2025}\n"
        "- {lang: fr, word: x, instead: y, why: z}\n",
        encoding="utf-8",
    )
    with pytest.raises(ClausewiseError) as exc:
        read_outdated_terms(bad)
    assert str(exc.value) == f"{bad}:2: lang must be ja or en (got 'fr')"
