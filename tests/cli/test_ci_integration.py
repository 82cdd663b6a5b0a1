"""The CI and pre-commit command lines, exactly as the README gives them, run in a checkout."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests import bill_versions as bv
from tests.helpers import REPO

SECTION = "## Reviewing changes: diff, redline, 新旧対照表 and check"


def _section() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert SECTION in text
    return text.split(SECTION, 1)[1].split("\n## ", 1)[0]


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", _section(), re.S)


def _ci_lines() -> list[str]:
    part = _section().split("### In your drafting repository", 1)[1]
    (block,) = re.findall(r"```sh\n(.*?)```", part, re.S)
    return [ln for ln in block.splitlines() if ln.startswith("clausewise ")]


def _run(line: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(
        os.environ,
        BASE="main",
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    return subprocess.run(
        ["bash", "-c", line], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def checkout(tmp_path):
    """A drafting repository whose pull request inserts an article and edits a word."""
    repo = tmp_path / "repo"
    bill = bv.git_repo(repo)
    (repo / "templates/jp-magnitsky/annual-evaluation.j2").write_text(
        bv.NEW_ARTICLE, encoding="utf-8"
    )
    bv.edit(
        bill,
        "      - {label: designation, template: designation}\n",
        "      - {label: designation, template: designation}\n"
        "      - {label: annual-evaluation, template: annual-evaluation}\n",
    )
    bv.edit(repo / "templates/jp-magnitsky/purpose.j2", "必要な事項を定める", "必要な事項を定め")
    return repo


def test_readme_ci_lines_run_in_a_checkout(checkout):
    lines = _ci_lines()
    assert len(lines) == 2 and "check" in lines[0] and "diff" in lines[1]
    for line in lines:
        proc = _run(line, checkout)
        assert proc.returncode == 0, (line, proc.stdout, proc.stderr)
    redline = (checkout / "redline.md").read_text(encoding="utf-8")
    assert "| 追加 | 1 |" in redline and "| 文言変更 | 1 |" in redline and "<ins>" in redline


def test_check_line_fails_the_build_on_a_broken_bill(checkout):
    bv.edit(checkout / "templates/jp-magnitsky/purpose.j2", "必要な事項", "懲役に関し必要な事項")
    proc = _run(_ci_lines()[0], checkout)
    assert proc.returncode == 1
    assert re.search(
        r"^::error file=templates/jp-magnitsky/purpose\.j2,line=\d+,", proc.stdout, re.M
    ), proc.stdout


def test_workflow_runs_the_same_lines():
    workflow = (REPO / ".github/workflows/clausewise.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(workflow)
    runs = [s.get("run", "") for s in data["jobs"]["review"]["steps"]]
    for line in _ci_lines():
        assert line in runs
    assert any("gh pr comment" in r and "redline.md" in r for r in runs)


def test_pre_commit_hook_as_in_the_readme(checkout):
    (config,) = [b for b in _blocks("yaml") if "clausewise-check" in b]
    hook = yaml.safe_load(config)["repos"][0]["hooks"][0]
    assert hook["id"] == "clausewise-check"
    assert re.search(hook["files"], "drafts/jp-magnitsky.yaml")
    assert re.search(hook["files"], "templates/jp-magnitsky/purpose.j2")
    proc = _run(hook["entry"], checkout)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    shipped = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (defn,) = shipped
    assert defn["id"] == hook["id"] and hook["entry"].startswith(defn["entry"])
    assert defn["pass_filenames"] is False and defn["files"] == hook["files"]


@pytest.mark.clients
def test_the_shipped_hook_run_by_pre_commit_fails_on_a_broken_bill(tmp_path_factory):
    """The real pre-commit installs this checkout (language: python: pip, from PyPI) and runs
    the hook in a drafting repository: it fails and names the error, then passes once the
    error is fixed. Before, `clausewise check` without argument checked the shipped bill."""
    repo = tmp_path_factory.mktemp("drafting") / "repo"
    bv.git_repo(repo)
    purpose = repo / "templates/jp-magnitsky/purpose.j2"
    bv.edit(purpose, "必要な事項を定める", "懲役に関し必要な事項を定める")
    bv.git(repo, "add", ".")
    env = dict(
        os.environ,
        PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")),
        # try-repo commits the checkout's uncommitted changes into a shadow copy.
        GIT_AUTHOR_NAME="clausewise tests",
        GIT_AUTHOR_EMAIL="tests@example.org",
        GIT_COMMITTER_NAME="clausewise tests",
        GIT_COMMITTER_EMAIL="tests@example.org",
    )
    env.pop("CLAUSEWISE_CORPUS", None)

    def try_repo() -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                *(sys.executable, "-m", "pre_commit", "try-repo", str(REPO)),
                *("clausewise-check", "--all-files"),
            ],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    failed = try_repo()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert re.search(r"^clausewise check\.+Failed$", failed.stdout, re.M), failed.stdout
    assert re.search(
        r"^templates/jp-magnitsky/purpose\.j2:\d+: error: '懲役' in 第一条: use '拘禁刑'",
        failed.stdout,
        re.M,
    ), failed.stdout
    assert "drafts/jp-magnitsky.yaml: 1 error(s)" in failed.stdout
    bv.edit(purpose, "懲役に関し必要な事項を定める", "必要な事項を定める")
    passed = try_repo()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"^clausewise check\.+Passed$", passed.stdout, re.M), passed.stdout
