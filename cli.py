"""The clausewise command line: every click command. Each is small: parse, call the library,
report.

Errors are turned into exit statuses in one place, the root group (`ClausewiseGroup`):
0 success; 1 `check` found errors; 2 bad input or usage (a ClausewiseError, or click's own
usage errors), with one "clausewise: <file>:<line>: <problem>" paragraph on stderr;
3 an internal error (a bug: one line, the traceback only with --debug); 130 interrupted;
141 standard output closed early (a pipe). EXIT_STATUSES is the table the help shows.
A command therefore lets ClausewiseError through rather than catching it.

Heavy libraries (python-docx, lxml, jinja2) are imported inside the commands so that
`clausewise --help` starts fast.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import io
import json
import os
import sys
from pathlib import Path

# A run builds a large tree of small objects and keeps nearly all of them until it exits.
# The cyclic collector's passes over that heap made long bills cost more than n log n.
# Collecting less often (700 allocations is Python's default) keeps the growth down; much
# less often than this lets rendering's cyclic garbage pile up past the memory target. Set
# before the libraries are imported, whose module objects the collector would otherwise
# visit some fifty times on the way in.
gc.set_threshold(10_000, 10, 10)
# At exit the interpreter's last collections visit every object still alive (a compare's
# loaded laws and alignments) only to find them reachable from modules about to be torn
# down: about 2 % of a compare's CPU. Frozen, they are skipped. Registered this early, it
# runs after every exit handler registered later (atexit is last in, first out: weakref
# finalizers, temporary folders); outputs are written and closed before then
# (drafts.outputs), so nothing is left for a collection to finish.
atexit.register(gc.freeze)

import click  # noqa: E402

from . import __version__  # noqa: E402
from .drafts.errors import ClausewiseError  # noqa: E402

EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports a pipe's writer that was cut off

EXIT_STATUSES = (
    ("0", "success (check: no finding at error level)"),
    ("1", "check: findings at error level"),
    ("2", "bad input or usage: the message names the file, line and problem"),
    ("3", "internal error: a bug in clausewise, please report it (--debug: traceback)"),
    ("130", "interrupted (Ctrl-C)"),
    ("141", "standard output closed before the end (clausewise ... | head)"),
)
ENVIRONMENT = (
    (
        "CLAUSEWISE_CORPUS",
        "folder of official texts (else ../shared/corpus beside a checkout, else the user cache)",
    ),
    ("CLAUSEWISE_MIRROR", "corpus fetch: download from this URL instead of the official one"),
    ("CLAUSEWISE_DEBUG", "1: the traceback of an internal error, as --debug"),
    ("SOURCE_DATE_EPOCH", "the date written into Word files and revisions (reproducible builds)"),
    ("XDG_CACHE_HOME", "where the user cache is (default ~/.cache)"),
)

BUILD_FORMATS = ("docx", "html", "md", "json", "egov", "akn")
DIFF_FORMATS = ("docx", "html", "md", "json", "shinkyu")
CHECK_FORMATS = ("text", "json", "junit", "github")
COMPARE_FORMATS = ("html", "docx", "md", "json")
LISTING_FORMATS = ("text", "json")
# What each `corpus import --format` expects (shown in its --help). Any text format may
# also come as a PDF with a text layer: its text is read, then the format detected.
IMPORT_FORMAT_HELP = {
    "auto": "detect from the extension and the first lines",
    "plain_text": "a statute as plain text: 'Section 5.', 'Sec. 5.', '§ 5.', 'Article 3', '5.' "
    "or '5  Heading' (Australia, New Zealand) lines; (1)/(a)/(i)/(A) inside in any nesting "
    "order (US Code (a)(1)(A)(i)(I)(aa) too, '(a)(1)' on one line, '(a) In general' as a "
    "heading); 'x means ...' definitions; PART/CHAPTER/Division groups",
    "uk_markdown": "legislation.gov.uk SI as legalize-uk Markdown (front matter 'uksi-')",
    "eu_markdown": "EU act as legalize-eu Markdown (front matter country: eu; '#### Article N')",
    "pdf_statute": "UK Act as text of the legislation.gov.uk revised PDF (or that PDF)",
    "eu_text": "the project's partial EU text files with [MISSING] markers",
    "justice_canada_xml": "Justice Canada XML (laws-lois.justice.gc.ca)",
    "clml": "legislation.gov.uk CLML XML",
    "jp_statute": "Japanese statute as text (第一条 …)",
    "egov_xml": "e-Gov 法令XML (Japan)",
}
IMPORT_FORMATS = tuple(IMPORT_FORMAT_HELP)


class ClausewiseGroup(click.Group):
    """The root group: the one place where exceptions become messages and exit statuses."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if ctx.parent is None:
            with formatter.section("Exit status"):
                formatter.write_dl(EXIT_STATUSES)
            with formatter.section("Environment"):
                formatter.write_dl(ENVIRONMENT)
        super().format_epilog(ctx, formatter)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ClausewiseError as exc:
            click.echo(f"clausewise: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("clausewise: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            # The reader of standard output went away (`clausewise diff ... | head`): not a
            # bug. Silence the final flush of stdout and exit as a process killed by SIGPIPE.
            with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(EXIT_BROKEN_PIPE)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # usage errors and explicit exits: click reports them (usage errors: 2)
        except Exception as exc:
            if ctx.params.get("debug"):
                import traceback  # only here: a few milliseconds at every start otherwise

                traceback.print_exc(file=sys.stderr)
            message = " ".join(str(exc).split())  # one line, whatever the exception holds
            click.echo(
                f"clausewise: internal error: {type(exc).__name__}: {message} — please report this",
                err=True,
            )
            ctx.exit(EXIT_INTERNAL)


class Command(click.Command):
    """A command whose help ends with sections computed only when help is shown (shipped
    bills, rule ids), so that nothing is imported for them at start-up."""

    def __init__(self, *args, more_help=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.more_help = more_help

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        for title, rows in self.more_help() if self.more_help else ():
            with formatter.section(title):
                formatter.write_dl(rows)
        super().format_epilog(ctx, formatter)


def bill_help() -> list[tuple[str, list[tuple[str, str]]]]:
    from .drafts.billfile import shipped_bills

    return [
        (
            "BILL",
            [
                ("a path", "a bill file (.yaml)"),
                ("a NAME", "./drafts/NAME.yaml, else ./NAME.yaml, else the shipped bill NAME"),
                ("none", "as the NAME jp-magnitsky"),
                ("shipped", ", ".join(shipped_bills())),
            ],
        )
    ]


def check_help() -> list[tuple[str, list[tuple[str, str]]]]:
    from .compare.checks.rules import RULES

    rules = [(rule, f"{severity}: {purpose}") for rule, (severity, purpose) in RULES.items()]
    return [
        *bill_help(),
        ("Rules (severity by default; the bill file's check: severity changes it)", rules),
        ("Exit status", list(EXIT_STATUSES)),
    ]


class Formats(click.ParamType):
    """--format: one format, or (many=True) a comma-separated list; one error style for all."""

    name = "format"

    def __init__(self, choices: tuple[str, ...], many: bool = False) -> None:
        self.choices = choices
        self.many = many

    def get_metavar(self, param, ctx=None) -> str:  # ctx: click >= 8.2
        return "FORMAT,..." if self.many else "FORMAT"

    def convert(self, value, param, ctx):
        if isinstance(value, list):
            return value
        parts = [p.strip() for p in str(value).split(",")] if self.many else [str(value)]
        out: list[str] = []
        for part in parts:
            if part not in self.choices:
                self.fail(f"{part!r} is not a format; choose from {', '.join(self.choices)}")
            if part not in out:
                out.append(part)
        return out if self.many else out[0]


def format_option(choices: tuple[str, ...], default: str, many: bool = False):
    what = "Comma-separated formats, any of" if many else "One of"
    return click.option(
        "--format",
        "fmt",
        type=Formats(choices, many),
        default=default,
        show_default=True,
        help=f"{what}: {', '.join(choices)}.",
    )


corpus_option = click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help="Folder of official texts (default: CLAUSEWISE_CORPUS, then ../shared/corpus beside a "
    "checkout, then the user cache; `clausewise corpus list` says which).",
)


def bill_argument(bill: str | None) -> str | None:
    """BILL as given, or for no BILL or a bare name the file it stands for: ./drafts/<name>.yaml,
    ./<name>.yaml, else the shipped example, which a note on stderr names."""
    from .drafts.billfile import DEFAULT_BILL, is_bare_name, locate_bill

    if bill is not None and not is_bare_name(bill):
        return bill
    where = locate_bill(bill)
    if where.shipped:
        name = bill or DEFAULT_BILL
        click.echo(
            f"note: no ./drafts/{name}.yaml or ./{name}.yaml here: "
            f"using the example shipped with clausewise, {where.path}",
            err=True,
        )
    return str(where.path)


def emit_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(cls=ClausewiseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="clausewise")
@click.option(
    "--debug",
    is_flag=True,
    envvar="CLAUSEWISE_DEBUG",
    help="On an internal error, print the full traceback (CLAUSEWISE_DEBUG=1 does the same).",
)
def main(debug: bool) -> None:
    """Draft bills from clause templates, compare them with reference laws, review changes."""
    gc.set_threshold(10_000, 10, 10)  # again: a caller may have changed it (see the top)


@main.command(cls=Command, more_help=bill_help)
@click.argument("bill", required=False)
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    metavar="DIR",
    help="Folder to write into.",
)
@format_option(BUILD_FORMATS, "docx", many=True)
@click.option(
    "--lang",
    type=click.Choice(["ja", "en", "both"]),
    default="ja",
    show_default=True,
    help="Language of the docx/html/md (both: side by side). JSON always has both.",
)
def build(bill: str | None, out_dir: Path, fmt: list[str], lang: str) -> None:
    """Build BILL into Word, HTML, Markdown or JSON files in the output folder."""
    from .drafts.build import build_outputs

    for path in build_outputs(bill_argument(bill), out_dir, fmt, lang):
        click.echo(str(path))


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
    metavar="PATH",
    help="File to write (shinkyu: FILE.docx and FILE.html, or into a folder). "
    "Without it md/json go to standard output, the others into build/.",
)
@format_option(DIFF_FORMATS, "docx")
@click.option(
    "--author",
    default=None,
    metavar="NAME",
    help="Author of the Word revisions (default: git config user.name, else the login name).",
)
@click.option(
    "--date",
    default=None,
    callback=_iso_date,
    metavar="DATE",
    help="Date of the Word revisions, ISO 8601 (default: SOURCE_DATE_EPOCH or now).",
)
@click.option(
    "--lang",
    type=click.Choice(["ja", "en"]),
    default="ja",
    show_default=True,
    help="Language of the redline.",
)
@click.option(
    "--old-label",
    default=None,
    metavar="LABEL",
    help="The 新旧対照表's old column (default: 現行 for a law in force, 修正前 for a draft; "
    "e.g. 旧案).",
)
@click.option(
    "--renumbering",
    type=click.Choice(["separate", "hide"]),
    default="separate",
    show_default=True,
    help="Word revisions that only renumber: under their own author "
    "('clausewise: renumbering'), or left out of the revisions.",
)
def diff(
    old: str,
    new: str,
    output: str | None,
    fmt: str,
    author: str | None,
    date: str | None,
    lang: str,
    old_label: str | None,
    renumbering: str,
) -> None:
    """Show what changed from OLD to NEW: each a bill file or name, a built JSON file, an
    e-Gov 法令XML file, or REV:PATH from git (e.g. origin/main:drafts/jp-magnitsky.yaml)."""
    from .compare.review.diffjob import run_diff

    paths, data = run_diff(
        bill_argument(old),
        bill_argument(new),
        fmt,
        lang,
        author,
        date,
        output,
        old_label=old_label,
        renumbering=renumbering,
    )
    if data is not None:
        click.echo(data.decode("utf-8"), nl=False)
    for path in paths:
        click.echo(str(path))


