"""The server against the inputs that used to stop or freeze it: status counts, then load.

Part 1 (probe) sends each bad input the hardening issue named to POST /api/v1/reviews and
counts the answers by status: deep JSON and YAML nesting, lone surrogates, impossible YAML
dates, a 5,000-digit integer, a CSV field over 131,072 characters, a 20,000-objective CSV, a
30 KB body of number-dense lines, a 6 KB nested YAML body, a body that stops arriving. No
answer may be a 500.

Part 2 (load) keeps one attacker sending those inputs in a loop while 50 clients poll
/healthz and post a normal draft, for 60 s, and prints p50/p99 per endpoint and the errors
(targets: /healthz p99 < 100 ms, reviews p99 < 500 ms, 0 errors). Each client waits
``--pace`` seconds between rounds, as a person would: back to back (``--pace 0``), 50
clients measure the server's throughput instead (latency is then 50 / reviews per second).

    .venv/bin/python benchmarks/api_probe.py                 # both parts, starts `okr-coach serve`
    .venv/bin/python benchmarks/api_probe.py --duration 20 --clients 20
    .venv/bin/python benchmarks/api_probe.py --probe-only

Clients are raw asyncio streams (see bench_api_load.py: on 2 cores a client library would
measure itself); only a server this script starts on loopback is used.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api_load import DRAFT, percentile, read_response, start_server

MAX_SECONDS = 120.0


def bad_inputs() -> dict[str, bytes]:
    """Name -> request body (JSON of DraftRequest), each one of the issue's named inputs."""
    def body(text: str, fmt: str = "auto") -> bytes:
        return json.dumps({"text": text, "input_format": fmt}).encode()

    deep_json = "[" * 1000 + "]" * 1000
    deep_yaml = "".join("  " * i + "- \n" for i in range(500)) + "  " * 500 + "x\n"
    nested_small = "a:\n" + "".join("  " * i + "b:\n" for i in range(1, 200))
    numbers = "Objective: Numbers everywhere\n" + "".join(
        f"- Raise metric {i} from {i}.5% to {i + 7}.25% by 2026-03-31, {i} to {2 * i} units, p95 {i}ms\n"
        for i in range(300))
    many = "objective,key_result\n" + "".join(f"Objective {i},Raise signups {i} from 1 to 2\n"
                                              for i in range(20_000))
    return {
        "json nested 1,000 deep": body(deep_json, "json"),
        "yaml nested 500 deep": body(deep_yaml, "yaml"),
        "yaml nested, 6 KB": body(nested_small[:6000], "yaml"),
        "lone surrogate in json": (b'{"text": "Objective: A\\n- Raise x \\ud800 from 1 to 2", '
                                   b'"input_format": "auto"}'),
        "lone surrogate in json text": body('{"objectives": [{"text": "A \\ud800"}]}', "json"),
        "impossible yaml date": body("objectives:\n  - text: Ship by 2026-02-31\n", "yaml"),
        "5,000-digit integer": body('{"objectives": [{"text": "A", "n": ' + "9" * 5000 + "}]}", "json"),
        "csv field over 131,072": body("objective,key_result\nA," + "x" * 140_000 + "\n", "csv"),
        "csv of 20,000 objectives": body(many, "csv"),
        "30 KB of number-dense lines": body(numbers[:30_000]),
    }


async def post(host: str, port: int, payload: bytes, path: str = "/api/v1/reviews",
               timeout: float = 60.0) -> tuple[int, float]:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    try:
        head = (f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n").encode()
        writer.write(head + payload)
        await writer.drain()
        status, _ = await asyncio.wait_for(read_response(reader), timeout)
    finally:
        writer.close()
    return status, (time.perf_counter() - started) * 1000


async def get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str) -> int:
    writer.write(f"GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    await writer.drain()
    status, _ = await read_response(reader)
    return status


async def stalled_body(host: str, port: int) -> int:
    """Headers promise 1,000 bytes, 10 arrive: the server must give up on its own (408)."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(f"POST /api/v1/reviews HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                     "Content-Length: 1000\r\n\r\n{\"text\": \"".encode())
        await writer.drain()
        status, _ = await asyncio.wait_for(read_response(reader), 90)
    finally:
        writer.close()
    return status


async def probe(host: str, port: int) -> Counter[int]:
    statuses: Counter[int] = Counter()
    for name, payload in bad_inputs().items():
        status, ms = await post(host, port, payload)
        statuses[status] += 1
        print(f"  {name:32} {status}  {ms:8.0f} ms")
    return statuses


async def load(host: str, port: int, clients: int, duration: float, pace: float) -> int:
    payloads = list(bad_inputs().values())
    good = json.dumps({"text": DRAFT}).encode()
    until = time.monotonic() + duration
    health: list[float] = []
    reviews: list[float] = []
    errors: Counter[str] = Counter()
    attacks = Counter[int]()

    async def attacker() -> None:
        i = 0
        while time.monotonic() < until:
            try:
                status, _ = await post(host, port, payloads[i % len(payloads)])
                attacks[status] += 1
            except (TimeoutError, OSError) as exc:
                errors[f"attacker {type(exc).__name__}"] += 1
            i += 1

    async def poller() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while time.monotonic() < until:
                started = time.perf_counter()
                status = await get(reader, writer, host)
                health.append((time.perf_counter() - started) * 1000)
                if status != 200:
                    errors[f"healthz {status}"] += 1
                status, ms = await post(host, port, good)
                reviews.append(ms)
                if status != 200:
                    errors[f"review {status}"] += 1
                await asyncio.sleep(pace)  # a person's think time between two reviews
        except (TimeoutError, OSError) as exc:
            errors[f"client {type(exc).__name__}"] += 1
        finally:
            writer.close()

    await asyncio.gather(attacker(), *(poller() for _ in range(clients)))
    print(f"  attacker answers by status: {dict(sorted(attacks.items()))}")
    print(f"  /healthz  n={len(health):6}  p50 {percentile(health, 50):7.1f} ms  "
          f"p99 {percentile(health, 99):7.1f} ms  (target < 100 ms)")
    print(f"  reviews   n={len(reviews):6}  p50 {percentile(reviews, 50):7.1f} ms  "
          f"p99 {percentile(reviews, 99):7.1f} ms  (target < 500 ms)")
    print(f"  errors: {dict(errors) or 0}")
    return sum(errors.values()) + attacks[500]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="well-behaved clients (default 50)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (default 60)")
    parser.add_argument("--pace", type=float, default=0.5,
                        help="seconds each client waits between its requests (default 0.5: 50 clients "
                             "offer about 100 reviews/s; 0 sends back to back and measures throughput)")
    parser.add_argument("--probe-only", action="store_true", help="only part 1, the status counts")
    args = parser.parse_args(argv)
    proc, port = start_server()
    try:
        print("probe: each named bad input once")
        statuses = asyncio.run(probe("127.0.0.1", port))
        stalled = asyncio.run(stalled_body("127.0.0.1", port))
        statuses[stalled] += 1
        print(f"  {'a body that stops arriving':32} {stalled}")
        print(f"probe answers by status: {dict(sorted(statuses.items()))}; 500s: {statuses[500]}")
        bad = statuses[500]
        if not args.probe_only:
            print(f"load: 1 attacker + {args.clients} clients for {min(args.duration, MAX_SECONDS):.0f} s")
            bad += asyncio.run(load("127.0.0.1", port, args.clients, min(args.duration, MAX_SECONDS),
                                    max(0.0, args.pace)))
    finally:
        proc.terminate()
        proc.wait(10)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
