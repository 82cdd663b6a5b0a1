"""`clausewise corpus`: the reference laws: list them, show one, fetch their texts, import one.

Each command parses its options, calls one library module (view, fetch,
corpus_import) and reports; those are imported inside the commands so that `--help` is fast.
Every ClausewiseError (CorpusError included) becomes "clausewise: <message>" and status 2.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

# What each format expects (shown by `corpus import --help`). Any of the text formats may
# also come as a PDF with a text layer: its text is read, then the format detected.
FORMAT_HELP = {
    "auto": "detect from the extension and the first lines",
    "plain_text": (
        "a statute as plain text: 'Section 5.', 'Sec. 5.', 'Article 3', '5.' or "
        "'5  Heading' (Australia, New Zealand) lines; (1)/(a)/(i)/(A) inside, in any nesting "
        "order (US Code (a)(1)(A)(i) too); PART/CHAPTER/Division groups"
    ),
    "uk_markdown": "legislation.gov.uk SI as legalize-uk Markdown (front matter 'uksi-')",
    "eu_markdown": "EU act as legalize-eu Markdown (front matter country: eu; '#### Article N')",
    "pdf_statute": "UK Act as text of the legislation.gov.uk revised PDF (or that PDF)",
    "eu_text": "the project's partial EU text files with [MISSING] markers",
    "justice_canada_xml": "Justice Canada XML (laws-lois.justice.gc.ca)",
    "clml": "legislation.gov.uk CLML XML",
    "jp_statute": "Japanese statute as text (第一条 …)",
}
IMPORT_FORMATS = tuple(FORMAT_HELP)
_corpus_option = click.option(
    "--corpus",
    "corpus_dir",
    default=None,
    metavar="DIR",
    help="Folder of official texts (default: CLAUSEWISE_CORPUS, then the user cache).",
)


def _fail(exc: Exception) -> None:
    click.echo(f"clausewise: {exc}", err=True)
    sys.exit(getattr(exc, "exit_code", 2))


def _reading(corpus_dir: str | None) -> Path | None:
    from .instruments import find_corpus

    return find_corpus(corpus_dir)


def _writing(corpus_dir: str | None) -> Path:
    """The folder fetch and import write into; created if it is not there yet."""
    from .instruments import cache_dir

    path = Path(corpus_dir or os.environ.get("CLAUSEWISE_CORPUS") or cache_dir())
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from ...drafts.errors import ClausewiseError

        raise ClausewiseError(
            f"cannot create the corpus folder: {exc.strerror}", str(path)
        ) from None
    return path


def _emit_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group()
def corpus() -> None:
    """The reference laws: their provision maps and official texts."""


@corpus.command("list")
@_corpus_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def list_cmd(corpus_dir: str | None, fmt: str) -> None:
    """Every instrument: provision count (map entries) and whether its text is present."""
    from ...drafts.errors import ClausewiseError
    from .view import list_rows, list_text

    try:
        rows = list_rows(_reading(corpus_dir))
    except ClausewiseError as exc:
        _fail(exc)
    if fmt == "json":
        _emit_json(rows)
    else:
        click.echo(list_text(rows), nl=False)


@corpus.command("show")
@click.argument("inst_id", metavar="ID")
@click.argument("citation", required=False)
@_corpus_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def show_cmd(inst_id: str, citation: str | None, corpus_dir: str | None, fmt: str) -> None:
    """Instrument ID with every provision, or only the one CITATION names ("reg. 6")."""
    from ...drafts.errors import ClausewiseError
    from .instruments import load_instrument
    from .view import show_dict, show_text

    try:
        data = show_dict(load_instrument(inst_id, _reading(corpus_dir)), citation)
    except ClausewiseError as exc:
        _fail(exc)
    if fmt == "json":
        _emit_json(data)
    else:
        click.echo(show_text(data), nl=False)


@corpus.command("fetch")
@click.argument("ids", nargs=-1, metavar="[ID]...")
@_corpus_option
@click.option(
    "--mirror",
    default=None,
    metavar="URL",
    envvar="CLAUSEWISE_MIRROR",
    help="Download URL/<corpus path> instead of the official URL (CLAUSEWISE_MIRROR).",
)
@click.option("--force", is_flag=True, help="Download again files that are already there.")
def fetch_cmd(
    ids: tuple[str, ...], corpus_dir: str | None, mirror: str | None, force: bool
) -> None:
    """Download the official texts (all, or those of the IDs) into the corpus folder."""
    from ...drafts.errors import ClausewiseError
    from .fetch import fetch_one, select

    try:
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
    except ClausewiseError as exc:
        _fail(exc)


@corpus.command("import")
@click.argument("file")
@click.option("--id", "inst_id", required=True, help="Instrument id, e.g. us-glomag-2016.")
@click.option("--jurisdiction", required=True, metavar="CODE", help="uk, eu, ca, jp, us, ...")
@click.option("--title", required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(IMPORT_FORMATS),
    default="auto",
    show_default=True,
    help="What the file holds: "
    + "; ".join(f"{name}: {what}" for name, what in FORMAT_HELP.items())
    + ". A .pdf is read through its text layer.",
)
@click.option("--citation", default=None, help="Official citation (default: the title).")
@click.option("--url", default=None, help="Where the official text is published.")
@_corpus_option
@click.option("--force", is_flag=True, help="Replace an existing map (and text file).")
def import_cmd(
    file: str,
    inst_id: str,
    jurisdiction: str,
    title: str,
    fmt: str,
    citation: str | None,
    url: str | None,
    corpus_dir: str | None,
    force: bool,
) -> None:
    """Import FILE as a new reference law: auto-tag it and write its map into the corpus."""
    from ...drafts.errors import ClausewiseError
    from .importing import import_law

    try:
        map_path, text_path, m = import_law(
            file, inst_id, jurisdiction, title, _writing(corpus_dir), fmt, citation, url, force
        )
    except ClausewiseError as exc:
        _fail(exc)
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
