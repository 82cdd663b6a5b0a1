"""Exit statuses through a real process, as CI sees them: 2 for every hostile input (never 1,
the status of check findings), 130 on Ctrl-C, and no traceback without --debug."""

from __future__ import annotations

import http.server
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.helpers import copy_mini

EXE = Path(sys.executable).parent / "clausewise"


def test_ctrl_c_during_a_download_is_130(tmp_path):
    class Trickle(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"<")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        proc = subprocess.Popen(
            [str(EXE), "corpus", "fetch", "ca-jvcfoa-regs-2017", "--corpus", str(tmp_path)]
            + ["--mirror", f"http://127.0.0.1:{httpd.server_address[1]}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            # A shell that starts a job with `&` (CI run as `bash -c '... &'`) hands it SIGINT
            # ignored, and Python then never raises KeyboardInterrupt: give the child the
            # default disposition, as a terminal gives an aide's command.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        time.sleep(1.5)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert proc.returncode == 130, (proc.returncode, err)
    assert "Traceback" not in err + out


def test_hostile_inputs_exit_2_in_a_real_process(tmp_path):
    bill = copy_mini(tmp_path)
    cases = {
        "deep": "a: " + "[" * 20_000 + "]" * 20_000,
        "digits": "a: " + "1" * 5000,
        "nul": 'a: "\\0"',
        "surrogate": 'a: "\\ud800"',
        "alias": "a: &x [1]\nb: *x",
    }
    original = bill.read_text(encoding="utf-8")
    for name, text in cases.items():
        bill.write_text(original + "\n" + text + "\n", encoding="utf-8")
        for command in (["check", str(bill)], ["build", str(bill), "-o", str(tmp_path / "o")]):
            proc = subprocess.run(
                [str(EXE), *command], capture_output=True, text=True, timeout=30, cwd=tmp_path
            )
            assert proc.returncode == 2, (name, command, proc.stderr)
            assert "Traceback" not in proc.stderr, name
            assert proc.stderr.count("\n") == 1 and "bill.yaml:" in proc.stderr, proc.stderr
