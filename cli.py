"""The clausewise command line. Each command is small: parse, call the library, report.

Heavy libraries (python-docx, lxml, jinja2) are imported inside the commands so that
`clausewise --help` starts fast.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import click

from . import __version__
from .compare.corpus.commands import corpus

FORMATS = ("docx", "html", "md", "json")


def _formats(value: str, allowed=FORMATS) -> list[str]:
    out = []
    for part in value.split(","):
        part = part.strip()
        if part not in allowed:
            raise click.BadParameter(f"{part!r} is not a format; choose from {', '.join(allowed)}")
        if part not in out:
            out.append(part)
    return out


def _fail(exc) -> None:
    click.echo(f"clausewise: {exc}", err=True)
    sys.exit(exc.exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="clausewise")
def main() -> None:
    """Draft bills from clause templates, compare them with reference laws, review changes."""
    # A run builds a large tree of small objects and keeps nearly all of them until it exits.
    # The cyclic collector's passes over that heap made long bills cost more than n log n.
    # Collecting less often (700 allocations is Python's default) keeps the growth down; much
    # less often than this lets rendering's cyclic garbage pile up past the memory target.
    gc.set_threshold(10_000, 10, 10)


@main.command()
@click.argument("bill", required=False)
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Folder to write into.",
)
@click.option(
    "--format",
    "fmt",
    default="docx",
    show_default=True,
    help="Comma-separated formats: docx, html, md, json.",
)
@click.option(
    "--lang",
    type=click.Choice(["ja", "en", "both"]),
    default="ja",
    show_default=True,
    help="Language of the docx/html/md (both: side by side). JSON always has both.",
)
def build(bill: str | None, out_dir: Path, fmt: str, lang: str) -> None:
    """Build BILL (a bill file path or shipped name; default jp-magnitsky)."""
    from .drafts.build import build_outputs
    from .drafts.errors import ClausewiseError

    formats = _formats(fmt)
    try:
        for path in build_outputs(bill, out_dir, formats, lang):
            click.echo(str(path))
    except ClausewiseError as exc:
        _fail(exc)


def _iso_date(ctx, param, value):
    if value is None:
        return None
    from datetime import datetime

    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date (2025-06-01T09:00:00Z)") from None
    return value


@main.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    default=None,
    help="File to write (shinkyu: FILE.docx and FILE.html, or into a folder). "
    "Without it md/json go to standard output, the others into build/.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["docx", "html", "md", "json", "shinkyu"]),
    default="docx",
    show_default=True,
)
@click.option(
    "--author",
    default=None,
    help="Author of the Word revisions (default: git config user.name, else the login name).",
)
@click.option(
    "--date",
    default=None,
    callback=_iso_date,
    help="Date of the Word revisions, ISO 8601 (default: SOURCE_DATE_EPOCH or now).",
)
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True)
def diff(
    old: str,
    new: str,
    output: str | None,
    fmt: str,
    author: str | None,
    date: str | None,
    lang: str,
) -> None:
    """Show what changed from OLD to NEW: each a bill file or name, a built JSON file, or
    REV:PATH from git (e.g. origin/main:drafts/jp-magnitsky.yaml)."""
    from .compare.review.diffjob import run_diff
    from .drafts.errors import ClausewiseError

    try:
        paths, data = run_diff(old, new, fmt, lang, author, date, output)
    except ClausewiseError as exc:
        _fail(exc)
    if data is not None:
        click.echo(data.decode("utf-8"), nl=False)
    for path in paths:
        click.echo(str(path))


@main.command()
@click.argument("bill", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "junit", "github"]),
    default="text",
    show_default=True,
)
@click.option(
    "--base",
    default=None,
    metavar="REV",
    help="Report only findings in provisions changed since git revision REV.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the report to a file instead of standard output.",
)
def check(bill: str | None, fmt: str, base: str | None, output: Path | None) -> None:
    """Run the checks a draft must pass before it is merged (exit 1 on error findings)."""
    from .compare.checks.report import run_check
    from .drafts.errors import ClausewiseError

    try:
        report, status = run_check(bill, fmt, base, output)
    except ClausewiseError as exc:
        _fail(exc)
    if report is not None:
        click.echo(report, nl=False)
    sys.exit(status)


main.add_command(corpus)


@main.command()
@click.argument("bill", required=False)
@click.option(
    "--against",
    default=None,
    metavar="uk,eu,ca,jp|ID,...",
    help="Jurisdiction codes and instrument ids to compare with (default: all known).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="A file for one format, a folder for several (default: ./build/).",
)
@click.option(
    "--format",
    "fmt",
    default="html",
    show_default=True,
    help="Comma-separated formats: html, docx, md, json.",
)
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True)
@click.option(
    "--by",
    type=click.Choice(["article", "element"]),
    default="article",
    show_default=True,
    help="Rows of the side-by-side table: draft articles or taxonomy elements.",
)
@click.option(
    "--corpus",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of official texts (default: CLAUSEWISE_CORPUS, then the user cache).",
)
def compare(
    bill: str | None,
    against: str | None,
    output: Path | None,
    fmt: str,
    lang: str,
    by: str,
    corpus: Path | None,
) -> None:
    """Line BILL up clause by clause against the reference laws and write the reports."""
    from .compare.report import run_compare, write_reports
    from .drafts.errors import ClausewiseError

    formats = _formats(fmt)
    try:
        report = run_compare(bill, against, corpus)
        paths = write_reports(report, formats, output, lang, by)
    except ClausewiseError as exc:
        _fail(exc)
    for note in report["notes"]:
        click.echo(f"note: {note}", err=True)
    for path in paths:
        click.echo(str(path))


if __name__ == "__main__":
    main()
