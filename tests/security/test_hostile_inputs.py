"""Hostile input from a pull request: each attack of issue 13 as a case.

Every refusal is a one-line message naming the file (and line where there is one) with
exit status 2, in well under the time a real attack would take, and nothing is written
outside the output folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import lxml.html
import pytest
from clausewise.cli import main
from click.testing import CliRunner

from tests.helpers import MINI, REPO, copy_default, copy_mini


def cli(*args, cwd: Path | None = None):
    """The CLI in-process, as a user runs it (exceptions go through the root group)."""
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return CliRunner().invoke(main, [str(a) for a in args])
    finally:
        os.chdir(old)


def refused(result, *words: str) -> str:
    """The one-line message of a refusal with status 2 (no traceback)."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    err = result.stderr.strip().splitlines()
    assert err and err[-1].startswith("clausewise: "), result.stderr
    assert "Traceback" not in result.output
    for w in words:
        assert w in result.stderr, (w, result.stderr)
    return err[-1]


# --- YAML: aliases, depth, numbers, characters ------------------------------------------

ALIAS_BOMB = "\n".join(
    [
        'x0: &x0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * 9)}]" for i in range(1, 10)),
    ]
)

YAML_ATTACKS = {
    "alias-bomb": (ALIAS_BOMB + "\n", "aliases"),
    "one-alias": ("a: &t {ja: x, en: y}\nb: *t\n", "aliases"),
    "deep-flow": ("a: " + "[" * 50_000 + "]" * 50_000 + "\n", "nested more than"),
    "deep-block": "".join(" " * i + f"k{i}:\n" for i in range(500)) + " " * 500 + "v\n",
    "huge-int": ("a: " + "7" * 5000 + "\n", "more than 18 digits"),
    "nul-escape": ('a: "x\\0y"\n', "U+0000"),
    "nul-raw": ("a: x\x00y\n", "U+0000"),
    "bell": ('a: "ring\\a"\n', "U+0007"),
    "escape-char": ("a: x\x1b[31my\n", "U+001B"),
    "lone-surrogate": ('a: "\\udc80"\n', "surrogate"),
    "python-tag": ("a: !!python/object/apply:os.system ['touch pwned']\n", "tag"),
    "binary-tag": ("a: !!binary aGk=\n", "tag"),
}


def _attack(name):
    value = YAML_ATTACKS[name]
    return value if isinstance(value, tuple) else (value, "nested more than")


@pytest.mark.parametrize("name", sorted(YAML_ATTACKS))
@pytest.mark.parametrize("where", ["bill", "options", "terms"])
def test_yaml_attacks_in_bill_options_and_terms(tmp_path, monkeypatch, name, where):
    monkeypatch.chdir(tmp_path)
    bill = copy_mini(tmp_path)
    text, word = _attack(name)
    target = {
        "bill": bill,
        "options": bill.parent / "templates" / "mini" / "options.yaml",
        "terms": bill.parent / "templates" / "mini" / "terms.yaml",
    }[where]
    # The attack is appended as more keys: an unknown key is only found after parsing.
    target.write_bytes(target.read_bytes() + b"\n" + text.encode("utf-8", "surrogatepass"))
    started = time.monotonic()
    result = cli("build", bill, "-o", tmp_path / "out", "--format", "json")
    assert time.monotonic() - started < 2
    line = refused(result, word)
    assert target.name in line
    assert not (tmp_path / "out").exists() and not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("name", ["alias-bomb", "deep-flow", "huge-int", "lone-surrogate"])
def test_yaml_attacks_in_a_provision_map(tmp_path, name):
    corpus = tmp_path / "corpus"
    (corpus / "maps").mkdir(parents=True)
    text, word = _attack(name)
    (corpus / "maps" / "evil.yaml").write_text(
        "id: evil\n" + text.replace("a:", "title:", 1), encoding="utf-8", errors="surrogatepass"
    )
    started = time.monotonic()
    result = cli("corpus", "list", "--corpus", corpus)
    assert time.monotonic() - started < 2
    refused(result, "evil.yaml", word)