@main.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="PATH",
    help="File to write (default: standard output).",
)
@click.option(
    "--lang",
    type=click.Choice(["ja", "en", "both"]),
    default="ja",
    show_default=True,
    help="The 改め文, their English rendering, or both one after the other.",
)
def amend(old: str, new: str, output: str | None, lang: str) -> None:
    """Write the 改め文 (amending provisions) that turn OLD into NEW: each a bill file or
    name, a built JSON file, an e-Gov 法令XML file, or REV:PATH from git."""
    from .compare.review.kaimebun.job import run_amend

    paths, text = run_amend(bill_argument(old), bill_argument(new), lang, output)
    if text is not None:
        click.echo(text, nl=False)
    for path in paths:
        click.echo(str(path))


@main.command(cls=Command, more_help=check_help)
@click.argument("bill", required=False)
@format_option(CHECK_FORMATS, "text")
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
    metavar="FILE",
    help="Write the report to a file instead of standard output.",
)
@click.pass_context
def check(ctx: click.Context, bill: str | None, fmt: str, base: str | None, output: Path | None):
    """Run the checks a draft must pass before it is merged (exit 1 on error findings).

    BILL may also be a built JSON file or REV:PATH from git. Every finding is reported in
    one run, with its rule id, file and line."""
    from .compare.checks.report import run_check

    report, status = run_check(bill_argument(bill), fmt, base, output)
    if report is not None:
        click.echo(report, nl=False)
    ctx.exit(status)


