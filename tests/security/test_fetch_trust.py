"""`corpus fetch` downloads only what it can trust: https (http to loopback for tests), a
size cap and a deadline, the law it expects, a resume only against the same upstream file,
and a .part file that is never written through a link. Against servers on 127.0.0.1."""

from __future__ import annotations

import http.server
import json
import os
import threading
import time
from pathlib import Path

import pytest
from clausewise.compare.corpus.fetch import FetchError, check_url

from tests.compare.corpus.test_corpus_fetch import ACT_EN, serve  # noqa: F401 (the fixture)
from tests.helpers import run_cli

REGS = "ca/SOR-2017-233.en.xml"


def fetch(*args: object):
    return run_cli("corpus", "fetch", *args)


@pytest.mark.parametrize(
    "mirror",
    [
        "file:///etc",
        "ftp://127.0.0.1/corpus",
        "data:text/plain,hello",
        "http://example.org/corpus",
        "http://10.0.0.1/corpus",
        "gopher://127.0.0.1/x",
        "//127.0.0.1/x",
    ],
)
def test_only_https_or_loopback_http(tmp_path: Path, mirror: str) -> None:
    result = fetch("ca-jvcfoa-regs-2017", "--corpus", tmp_path, "--mirror", mirror)
    assert result.exit_code == 2
    assert "only https addresses" in result.stderr
    assert not list(tmp_path.rglob("*.xml*"))


def test_check_url_allows_https_and_loopback_http() -> None:
    assert check_url("https://laws-lois.justice.gc.ca/eng/XML/J-2.3.xml")
    assert check_url("http://127.0.0.1:8000/ca/x.xml")
    assert check_url("http://[::1]:8000/ca/x.xml")
    with pytest.raises(FetchError):
        check_url("http://laws-lois.justice.gc.ca/eng/XML/J-2.3.xml")


def _one_shot_server(handler_cls) -> tuple[http.server.ThreadingHTTPServer, str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_cls)
    httpd.daemon_threads = True
    threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


class _Quiet(http.server.BaseHTTPRequestHandler):
    timeout = 10

    def log_message(self, *args) -> None:
        pass


@pytest.mark.parametrize("target", ["file:///etc/passwd", "http://example.org/x.xml"])
def test_redirect_to_an_untrusted_address_is_refused(tmp_path: Path, target: str) -> None:
    class Redirect(_Quiet):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()

    httpd, url = _one_shot_server(Redirect)
    try:
        result = fetch("ca-jvcfoa-regs-2017", "--corpus", tmp_path, "--mirror", url)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert result.exit_code == 2
    assert target in result.stderr
    assert "only https" in result.stderr or "is not allowed" in result.stderr
    assert not list(tmp_path.rglob("*.xml*"))


def test_size_cap(corpus_dir: Path, tmp_path: Path, serve, monkeypatch) -> None:  # noqa: F811
    monkeypatch.setenv("CLAUSEWISE_MAX_INPUT", "20K")
    server = serve(corpus_dir)
    result = fetch("ca-jvcfoa-regs-2017", "--corpus", tmp_path, "--mirror", server.url)
    assert result.exit_code == 2
    assert "more than the 20,480" in result.stderr
    assert not list(tmp_path.rglob("*.xml*"))


def test_size_cap_without_a_length(tmp_path: Path, monkeypatch) -> None:
    """A server that announces no length is cut off at the cap, not read to the end."""
    monkeypatch.setenv("CLAUSEWISE_MAX_INPUT", "64K")

    class Endless(_Quiet):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.end_headers()
            try:
                for _ in range(10_000):
                    self.wfile.write(b"x" * 8192)
            except OSError:
                pass

    httpd, url = _one_shot_server(Endless)
    try:
        result = fetch("ca-jvcfoa-regs-2017", "--corpus", tmp_path, "--mirror", url)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert result.exit_code == 2
    assert "more than the 65,536 bytes allowed" in result.stderr
    assert not list(tmp_path.rglob("*.xml*"))


