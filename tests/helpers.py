"""Helpers shared by the tests: run the CLI in-process, convert with LibreOffice, copy bills."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from clausewise.cli import main
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
MINI = DATA / "mini"


def run_cli(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def compare_reports(tmp_path_factory, corpus_dir, formats: str, option: str, values) -> dict:
    """The default bill's comparison reports in `formats`, one folder for each value of
    `option` (e.g. --lang ja, en): value -> folder."""
    out = {}
    for value in values:
        folder = tmp_path_factory.mktemp(value)
        r = run_cli(
            "compare", "--format", formats, option, value, "-o", folder, "--corpus", corpus_dir
        )
        assert r.exit_code == 0, r.output
        out[value] = folder
    return out


def import_us_test_law(tmp_path: Path) -> Path:
    """A corpus folder holding one law imported as an aide would (`corpus import`): the plain
    text fixture as the US "Test Act", us-test-2031."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    r = run_cli(
        "corpus",
        "import",
        REPO / "tests" / "data" / "plain-statute.txt",
        "--id",
        "us-test-2031",
        "--jurisdiction",
        "us",
        "--title",
        "Test Act",
        "--corpus",
        corpus,
    )
    assert r.exit_code == 0, r.output
    return corpus


def copy_mini(tmp_path: Path) -> Path:
    """A writable copy of the small test bill with its templates; returns the bill path."""
    dest = tmp_path / "mini"
    shutil.copytree(MINI, dest)
    return dest / "bill.yaml"


def copy_default(tmp_path: Path) -> Path:
    """A writable copy of the default bill and its clause templates, side by side."""
    (tmp_path / "templates").mkdir()
    shutil.copytree(REPO / "templates" / "jp-magnitsky", tmp_path / "templates" / "jp-magnitsky")
    bill = tmp_path / "drafts" / "jp-magnitsky.yaml"
    bill.parent.mkdir()
    shutil.copy(REPO / "drafts" / "jp-magnitsky.yaml", bill)
    return bill


def to_pdf(soffice: str, docx: Path, out_dir: Path) -> Path:
    """Convert with LibreOffice headless; a separate profile keeps parallel runs apart."""
    profile = out_dir / ".lo-profile"
    proc = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = out_dir / (docx.stem + ".pdf")
    assert proc.returncode == 0 and pdf.exists(), f"LibreOffice failed: {proc.stderr}"
    return pdf


def pdf_text(pdf: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)


CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_render(chromium: str, html: Path, out_dir: Path, size: str = "1280,900"):
    """Render a page in headless Chromium: (DOM after scripts ran, console lines, screenshot).

    Console messages (errors and uncaught exceptions) are read from Chromium's log on stderr.
    """
    url = html.resolve().as_uri()
    png = out_dir / (html.stem + ".png")
    shot = subprocess.run(
        [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={out_dir / '.chr-shot'}",
            "--enable-logging=stderr",
            "--v=0",
            f"--screenshot={png}",
            f"--window-size={size}",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shot.returncode == 0 and png.exists(), shot.stderr[-2000:]
    console = [line for line in shot.stderr.splitlines() if ":CONSOLE" in line]
    dom = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={out_dir / '.chr-dom'}", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    return dom.stdout, console, png


def default_bill_vectors(corpus_dir: Path):
    """The default bill's units and every reference law's, each with its vector over one
    index (returned last): the aligner's inputs made up front, to check its shortcuts
    against."""
    from clausewise.compare import align, textsim
    from clausewise.compare.corpus.loading import load_instruments, resolve_against
    from clausewise.compare.review.versions import load_version

    doc = load_version(None).doc
    instruments, _ = load_instruments(resolve_against(None, corpus_dir), corpus_dir)
    units, refs = align.draft_units(doc), align.references(instruments)
    index = textsim.Index(
        [u.features for u in units if u.level == "article"] + [r.features for r in refs]
    )
    for x in [*units, *refs]:
        x.vector = index.vector(x.features)
    return doc, instruments, units, refs, index


def log_compiles(env, compiled: list, what: str = "name") -> None:
    """Have a Jinja environment append to `compiled` what it compiles (a template's name, or
    the source with what="source") as it compiles it: a cache hit compiles nothing."""
    original = env.compile

    def counting(source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(source if what == "source" else name)
        return original(source, name, filename, raw, defer_init)

    env.compile = counting
