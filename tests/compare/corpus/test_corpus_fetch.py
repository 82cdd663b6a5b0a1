"""`corpus fetch` against a local HTTP server on 127.0.0.1 that serves the corpus files.

The server speaks enough HTTP for the downloader: GET, Range (206 with Content-Range, 416),
ETag and If-Range (a changed file is sent whole), and on request it cuts a response short
once, the way a dropped connection does, so that resuming can be tested. Every request is
recorded.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import re
import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml
from clausewise.compare.corpus import instruments
from clausewise.compare.corpus.fetch import SOURCES_FILE, fetched_source, load_sources
from clausewise.compare.corpus.importers import IMPORTERS
from clausewise.compare.corpus.maps import load_map, shipped_maps

from tests.helpers import DATA, run_cli

ACT_EN = "ca/J-2.3.en.xml"


@dataclass
class Server:
    root: Path
    url: str = ""
    requests: list[tuple[str, str | None]] = field(default_factory=list)
    cut_once: set[str] = field(default_factory=set)  # paths whose next response is cut short


def _handler(state: Server):
    class Handler(http.server.BaseHTTPRequestHandler):
        timeout = 10  # a stuck client cannot hold a thread for long

        def log_message(self, *args) -> None:  # keep the test output quiet
            pass

        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            rel = unquote(urlparse(self.path).path).lstrip("/")
            state.requests.append((rel, self.headers.get("Range")))
            path = (state.root / rel).resolve()
            if not path.is_relative_to(state.root.resolve()) or not path.is_file():
                self.send_error(404)
                return
            data = path.read_bytes()
            etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
            start = 0
            m = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range") or "")
            if_range = self.headers.get("If-Range")
            if m and if_range is not None and if_range != etag:
                m = None  # RFC 9110: the file changed, so the whole of it, with 200
            if m:
                start = int(m[1])
                if start >= len(data):
                    self.send_response(416)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Range", f"bytes */{len(data)}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            else:
                self.send_response(200)
            body = data[start:]
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Type", "application/octet-stream")
            self.end_headers()
            if rel in state.cut_once:
                state.cut_once.discard(rel)
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.wfile.write(body)

    return Handler


@pytest.fixture
def serve() -> Iterator:
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(root: Path) -> Server:
        state = Server(root)
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
        httpd.daemon_threads = True
        servers.append(httpd)
        threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
        return state

    yield start
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(*args: object):
    return run_cli("corpus", "fetch", *args)


# --- the sources ---------------------------------------------------------------------


def test_sources_are_official_and_known() -> None:
    hosts = (
        "https://www.legislation.gov.uk/",
        "https://eur-lex.europa.eu/",
        "https://laws-lois.justice.gc.ca/",
    )
    sources = load_sources()
    assert set(sources) <= set(shipped_maps())
    assert set(shipped_maps()) - set(sources) == {"jp-shu-208-60"}
    for inst, files in sources.items():
        for src in files:
            assert src.url.startswith(hosts), src.url
            assert src.format in IMPORTERS or src.format == "eurlex_html", src.format
            assert src.file.split("/")[0] == load_map(shipped_maps()[inst]).jurisdiction
    # Where the fetched format is the one the map reads, the file is the map's own file.
    for inst in ("ca-jvcfoa-2017", "ca-jvcfoa-regs-2017"):
        src = load_map(shipped_maps()[inst]).source
        assert [s.file for s in sources[inst]] == [src["file"]] + (
            [src["file_fr"]] if "file_fr" in src else []
        )
    assert yaml.safe_load(SOURCES_FILE.read_text())  # data, not code


# --- downloads from the local server ---------------------------------------------------


def test_fetch_canadian_texts(corpus_dir: Path, tmp_path: Path, serve) -> None:
    server = serve(corpus_dir)
    result = fetch(
        "ca-jvcfoa-2017", "ca-jvcfoa-regs-2017", "--corpus", tmp_path, "--mirror", server.url
    )
    assert result.exit_code == 0, result.stderr
    files = ["ca/J-2.3.en.xml", "ca/J-2.3.fr.xml", "ca/SOR-2017-233.en.xml"]
    assert [r for r, _ in server.requests] == files
    manifest = json.loads((tmp_path / "ca" / "manifest.json").read_text())
    for rel in files:
        got = tmp_path / rel
        assert got.read_bytes() == (corpus_dir / rel).read_bytes()
        entry = manifest[got.name]
        assert entry["sha256"] == sha256(corpus_dir / rel)
        assert entry["size"] == got.stat().st_size
        assert entry["url"] == f"{server.url}/{rel}"
        assert entry["format"] == "justice_canada_xml"
        assert f"fetched: {got} (verified:" in result.stdout
    assert not list(tmp_path.rglob("*.part"))

    # The fetched texts are what `corpus list` now finds.
    rows = json.loads(run_cli("corpus", "list", "--corpus", tmp_path, "--format", "json").stdout)
    status = {r["id"]: r["text"] for r in rows}
    assert status["ca-jvcfoa-2017"] == status["ca-jvcfoa-regs-2017"] == "full"
    assert status["uk-ghr-2020"] == "none"

    # A second run finds them there and downloads nothing.
    server.requests.clear()
    again = fetch("ca-jvcfoa-2017", "--corpus", tmp_path, "--mirror", server.url)
    assert again.exit_code == 0 and server.requests == []
    assert "present:" in again.stdout


def test_part_file_without_validators_is_not_resumed(
    corpus_dir: Path, tmp_path: Path, serve
) -> None:
    """A .part with no record of which version of the file it began (ETag or Last-Modified)
    may be of another version: appending the new one's tail would store half of each."""
    server = serve(corpus_dir)
    source = (corpus_dir / ACT_EN).read_bytes()
    part = tmp_path / (ACT_EN + ".part")
    part.parent.mkdir(parents=True)
    part.write_bytes(b"OLD VERSION " * 1000)
    result = fetch("ca-jvcfoa-2017", "--corpus", tmp_path, "--mirror", server.url)
    assert result.exit_code == 0, result.stderr
    assert (ACT_EN, None) in server.requests
    assert not any(rng for path, rng in server.requests if path == ACT_EN)
    assert (tmp_path / ACT_EN).read_bytes() == source
    assert not part.exists()