@main.command(cls=Command, more_help=bill_help)
@click.argument("bill", required=False)
@click.option(
    "--against",
    default=None,
    metavar="CODE|ID,...",
    help="Jurisdiction codes (uk, eu, ca, jp) and instrument ids to compare with "
    "(default: all known).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    metavar="PATH",
    help="A file for one format, a folder for several (default: ./build/).",
)
@format_option(COMPARE_FORMATS, "html", many=True)
@click.option(
    "--lang",
    type=click.Choice(["ja", "en"]),
    default="ja",
    show_default=True,
    help="Language of the reports.",
)
@click.option(
    "--by",
    type=click.Choice(["article", "element"]),
    default="article",
    show_default=True,
    help="Rows of the side-by-side table: draft articles or taxonomy elements.",
)
@click.option("--pretty", is_flag=True, help="Indent the JSON report (compact by default).")
@corpus_option
def compare(
    bill: str | None,
    against: str | None,
    output: Path | None,
    fmt: list[str],
    lang: str,
    by: str,
    pretty: bool,
    corpus_dir: Path | None,
) -> None:
    """Line BILL up clause by clause against the reference laws and write the reports."""
    from .compare.report import run_compare, write_reports

    # Every format carries the wording side by side.
    report = run_compare(bill_argument(bill), against, corpus_dir)
    paths = write_reports(report, fmt, output, lang, by, pretty=pretty)
    for note in report["notes"]:
        click.echo(f"note: {note}", err=True)
    for path in paths:
        click.echo(str(path))


