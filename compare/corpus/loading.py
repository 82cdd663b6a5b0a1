"""Loading the reference instruments for a comparison, once per process.

Two things make this more than compare.instruments.load_instrument:
- speed: each map and each parsed text is read once per process, and from the user cache
  between runs (yamlcache.py for the maps' YAML, cache.py for the parsed laws);
- robustness: an official text that cannot be imported (a malformed file, a format whose
  importer is not there yet) leaves the instrument with its map only, and a note says so.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ...drafts.errors import ClausewiseError
from .cache import import_text_cached
from .instruments import Instrument, import_text
from .maps import ProvisionMap, load_map, map_paths, shipped_maps


@cache
def _map(path: str, mtime: float) -> ProvisionMap:
    return load_map(Path(path))


def load_map_cached(path: Path) -> ProvisionMap:
    return _map(str(path), path.stat().st_mtime)


def all_maps(corpus: Path | None) -> dict[str, ProvisionMap]:
    return {i: load_map_cached(p) for i, p in map_paths(corpus).items()}


@cache
def _instrument(inst_id: str, path: str, mtime: float, corpus: str | None):
    m = _map(path, mtime)
    if corpus is None:
        return Instrument(m, None, None), None
    try:
        # Parsed once per text and importer version, kept in the user cache (cache.py).
        doc, text_file = import_text_cached(m, Path(corpus))
    except Exception as exc:  # noqa: BLE001 -- any failure to read a text falls back to the map
        return Instrument(m, None, None), f"official text not read ({exc})"
    return Instrument(m, doc, text_file), None


def load_instruments(ids: list[str], corpus: Path | None) -> tuple[list[Instrument], list[str]]:
    """The instruments, in the order given, and notes on texts that could not be read."""
    paths = map_paths(corpus)
    insts, notes = [], []
    for i in ids:
        if i not in paths:
            raise ClausewiseError(f"unknown instrument {i!r}; known: {', '.join(paths)}")
        p = paths[i]
        inst, note = _instrument(i, str(p), p.stat().st_mtime, str(corpus) if corpus else None)
        insts.append(inst)
        if note:
            notes.append(f"{i}: {note}")
    return insts, notes


def resolve_against(spec: str | None, corpus: Path | None) -> list[str]:
    """`--against uk,eu,ca,jp|ID,...` to instrument ids (default: every known instrument).

    Jurisdiction codes expand to their instruments in the maps' order; ids stand for
    themselves; duplicates are dropped. An unknown part is an error that lists both.
    """
    maps = all_maps(corpus)
    if not spec:
        return list(maps)
    jur = {i: m.jurisdiction for i, m in maps.items()}
    out: list[str] = []
    for part in (p.strip() for p in spec.split(",") if p.strip()):
        chosen = [part] if part in maps else [i for i in maps if jur[i] == part]
        if not chosen:
            raise ClausewiseError(
                f"--against: {part!r} is neither a jurisdiction "
                f"({', '.join(sorted(set(jur.values())))}) nor an instrument id "
                f"({', '.join(maps)})"
            )
        out.extend(c for c in chosen if c not in out)
    return out


def shipped_instruments(corpus: Path | None) -> list[Instrument]:
    """The shipped maps with their texts; a corpus folder's own maps are not looked at, so a
    law the aide imported never changes the benches' figures."""
    out = []
    for path in shipped_maps().values():
        m = load_map(path)
        doc, text_file = import_text(m, corpus) if corpus is not None else (None, None)
        out.append(Instrument(m, doc, text_file))
    return out