def test_overall_deadline(tmp_path: Path, monkeypatch) -> None:
    """A server trickling a byte at a time never trips the per-read timeout; the deadline
    for the whole file stops it."""
    monkeypatch.setenv("CLAUSEWISE_FETCH_DEADLINE", "1")

    class Trickle(_Quiet):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"<")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass

    httpd, url = _one_shot_server(Trickle)
    started = time.monotonic()
    try:
        result = fetch("ca-jvcfoa-regs-2017", "--corpus", tmp_path, "--mirror", url)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert result.exit_code == 2
    assert "took longer than 1 s" in result.stderr
    assert time.monotonic() - started < 4
    assert not (tmp_path / REGS).exists()


def test_another_law_under_a_known_id_is_refused(corpus_dir: Path, tmp_path: Path, serve) -> None:  # noqa: F811
    """The Regulations served where the Act should be: well-formed, readable, and wrong."""
    root = tmp_path / "mirror"
    (root / "ca").mkdir(parents=True)
    for name in ("J-2.3.en.xml", "J-2.3.fr.xml"):
        (root / "ca" / name).write_bytes((corpus_dir / REGS).read_bytes())
    server = serve(root)
    result = fetch("ca-jvcfoa-2017", "--corpus", tmp_path / "c", "--mirror", server.url)
    assert result.exit_code == 2
    assert "this is not the text of ca-jvcfoa-2017" in result.stderr
    assert "J-2.3</ConsolidatedNumber>" in result.stderr
    assert not list((tmp_path / "c").rglob("*.xml*"))


def test_pinned_sha256_is_checked(corpus_dir: Path, tmp_path: Path, serve, monkeypatch) -> None:  # noqa: F811
    from clausewise.compare.corpus import fetch as fetch_mod

    real = fetch_mod.load_sources()
    pinned = {
        k: [type(s)(**{**s.__dict__, "sha256": "0" * 64}) for s in v] for k, v in real.items()
    }
    monkeypatch.setattr(fetch_mod, "load_sources", lambda: pinned)
    server = serve(corpus_dir)
    result = fetch("ca-jvcfoa-regs-2017", "--corpus", tmp_path, "--mirror", server.url)
    assert result.exit_code == 2
    assert "sha256 is not the one sources.yaml pins" in result.stderr
    assert not list(tmp_path.rglob("*.xml*"))


def test_resume_after_the_upstream_file_changed_restarts(
    corpus_dir: Path,
    tmp_path: Path,
    serve,  # noqa: F811
) -> None:
    root = tmp_path / "mirror"
    (root / "ca").mkdir(parents=True)
    old = (corpus_dir / REGS).read_bytes()
    (root / REGS).write_bytes(old)
    server = serve(root)
    server.cut_once.add(REGS)
    first = fetch("ca-jvcfoa-regs-2017", "--corpus", tmp_path / "c", "--mirror", server.url)
    assert first.exit_code == 2 and "resume" in first.stderr
    part = tmp_path / "c" / (REGS + ".part")
    assert 0 < part.stat().st_size < len(old)

    # The publisher updates the file in between: same law, different bytes.
    new = old.replace(b"</Regulation>", b"<!-- consolidated again -->\n</Regulation>")
    assert new != old
    (root / REGS).write_bytes(new)
    second = fetch("ca-jvcfoa-regs-2017", "--corpus", tmp_path / "c", "--mirror", server.url)
    assert second.exit_code == 0, second.stderr
    assert (tmp_path / "c" / REGS).read_bytes() == new
    assert not part.exists()
    manifest = json.loads((tmp_path / "c" / "ca" / "manifest.json").read_text())
    assert manifest["SOR-2017-233.en.xml"]["size"] == len(new)


def test_a_planted_part_symlink_is_not_followed(corpus_dir: Path, tmp_path: Path, serve) -> None:  # noqa: F811
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    part = tmp_path / "c" / (REGS + ".part")
    part.parent.mkdir(parents=True)
    os.symlink(victim, part)
    server = serve(corpus_dir)
    result = fetch("ca-jvcfoa-regs-2017", "--corpus", tmp_path / "c", "--mirror", server.url)
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr
    assert victim.read_text() == "precious\n"
    assert server.requests == []


def test_progress_goes_to_stderr(corpus_dir: Path, tmp_path: Path, serve) -> None:  # noqa: F811
    server = serve(corpus_dir)
    result = fetch("ca-jvcfoa-regs-2017", "--corpus", tmp_path, "--mirror", server.url)
    assert result.exit_code == 0, result.stderr
    assert REGS in result.stderr  # the progress bar's label
    assert result.stdout.startswith("fetched:")
