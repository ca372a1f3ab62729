"""``serve()``: loopback by default, a token for anything else, real HTTP, graceful shutdown."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.server import is_loopback, serve

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

# Started in a child process; a scripted coach.suggest.pipeline that never finishes lets the test
# check that shutdown does not wait for a hung model.
LAUNCHER = textwrap.dedent("""
    import sys, threading, types
    if "--hung-model" in sys.argv:
        from coach.core.models import Suggestion
        module = types.ModuleType("coach.suggest.pipeline")
        def iter_suggestions(okr, review):
            yield "O1", Suggestion(criterion="c", text="first", rationale="r")
            threading.Event().wait(600)
        module.iter_suggestions = iter_suggestions
        module.add_suggestions = lambda okr, review: threading.Event().wait(600)
        sys.modules["coach.suggest.pipeline"] = module
    from api.server import serve
    sys.exit(serve("127.0.0.1", 0, None))
""")


class Server:
    def __init__(self, proc: subprocess.Popen[str], port: int) -> None:
        self.proc, self.port = proc, port

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None, timeout: float = 10) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()


def start(*args: str) -> Server:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "OKR_COACH_MODEL_TIMEOUT": "30",
           "OKR_COACH_SHUTDOWN_GRACE": "1"}
    proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, *args], cwd=REPO, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert proc.stdout is not None
    deadline = time.monotonic() + 30
    lines = []
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        found = re.search(r"Uvicorn running on http://127\.0\.0\.1:(\d+)", line)
        if found:
            return Server(proc, int(found.group(1)))
    proc.kill()
    raise AssertionError("server did not start:\n" + "".join(lines))


def stop(server: Server, sig: signal.Signals = signal.SIGTERM, timeout: float = 15) -> tuple[int, str]:
    server.proc.send_signal(sig)
    out, _ = server.proc.communicate(timeout=timeout)
    return server.proc.returncode, out


@pytest.fixture
def server() -> Iterator[Server]:
    running = start()
    yield running
    if running.proc.poll() is None:
        running.proc.kill()
        running.proc.wait()


def test_loopback_detection() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert is_loopback("[::1]") and is_loopback("127.1.2.3")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.com")


def test_other_addresses_need_a_token(capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    assert serve("0.0.0.0", 8000, None) == 2
    assert "OKR_COACH_TOKEN" in capsys.readouterr().err
    assert serve("127.0.0.1", 70_000, None) == 2
    assert "not a TCP port" in capsys.readouterr().err
    monkeypatch.setenv("OKR_COACH_MODEL_TIMEOUT", "soon")
    assert serve("127.0.0.1", 8000, None) == 2
    assert "OKR_COACH_MODEL_TIMEOUT must be a number" in capsys.readouterr().err


def test_a_taken_port_is_a_clear_failure() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = f"import sys; from api.server import serve; sys.exit(serve('127.0.0.1', {port}, None))"
        done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                              timeout=60)
    assert done.returncode == 2
    assert "address already in use" in done.stderr.lower() and "pick another --port" in done.stderr


def test_real_server_reviews_over_http_and_caps_bodies(server: Server) -> None:
    status, body = server.request("GET", "/healthz")
    assert status == 200 and json.loads(body)["status"] == "ok"
    draft = (REPO / "examples" / "team-draft.md").read_text(encoding="utf-8")
    status, body = server.request("POST", "/api/v1/reviews", json.dumps({"text": draft}).encode(),
                                  {"Content-Type": "application/json"})
    assert status == 200 and json.loads(body)["stats"]["key_results"] == 10
    status, body = server.request("GET", "/healthz", headers={"Host": "rebound.example"})
    assert status == 400 and b"Host" in body
    status, body = server.request("GET", "/")
    assert status == 200 and b'id="review-form"' in body


def test_chunked_upload_over_the_cap_gets_413(server: Server) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.putrequest("POST", "/api/v1/reviews")
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Transfer-Encoding", "chunked")
        conn.endheaders()
        chunk = b"x" * 65_536
        try:
            for _ in range(40):  # 2.6 MB, over the 2 MB default
                conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            conn.send(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer and close before the upload ends
        response = conn.getresponse()
        assert response.status == 413
        assert "limit" in json.loads(response.read())["reason"]
    finally:
        conn.close()


def test_sigterm_shuts_down_cleanly(server: Server) -> None:
    assert server.request("GET", "/healthz")[0] == 200
    code, out = stop(server)
    # uvicorn re-raises the signal once it has shut down, so the parent sees "ended by SIGTERM"
    assert code in (0, -signal.SIGTERM), out
    assert "Shutting down" in out and "Application shutdown complete" in out


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_shutdown_does_not_wait_for_a_hung_model(sig: signal.Signals) -> None:
    running = start("--hung-model")
    try:
        conn = http.client.HTTPConnection("127.0.0.1", running.port, timeout=10)
        body = json.dumps({"text": "Objective: Grow 30%\n- Hire 3"})
        conn.request("POST", "/api/v1/suggestions", body=body,
                     headers={"Content-Type": "application/json", "Accept": "text/event-stream"})
        response = conn.getresponse()
        assert response.status == 200
        first = b""
        while b"event: suggestion" not in first:
            first += response.read1(1024)
        started = time.monotonic()
        code, out = stop(running, sig, timeout=20)
        took = time.monotonic() - started
        conn.close()
    finally:
        if running.proc.poll() is None:
            running.proc.kill()
            running.proc.wait()
    assert took < 8, f"shutdown took {took:.1f} s"  # 1 s grace, then open streams are closed
    assert code in (0, -sig, 130), out
    assert "Application shutdown complete" in out


def test_a_blank_token_is_refused_at_start() -> None:
    from api.server import serve

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OKR_COACH_TOKEN", "   ")
        assert serve("0.0.0.0", 8123, None) == 2  # not a server open to anyone on the network


def test_the_access_log_never_keeps_a_token() -> None:
    import logging

    from api.server import RedactToken

    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5", "GET", "/?token=s3cret&x=1", "1.1", 303), None)
    assert RedactToken().filter(record)
    assert "s3cret" not in record.getMessage() and "token=***&x=1" in record.getMessage()