def test_interrupted_download_resumes(corpus_dir: Path, tmp_path: Path, serve) -> None:
    server = serve(corpus_dir)
    server.cut_once.add(ACT_EN)
    first = fetch("ca-jvcfoa-2017", "--corpus", tmp_path, "--mirror", server.url)
    assert first.exit_code == 2
    # The last line of stderr is the message (the progress bar's label comes before it).
    assert first.stderr.splitlines()[-1].startswith("clausewise: download of ")
    assert "run the command again to resume" in first.stderr
    part = tmp_path / (ACT_EN + ".part")
    size = (corpus_dir / ACT_EN).stat().st_size
    assert 0 < part.stat().st_size < size
    assert not (tmp_path / ACT_EN).exists()

    second = fetch("ca-jvcfoa-2017", "--corpus", tmp_path, "--mirror", server.url)
    assert second.exit_code == 0, second.stderr
    assert server.requests[-2] == (ACT_EN, f"bytes={size // 2}-")
    assert (tmp_path / ACT_EN).read_bytes() == (corpus_dir / ACT_EN).read_bytes()
    assert not part.exists()


def test_part_file_that_is_already_whole(corpus_dir: Path, tmp_path: Path, serve) -> None:
    server = serve(corpus_dir)
    part = tmp_path / "ca" / "SOR-2017-233.en.xml.part"
    part.parent.mkdir(parents=True)
    shutil.copy(corpus_dir / "ca" / "SOR-2017-233.en.xml", part)
    result = fetch("ca-jvcfoa-regs-2017", "--corpus", tmp_path, "--mirror", server.url)
    assert result.exit_code == 0, result.stderr  # the server answered 416: nothing left
    assert sha256(tmp_path / "ca" / "SOR-2017-233.en.xml") == sha256(part.with_suffix(""))