def test_size_limit_is_configurable(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bill = copy_mini(tmp_path)
    monkeypatch.setenv("CLAUSEWISE_MAX_INPUT", "200")
    refused(cli("build", bill, "--format", "json"), "bill.yaml", "larger than 200 bytes")
    monkeypatch.setenv("CLAUSEWISE_MAX_INPUT", "1M")
    assert cli("build", bill, "--format", "json").exit_code == 0


def test_an_oversized_bill_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bill = copy_mini(tmp_path)
    with bill.open("ab") as fh:
        fh.write(b"# " + b"x" * (11 * 1024 * 1024) + b"\n")
    refused(cli("build", bill, "--format", "json"), "larger than 10,485,760 bytes")


# --- built JSON ------------------------------------------------------------------------


def _built(tmp_path) -> Path:
    bill = copy_mini(tmp_path)
    out = tmp_path / "built"
    assert cli("build", bill, "-o", out, "--format", "json").exit_code == 0
    return out / "mini.json"


def _mutate(path: Path, fn) -> Path:
    data = json.loads(path.read_text(encoding="utf-8"))
    fn(data)
    bad = path.with_name("bad.json")
    bad.write_text(json.dumps(data), encoding="utf-8")
    return bad


JSON_ATTACKS = {
    "title-list": (lambda d: d.update(title=["x"]), "title"),
    "text-number": (lambda d: d["provisions"][0].update(text={"ja": 5}), "text"),
    "children-dict": (lambda d: d["provisions"][0].update(children={"a": 1}), "children"),
    "elements-dicts": (lambda d: d["provisions"][0].update(elements=[{}]), "elements"),
    "kind-unknown": (lambda d: d["provisions"][0].update(kind="evil"), "not a kind"),
    "label-missing": (lambda d: d["provisions"][0].pop("label"), "label"),
    "bill-number": (lambda d: d.update(bill=12), "'bill'"),
    "options-list": (lambda d: d.update(options=[1]), "options"),
    "surrogate": (lambda d: d["provisions"][0].update(label="\udc80"), "surrogate"),
    "nul": (lambda d: d.update(bill="a\x00b"), "U+0000"),
}


@pytest.mark.parametrize("name", sorted(JSON_ATTACKS))
def test_wrongly_typed_built_json(tmp_path, name):
    good = _built(tmp_path)
    fn, word = JSON_ATTACKS[name]
    bad = _mutate(good, fn)
    refused(cli("diff", good, bad, "--format", "json"), "bad.json", word)


@pytest.mark.parametrize(
    "text,word",
    [
        ("[" * 100_000 + "]" * 100_000, "nested"),
        ('{"bill": ' + "9" * 5000 + ', "provisions": []}', "digits"),
        ('{"bill": NaN, "provisions": []}', "NaN"),
        ('{"bill": "x", "provisions": [], "title": {"ja": "\\ud800"}}', "surrogate"),
    ],
)
def test_hostile_json_text(tmp_path, text, word):
    good = _built(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    started = time.monotonic()
    refused(cli("diff", good, bad, "--format", "json"), "bad.json", word)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("bill_id", ["../../escaped", "/tmp/abs-escaped", "..", "a/b\\c"])
def test_bill_id_in_built_json_never_names_a_path(tmp_path, monkeypatch, bill_id):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    good = _built(tmp_path)
    bad = _mutate(good, lambda d: d.update(bill=bill_id))
    result = cli("diff", good, bad, "--format", "html")
    assert result.exit_code == 0, result.output
    written = [p for p in tmp_path.rglob("*.redline.html")]
    assert len(written) == 1 and written[0].parent == work / "build", written
    assert not Path("/tmp/abs-escaped.redline.html").exists()


# --- -o never overwrites an input --------------------------------------------------------


def test_output_never_overwrites_a_bill_template_or_map(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bill = copy_mini(tmp_path)
    tpl = bill.parent / "templates" / "mini" / "commence.j2"
    before = {p: p.read_bytes() for p in (bill, tpl)}
    refused(cli("check", bill, "-o", bill), "refusing")
    refused(cli("check", bill, "-o", tpl), "refusing")
    refused(cli("diff", bill, bill, "--format", "md", "-o", tpl), "refusing")
    refused(cli("diff", bill, bill, "--format", "html", "-o", bill), "refusing")
    (tmp_path / "d").mkdir()
    full = copy_default(tmp_path / "d")
    full_tpl = full.parent.parent / "templates" / "jp-magnitsky" / "purpose.j2"
    kept = {p: p.read_bytes() for p in (full, full_tpl)}
    refused(cli("amend", full, full, "-o", full_tpl), "refusing")
    refused(cli("amend", full, full, "-o", full), "refusing")
    assert {p: p.read_bytes() for p in kept} == kept
    refused(cli("compare", bill, "--format", "md", "-o", tmp_path / "maps" / "x.yaml"), "refusing")
    assert {p: p.read_bytes() for p in before} == before
    # A JSON input is protected too, though .json is also an output suffix.
    built = _built(tmp_path / "j")
    snapshot = built.read_bytes()
    refused(cli("diff", built, bill, "--format", "json", "-o", built), "refusing")
    assert built.read_bytes() == snapshot


# --- maps: source.file, url ------------------------------------------------------------


def _map_corpus(tmp_path, **changes) -> Path:
    corpus = tmp_path / "corpus"
    (corpus / "maps").mkdir(parents=True)
    src = (REPO / "compare" / "corpus" / "maps" / "ca-jvcfoa-regs-2017.yaml").read_text("utf-8")
    for old, new in changes.items():
        src = src.replace(old, new)
    (corpus / "maps" / "evil.yaml").write_text(src.replace("ca-jvcfoa-regs-2017", "evil", 1))
    return corpus


@pytest.mark.parametrize("target", ["../../../../etc/passwd", "/etc/passwd", "..\\x.xml"])
def test_map_source_file_must_stay_in_the_corpus(tmp_path, target):
    corpus = _map_corpus(tmp_path, **{"  file: ca/SOR-2017-233.en.xml": f"  file: '{target}'"})
    refused(cli("corpus", "list", "--corpus", corpus), "evil.yaml", "inside the corpus folder")


def test_map_source_file_through_a_symlink_is_refused(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "maps").mkdir(parents=True)
    (corpus / "ca").symlink_to("/etc")
    src = (REPO / "compare" / "corpus" / "maps" / "ca-jvcfoa-regs-2017.yaml").read_text("utf-8")
    src = src.replace("  file: ca/SOR-2017-233.en.xml", "  file: ca/passwd").replace(
        "format: justice_canada_xml", "format: plain_text"
    )
    (corpus / "maps" / "ca-jvcfoa-regs-2017.yaml").write_text(src, encoding="utf-8")
    result = cli("corpus", "show", "ca-jvcfoa-regs-2017", "--corpus", corpus)
    assert "root:" not in result.output
    assert result.exit_code == 2 or "outside the corpus folder" in result.output


@pytest.mark.parametrize(
    "url", ["javascript:alert(document.cookie)", "data:text/html,<script>x</script>", "file:///x"]
)
def test_map_url_must_be_http(tmp_path, url):
    src = (REPO / "compare" / "corpus" / "maps" / "ca-jvcfoa-regs-2017.yaml").read_text("utf-8")
    old = next(ln for ln in src.splitlines() if ln.startswith("url:"))
    corpus = _map_corpus(tmp_path, **{old: f"url: '{url}'"})
    refused(cli("corpus", "list", "--corpus", corpus), "evil.yaml", "http or https")


def test_compare_html_links_only_http(tmp_path, monkeypatch):
    """Belt and braces behind the map check: the report itself links only http(s)."""
    from clausewise.compare.corpus.maps import web_url
    from clausewise.drafts.mdsafe import md_url

    for bad in ("javascript:alert(1)", " JavaScript:x", "data:x", "vbscript:x", "//evil", ""):
        assert web_url(bad) == "" and md_url(bad) == ""
    assert md_url("https://x.org/a (b)") == "https://x.org/a%20%28b%29"
    monkeypatch.chdir(tmp_path)
    result = cli("compare", "--format", "html", "-o", tmp_path / "c.html")
    assert result.exit_code == 0, result.output
    page = lxml.html.fromstring((tmp_path / "c.html").read_bytes())
    hrefs = [a.get("href") for a in page.iter("a") if a.get("href")]
    assert hrefs and all(h.startswith(("https://", "http://", "#")) for h in hrefs)


# --- Markdown and HTML: hostile strings in every format ------------------------------------

HOSTILE_LINES = ["# heading", "- list", "> quote", "1. ordered", "```", "+ plus", "| a | b |"]


def _hostile_text_bill(tmp_path) -> Path:
    bill = copy_mini(tmp_path)
    tpl = bill.parent / "templates" / "mini" / "commence.j2"
    # `|` starts a new line inside the unit: each hostile string starts a line of its own.
    ja = "施行する。" + "".join(f"\n| {s}" for s in HOSTILE_LINES) + "\n| <script>x</script>"
    en = "In force." + "".join(f"\n| {s}" for s in HOSTILE_LINES)
    tpl.write_text(
        "para\nja: {{ " + repr(ja) + " }}\nen: {{ " + repr(en) + " }}\n", encoding="utf-8"
    )
    return bill


def _md_structure(md: str) -> list[str]:
    """Lines that Markdown would read as block structure, other than the writer's own."""
    import re

    block = re.compile(r"^[ \t\u3000]*([#>+\-]|\d+[.)]|```|~~~)")
    return [ln for ln in md.splitlines() if block.match(ln)]


def test_markdown_bill_escapes_every_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bill = _hostile_text_bill(tmp_path)
    for lang in ("ja", "en", "both"):
        out = tmp_path / lang
        assert cli("build", bill, "-o", out, "--format", "md,html", "--lang", lang).exit_code == 0
        md = (out / "mini.md").read_text(encoding="utf-8")
        own = {ln for ln in _md_structure(md) if ln.startswith(("# ", "## ", "### ", "- "))}
        stray = [ln for ln in _md_structure(md) if ln not in own or "heading" in ln]
        assert not [ln for ln in stray if any(s.split()[0] in ln for s in HOSTILE_LINES)], stray
        for s in HOSTILE_LINES[:4]:
            assert s not in [ln.strip().removesuffix("  ") for ln in md.splitlines()], s
        page = lxml.html.fromstring((out / "mini.html").read_bytes())
        assert not page.xpath("//script")
        if lang != "en":
            assert "<script>x</script>" in page.text_content()


def test_markdown_redline_escapes_every_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plain = copy_mini(tmp_path / "a")
    hostile = _hostile_text_bill(tmp_path / "b")
    result = cli("diff", plain, hostile, "--format", "md")
    assert result.exit_code == 0, result.output
    for s in HOSTILE_LINES[:4]:
        for ln in result.stdout.splitlines():
            assert not ln.lstrip("- ").startswith(s), ln
    result = cli("diff", plain, hostile, "--format", "html", "-o", tmp_path / "r.html")
    assert result.exit_code == 0, result.output
    page = lxml.html.fromstring((tmp_path / "r.html").read_bytes())
    assert not page.xpath("//script") and "<script>x</script>" in page.text_content()


def test_markdown_compare_escapes_line_starts():
    from clausewise.compare.reports.markdown import esc

    for s in HOSTILE_LINES:
        out = esc(s)
        assert not _md_structure(out), out
        assert "|" not in out.replace("\\|", "")


# --- git revisions -----------------------------------------------------------------------


def _git(cwd: Path, *args: str, input: bytes | None = None) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, input=input, capture_output=True, check=True)
    return proc.stdout.decode().strip()


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(MINI, repo)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    return repo


def _mktree(repo: Path, entries: list[str]) -> str:
    return _git(repo, "mktree", input=("\n".join(entries) + "\n").encode())


def test_git_tree_entry_named_dotdot_cannot_write_outside(tmp_path):
    repo = _repo(tmp_path)
    blob = _git(repo, "hash-object", "-w", "--stdin", input=b"pwned\n")
    tree = _mktree(repo, [f"100644 blob {blob}\tpwned.j2"])
    for _ in range(6):
        tree = _mktree(repo, [f"040000 tree {tree}\t.."])
    mini = _git(repo, "rev-parse", "HEAD:templates/mini")
    entries = _git(repo, "ls-tree", mini).splitlines() + [f"040000 tree {tree}\t.."]
    mini = _mktree(repo, entries)
    templates = _mktree(repo, [f"040000 tree {mini}\tmini"])
    bill = _git(repo, "rev-parse", "HEAD:bill.yaml")
    root = _mktree(repo, [f"100644 blob {bill}\tbill.yaml", f"040000 tree {templates}\ttemplates"])
    commit = _git(repo, "commit-tree", root, "-m", "evil", input=None)
    _git(repo, "update-ref", "refs/heads/evil", commit)
    result = cli("diff", "evil:bill.yaml", "bill.yaml", "--format", "json", cwd=repo)
    refused(result, "refused", "outside")
    assert not list(tmp_path.rglob("pwned.j2"))
    assert not list(Path("/tmp").glob("pwned.j2"))


def test_git_symlinked_template_is_refused(tmp_path):
    repo = _repo(tmp_path)
    (repo / ".git" / "config").write_text("[http]\n\textraheader = token c2VjcmV0\n", "utf-8")
    link = repo / "templates" / "mini" / "leak.j2"
    link.symlink_to("../../.git/config")
    tpl = repo / "templates" / "mini" / "commence.j2"
    tpl.write_text('para\nja: {% include "leak.j2" %}\nen: x\n', encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "evil")
    result = cli("diff", "HEAD~1:bill.yaml", "HEAD:bill.yaml", "--format", "md", cwd=repo)
    refused(result, "symbolic link")
    assert "c2VjcmV0" not in result.output
    # The working tree is refused the same way.
    result = cli("check", "bill.yaml", "--base", "HEAD~1", cwd=repo)
    refused(result, "symbolic link")
    assert "c2VjcmV0" not in result.output


# --- `clausewise check` on a hostile branch, as CI runs it --------------------------------

BRANCH_ATTACKS = {
    "template-payload": (
        "templates/mini/commence.j2",
        "para\nja: {{ cycler.__init__.__globals__.os.system('touch ../pwned') }}\nen: x\n",
    ),
    "format-payload": (
        "templates/mini/commence.j2",
        "para\nja: {{ '{0.__class__.__mro__}'.format(ref) }}\nen: x\n",
    ),
    "symlinked-include": (
        "templates/mini/commence.j2",
        'para\nja: {% include "cfg.j2" %}\nen: x\n',
    ),
    "alias-bomb-bill": ("bill.yaml", None),
    "alias-bomb-options": ("templates/mini/options.yaml", None),
    "when-payload": ("bill.yaml", "when"),
}


@pytest.mark.parametrize("name", sorted(BRANCH_ATTACKS))
def test_check_on_a_hostile_branch(tmp_path, name):
    repo = _repo(tmp_path)
    (repo / ".git" / "config").write_text(
        (repo / ".git" / "config").read_text() + "[http]\n\textraheader = token c2VjcmV0\n"
    )
    rel, text = BRANCH_ATTACKS[name]
    target = repo / rel
    if name == "symlinked-include":
        (repo / "templates" / "mini" / "cfg.j2").symlink_to("../../.git/config")
    if text is None:
        text = target.read_text(encoding="utf-8") + "\n" + ALIAS_BOMB + "\n"
    elif text == "when":
        text = target.read_text(encoding="utf-8").replace(
            "\"'freeze' in measures\"",
            "\"cycler.__init__.__globals__.os.system('touch pwned')\"",
        )
    target.write_text(text, encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "hostile")
    out = tmp_path / "out"
    before = {p for p in tmp_path.rglob("*")}
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(out / "home"),
        "XDG_CACHE_HOME": str(out / "cache"),
    }
    exe = Path(__import__("sys").executable).parent / "clausewise"
    started = time.monotonic()
    proc = subprocess.run(
        [str(exe), "check", "bill.yaml", "--base", "main~0", "-o", str(out / "report.txt")],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    elapsed = time.monotonic() - started
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert elapsed < 2 + 1.5, elapsed  # 2 s for the check; the rest is Python starting up
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("clausewise: "), proc.stderr
    assert "c2VjcmV0" not in proc.stderr + proc.stdout
    after = {p for p in tmp_path.rglob("*")}
    outside = [p for p in after - before if not p.is_relative_to(out)]
    assert outside == [], outside
    assert not list(tmp_path.rglob("pwned"))


def test_compare_reports_keep_hostile_map_text_as_text(tmp_path, monkeypatch):
    """A map's heading and summary with markup and line-start markers: text in the HTML,
    escaped in the Markdown."""
    monkeypatch.chdir(tmp_path)
    corpus = tmp_path / "corpus"
    (corpus / "maps").mkdir(parents=True)
    src = (REPO / "compare" / "corpus" / "maps" / "ca-jvcfoa-regs-2017.yaml").read_text("utf-8")
    hostile = "<script>alert(1)</script> | # not a heading"
    src = src.replace("heading: Listed foreign national", f"heading: '{hostile}'")
    (corpus / "maps" / "ca-jvcfoa-regs-2017.yaml").write_text(src, encoding="utf-8")
    out = tmp_path / "out"
    result = cli(
        "compare", "--against", "ca-jvcfoa-regs-2017", "--corpus", corpus,
        "--format", "html,md", "-o", out, "--lang", "en",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    page = lxml.html.fromstring(next(out.glob("*.html")).read_bytes())
    # The report's own filter script is the only script.
    assert not [el for el in page.xpath("//script") if "alert" in (el.text or "")]
    assert "<script>alert(1)</script>" in page.text_content()
    md = next(out.glob("*.md")).read_text(encoding="utf-8")
    assert "<script>" not in md
    assert not [ln for ln in md.splitlines() if ln.startswith("# not a heading")]


def test_a_symlinked_map_is_refused(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "maps").mkdir(parents=True)
    real = tmp_path / "elsewhere.yaml"
    real.write_bytes(
        (REPO / "compare" / "corpus" / "maps" / "ca-jvcfoa-regs-2017.yaml").read_bytes()
    )
    (corpus / "maps" / "ca-jvcfoa-regs-2017.yaml").symlink_to(real)
    refused(cli("corpus", "list", "--corpus", corpus), "symbolic link")


@pytest.mark.parametrize(
    "old,new",
    [
        ("  max: 10", "  max: ten"),
        ("  min: 1", "  min: [1]"),
        ("  choices: [freeze, entry]", "  choices: {freeze: 1}"),
        ("  choices: [freeze, entry]", "  choices: [[freeze], entry]"),
        ("  help: Prison term in years.", "  help: [x]"),
    ],
)
def test_wrongly_typed_options_schema(tmp_path, monkeypatch, old, new):
    monkeypatch.chdir(tmp_path)
    bill = copy_mini(tmp_path)
    schema = bill.parent / "templates" / "mini" / "options.yaml"
    text = schema.read_text(encoding="utf-8")
    assert old in text
    schema.write_text(text.replace(old, new), encoding="utf-8")
    refused(cli("build", bill, "--format", "json"), "options.yaml:")


def test_template_folder_name_too_long(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bill = copy_mini(tmp_path)
    bill.write_text(bill.read_text("utf-8").replace("templates: mini", "templates: " + "m" * 300))
    refused(cli("build", bill, "--format", "json"), "bill.yaml:2")


def test_an_oversized_file_at_a_revision_is_refused_before_it_is_read(tmp_path, monkeypatch):
    repo = _repo(tmp_path)
    big = repo / "templates" / "mini" / "purpose.j2"
    big.write_text(big.read_text("utf-8") + "# " + "x" * 5000 + "\n", encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "big")
    monkeypatch.setenv("CLAUSEWISE_MAX_INPUT", "4K")
    result = cli("diff", "HEAD~1:bill.yaml", "HEAD:bill.yaml", "--format", "json", cwd=repo)
    refused(result, "HEAD:templates/mini/purpose.j2", "larger than 4,096 bytes")
