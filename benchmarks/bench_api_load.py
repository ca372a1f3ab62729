"""Load on POST /api/v1/reviews over loopback: requests per second, p50/p99 latency, errors.

Why raw asyncio streams for the clients: on a 2-core machine the load generator shares the
CPU with the server, and a full HTTP client library would measure itself. Each client keeps
one HTTP/1.1 connection open and sends the same 3-objective, 12-key-result draft in a loop
for a fixed time (bounded: at most 120 s), without a model.

    python benchmarks/bench_api_load.py                   # starts `okr-coach serve` on a free port
    python benchmarks/bench_api_load.py --clients 8 --duration 20
    python benchmarks/bench_api_load.py --url http://127.0.0.1:8000 --check

``--check`` exits 1 unless the targets hold: >= 200 req/s, p99 < 50 ms, no errors.
Only loopback addresses are accepted as targets.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
MAX_SECONDS = 120.0
TARGET_RPS, TARGET_P99_MS = 200.0, 50.0

DRAFT = """# Q3 2026 OKRs — Customer Success

## Objective 1: Make support the reason customers stay with us
- KR 1.1: Raise CSAT from 82% to 92% by end of Q3
- KR 1.2: Launch the new help centre
- KR 1.3: Improve response times
- KR 1.4: Cut first-response time from 9 hours to 2 hours

## Objective 2: Grow revenue 30%
- KR 2.1: Hire 3 account managers
- KR 2.2: Raise expansion revenue from $1.2M to $1.25M
- KR 2.3: Maintain 99.9% uptime
- KR 2.4: Raise net revenue retention from 104% to 112% by 30 September

## Objective 3: Help new customers succeed in their first month
- KR 3.1: 60% of new accounts complete setup within 7 days, up from 35%
- KR 3.2: Halve onboarding tickets per new account
- KR 3.3: Renovate the third-floor meeting rooms
- KR 3.4: Cut time to first value from 14 days to 5 days
"""


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def request_bytes(host: str, port: int) -> bytes:
    body = json.dumps({"text": DRAFT}).encode()
    head = (f"POST /api/v1/reviews HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n")
    return head.encode() + body


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    match = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
    if match is None:
        raise ValueError("response without Content-Length")
    return status, await reader.readexactly(int(match.group(1)))


async def client(host: str, port: int, until: float, warm_until: float, tally: Tally) -> None:
    payload = request_bytes(host, port)
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while (now := time.perf_counter()) < until:
            try:
                writer.write(payload)
                status, body = await read_response(reader)
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                tally.error(type(exc).__name__)
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
                continue
            took = time.perf_counter() - now
            if now < warm_until:
                continue
            if status != 200 or not body.startswith(b'{"score":'):
                tally.error(f"HTTP {status}")
            tally.latencies.append(took)
    finally:
        writer.close()


async def drive(host: str, port: int, clients: int, duration: float, warmup: float) -> tuple[Tally, float]:
    tally = Tally()
    start = time.perf_counter()
    warm_until = start + warmup
    until = warm_until + duration
    await asyncio.gather(*(client(host, port, until, warm_until, tally) for _ in range(clients)))
    return tally, time.perf_counter() - warm_until


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server() -> tuple[subprocess.Popen[bytes], int]:
    """`okr-coach serve` (one uvicorn worker, no access log) on a free loopback port."""
    port = free_port()
    code = f"import sys; from api.server import serve; sys.exit(serve('127.0.0.1', {port}, None))"
    env = {**os.environ, "OKR_COACH_LOG_LEVEL": "warning"}
    env.pop("OKR_COACH_MODEL", None)  # the figure is for the rubric alone
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                if sock.recv(64).startswith(b"HTTP/1.1 200"):
                    return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start within 30 s")


def loopback(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    host = parts.hostname or ""
    ok = host == "localhost"
    with contextlib.suppress(ValueError):
        ok = ok or ipaddress.ip_address(host).is_loopback
    if not ok or parts.scheme != "http":
        raise SystemExit(f"refusing to load {url}: only http:// loopback targets are allowed")
    return host, parts.port or 80


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="an already running server on loopback (default: start one)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent keep-alive clients (default 4)")
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds (default 10)")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds first (default 2)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if args.duration + args.warmup > MAX_SECONDS or args.clients < 1 or args.clients > 256:
        parser.error(f"keep duration + warmup <= {MAX_SECONDS:g} s and clients in 1..256")
    proc = None
    if args.url:
        host, port = loopback(args.url)
    else:
        proc, port = start_server()
        host = "127.0.0.1"
    try:
        tally, seconds = asyncio.run(drive(host, port, args.clients, args.duration, args.warmup))
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
    ms = [x * 1000 for x in tally.latencies]
    rps = len(ms) / seconds if seconds > 0 else 0.0
    p50, p99 = percentile(ms, 50), percentile(ms, 99)
    errors = sum(tally.errors.values())
    print(f"POST /api/v1/reviews, 3 objectives x 4 key results, no model, one uvicorn worker, "
          f"{args.clients} clients, {seconds:.1f} s measured")
    print(f"requests {len(ms)}  rps {rps:.1f}  p50 {p50:.2f} ms  p90 {percentile(ms, 90):.2f} ms  "
          f"p99 {p99:.2f} ms  max {max(ms, default=float('nan')):.2f} ms  "
          f"mean {statistics.fmean(ms) if ms else float('nan'):.2f} ms")
    print(f"errors {errors}" + (f" {tally.errors}" if errors else ""))
    met = rps >= TARGET_RPS and p99 < TARGET_P99_MS and errors == 0
    print(f"targets (>= {TARGET_RPS:g} rps, p99 < {TARGET_P99_MS:g} ms, 0 errors): "
          f"{'met' if met else 'MISSED'}")
    return 0 if met or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