def test_uk_clml_from_legislation_gov_uk_layout(tmp_path: Path, serve) -> None:
    root = tmp_path / "mirror"
    (root / "uk").mkdir(parents=True)
    # The sample is an imaginary law; given the identifiers sources.yaml expects of SI 2020/680.
    sample = (DATA / "clml-sample.xml").read_text(encoding="utf-8")
    sample = (
        sample.replace(
            "The Imaginary Lanterns (Sanctions) Regulations 2099",
            "The Global Human Rights Sanctions Regulations 2020",
        )
        .replace('Year Value="2099"', 'Year Value="2020"')
        .replace('Number Value="9999"', 'Number Value="680"')
    )
    (root / "uk" / "uksi-2020-680.xml").write_text(sample, encoding="utf-8")
    server = serve(root)
    result = fetch("uk-ghr-2020", "--corpus", tmp_path / "c", "--mirror", server.url)
    assert result.exit_code == 0, result.stderr
    assert "provisions read as clml" in result.stdout
    assert fetched_source("uk-ghr-2020", tmp_path / "c") == (
        tmp_path / "c" / "uk" / "uksi-2020-680.xml",
        "clml",
    )
    assert fetched_source("uk-gac-2021", tmp_path / "c") is None


def test_mirror_from_the_environment_and_default_cache(
    corpus_dir: Path, tmp_path: Path, serve, monkeypatch
) -> None:
    server = serve(corpus_dir)
    monkeypatch.setenv("CLAUSEWISE_MIRROR", server.url)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("CLAUSEWISE_CORPUS", raising=False)
    # Not run from a checkout: the user cache is where list reads.
    monkeypatch.setattr(instruments, "CHECKOUT_CORPUS", None)
    result = fetch("ca-jvcfoa-regs-2017")
    assert result.exit_code == 0, result.stderr
    cached = tmp_path / "cache" / "clausewise" / "corpus" / "ca" / "SOR-2017-233.en.xml"
    assert cached.read_bytes() == (corpus_dir / "ca" / "SOR-2017-233.en.xml").read_bytes()
    listed = run_cli("corpus", "list", "--format", "json")
    assert listed.stderr == f"corpus: {tmp_path / 'cache' / 'clausewise' / 'corpus'} (user cache)\n"
    rows = json.loads(listed.stdout)
    assert {r["id"]: r["text"] for r in rows}["ca-jvcfoa-regs-2017"] == "full"
    forced = fetch("ca-jvcfoa-regs-2017", "--force")
    assert forced.exit_code == 0 and "fetched:" in forced.stdout


# --- failures: a clear message, status 2, nothing half-written -------------------------


def test_not_found_on_the_server(tmp_path: Path, serve) -> None:
    server = serve(tmp_path / "empty")
    result = fetch("ca-jvcfoa-regs-2017", "--corpus", tmp_path / "c", "--mirror", server.url)
    assert result.exit_code == 2
    assert f"cannot download {server.url}/ca/SOR-2017-233.en.xml: HTTP 404" in result.stderr
    assert not list((tmp_path / "c").rglob("*.xml*"))


def test_unreadable_download_is_removed(tmp_path: Path, serve) -> None:
    root = tmp_path / "mirror"
    (root / "ca").mkdir(parents=True)
    (root / "ca" / "SOR-2017-233.en.xml").write_bytes(b"<html><body>Maintenance</body>")
    server = serve(root)
    result = fetch("ca-jvcfoa-regs-2017", "--corpus", tmp_path / "c", "--mirror", server.url)
    assert result.exit_code == 2
    assert "did not give a readable justice_canada_xml file" in result.stderr
    assert not list((tmp_path / "c").rglob("*.xml*"))


def test_server_unreachable(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port that was free a moment ago and has no listener
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = fetch(
        "ca-jvcfoa-regs-2017", "--corpus", tmp_path, "--mirror", f"http://127.0.0.1:{port}"
    )
    assert result.exit_code == 2
    last = result.stderr.splitlines()[-1]
    assert last.startswith("clausewise: cannot download http://127.0.0.1:")
    assert not list(tmp_path.rglob("*.xml*"))


def test_unknown_and_unfetchable_ids(tmp_path: Path) -> None:
    result = fetch("xx-none", "--corpus", tmp_path)
    assert result.exit_code == 2 and "unknown instrument 'xx-none'" in result.stderr
    result = fetch("jp-shu-208-60", "--corpus", tmp_path)
    assert result.exit_code == 2 and "no official download is known" in result.stderr