# --- clausewise corpus: the reference laws (list, show, fetch, import) -----------------------


def _reading(corpus_dir: Path | None) -> Path | None:
    from .compare.corpus.instruments import find_corpus

    return find_corpus(corpus_dir)


def _writing(corpus_dir: Path | None) -> Path:
    """The folder fetch and import write into; created if it is not there yet."""
    from .compare.corpus.instruments import cache_dir

    path = Path(corpus_dir or os.environ.get("CLAUSEWISE_CORPUS") or cache_dir())
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ClausewiseError(
            f"cannot create the corpus folder: {exc.strerror}", str(path)
        ) from None
    return path


@main.group()
def corpus() -> None:
    """The reference laws: their provision maps and official texts."""


@corpus.command("list")
@corpus_option
@format_option(LISTING_FORMATS, "text")
def corpus_list(corpus_dir: Path | None, fmt: str) -> None:
    """Every instrument: provision count (map entries) and whether its text is present.

    Says on stderr which corpus folder it read, or every place it looked."""
    from .compare.corpus.instruments import locate_corpus
    from .compare.corpus.view import list_rows, list_text

    lookup = locate_corpus(corpus_dir)
    click.echo(lookup.describe(), err=True)
    rows = list_rows(lookup.path)
    if fmt == "json":
        emit_json(rows)
    else:
        click.echo(list_text(rows), nl=False)


