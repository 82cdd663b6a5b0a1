"""Versions of the default bill for the diff, redline and 新旧対照表 tests.

Each version is a copy of the bill file and its clause templates in its own folder,
edited the way an aide would edit it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.helpers import copy_default

NEW_ARTICLE = """\
caption: 年次評価 | Annual Evaluation
elements: oversight.parliament

para label=annual-evaluation-duty
ja: 外務大臣は、毎年、この法律に基づく指定の状況について評価を行い、その結果を公表するものとする。
en: The Minister for Foreign Affairs is to evaluate each year the state of designations
  under this Act and publish the results.
"""

# Three articles whose wording changes: (template, old words, new words).
WORD_CHANGES = (
    ("principles.j2", "公正かつ一貫した基準", "公正、透明かつ一貫した基準"),
    (
        "principles.j2",
        "fair and consistent standards",
        "fair, transparent and consistent standards",
    ),
    ("purpose.j2", "必要な事項を定める", "必要な事項を定め"),
    ("purpose.j2", "by providing for necessary matters", "by laying down necessary matters"),
    ("offence-reporting.j2", "六月以下の拘禁刑", "一年以下の拘禁刑"),
)
CHANGED_ARTICLES = {"principles", "purpose", "offence-reporting"}
REMOVED_ARTICLE = "principles"
INSERTED_AFTER = "designation"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def base(tmp: Path) -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    return copy_default(tmp)


def inserted(tmp: Path) -> Path:
    """An article inserted after 'designation': every later article is renumbered."""
    bill = base(tmp)
    (tmp / "templates" / "jp-magnitsky" / "annual-evaluation.j2").write_text(
        NEW_ARTICLE, encoding="utf-8"
    )
    edit(
        bill,
        "      - {label: designation, template: designation}\n",
        "      - {label: designation, template: designation}\n"
        "      - {label: annual-evaluation, template: annual-evaluation}\n",
    )
    return bill


def words_changed(tmp: Path) -> Path:
    bill = base(tmp)
    for name, old, new in WORD_CHANGES:
        edit(tmp / "templates" / "jp-magnitsky" / name, old, new)
    if "offence-reporting.j2" in {n for n, _, _ in WORD_CHANGES}:
        edit(tmp / "templates" / "jp-magnitsky" / "offence-reporting.j2", "6 months", "1 year")
    return bill


def removed(tmp: Path) -> Path:
    bill = base(tmp)
    edit(bill, "      - {label: principles, template: principles}\n", "")
    return bill


def git(repo: Path, *args: str) -> str:
    env = {
        "GIT_AUTHOR_NAME": "Test Aide",
        "GIT_AUTHOR_EMAIL": "aide@example.org",
        "GIT_COMMITTER_NAME": "Test Aide",
        "GIT_COMMITTER_EMAIL": "aide@example.org",
        "HOME": str(repo),
        "PATH": "/usr/bin:/bin:/usr/local/bin",
    }
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def git_repo(tmp: Path) -> Path:
    """A git repository holding the default bill, with origin/main at its first commit."""
    bill = base(tmp)
    git(tmp, "init", "-q", "-b", "main")
    git(tmp, "config", "user.name", "Test Aide")
    git(tmp, "config", "user.email", "aide@example.org")
    git(tmp, "add", ".")
    git(tmp, "commit", "-q", "-m", "bill")
    git(tmp, "update-ref", "refs/remotes/origin/main", "HEAD")
    return bill


def load_all(root: Path) -> dict:
    """The base bill and its three edited versions, loaded: {"base", "inserted", ...}."""
    from clausewise.compare.review.versions import load_version

    out = {"base": load_version(str(base(root / "base")))}
    for name in ("inserted", "words_changed", "removed"):
        out[name] = load_version(str(globals()[name](root / name)))
    return out