@corpus.command("show")
@click.argument("inst_id", metavar="ID")
@click.argument("citation", required=False)
@corpus_option
@format_option(LISTING_FORMATS, "text")
def corpus_show(inst_id: str, citation: str | None, corpus_dir: Path | None, fmt: str) -> None:
    """Instrument ID with every provision, or only the one CITATION names ("reg. 6")."""
    from .compare.corpus.instruments import load_instrument
    from .compare.corpus.view import show_dict, show_text

    data = show_dict(load_instrument(inst_id, _reading(corpus_dir)), citation)
    if fmt == "json":
        emit_json(data)
    else:
        click.echo(show_text(data), nl=False)


@corpus.command("fetch")
@click.argument("ids", nargs=-1, metavar="[ID]...")
@corpus_option
@click.option(
    "--mirror",
    default=None,
    metavar="URL",
    envvar="CLAUSEWISE_MIRROR",
    help="Download URL/<corpus path> instead of the official URL (CLAUSEWISE_MIRROR).",
)
@click.option("--force", is_flag=True, help="Download again files that are already there.")
def corpus_fetch(
    ids: tuple[str, ...], corpus_dir: Path | None, mirror: str | None, force: bool
) -> None:
    """Download the official texts (all, or those of the IDs) into the corpus folder."""
    from .compare.corpus.fetch import fetch_one, select

    sources = select(ids)
    target = _writing(corpus_dir)
    for src in sources:
        with click.progressbar(length=1, label=src.file, file=sys.stderr) as bar:

            def progress(total: int | None, done: int, bar=bar) -> None:
                bar.length = total or max(done, 1)
                bar.update(done - bar.pos)

            got = fetch_one(src, target, mirror, force, progress)
        click.echo(
            f"{got.status}: {got.path} ({got.note})"
            + (f" sha256 {got.sha256}" if got.sha256 else "")
        )


@corpus.command(
    "import",
    epilog="\b\nFormats (--format):\n"
    + "\n".join(f"  {name}: {what}" for name, what in IMPORT_FORMAT_HELP.items())
    + "\nA .pdf is read through its text layer.",
)
@click.argument("file")
@click.option(
    "--id", "inst_id", required=True, metavar="ID", help="Instrument id, e.g. us-glomag-2016."
)
@click.option(
    "--jurisdiction", required=True, metavar="CODE", help="Jurisdiction: uk, eu, ca, jp, us, ..."
)
@click.option("--title", required=True, metavar="TITLE", help="Title of the instrument.")
@format_option(IMPORT_FORMATS, "auto")
@click.option(
    "--citation",
    default=None,
    metavar="CITATION",
    help="Official citation (default: the title).",
)
@click.option("--url", default=None, metavar="URL", help="Where the official text is published.")
@corpus_option
@click.option("--force", is_flag=True, help="Replace an existing map (and text file).")
def corpus_import(
    file: str,
    inst_id: str,
    jurisdiction: str,
    title: str,
    fmt: str,
    citation: str | None,
    url: str | None,
    corpus_dir: Path | None,
    force: bool,
) -> None:
    """Import FILE as a new reference law: auto-tag it and write its map into the corpus."""
    from .compare.corpus.importing import import_law

    map_path, text_path, m = import_law(
        file, inst_id, jurisdiction, title, _writing(corpus_dir), fmt, citation, url, force
    )
    guessed = sum(
        1 for e in m.entries if "threshold" in (e.gap or "") or "placeholder" in (e.gap or "")
    )
    click.echo(f"{text_path}\n{map_path}")
    click.echo(
        f"{len(m.entries)} provisions mapped with auto-tagged elements "
        f"({guessed} below the tagger's threshold), unverified, without summaries; "
        f"review the map, then: clausewise compare --against {m.id}",
        err=True,
    )


if __name__ == "__main__":
    main()
