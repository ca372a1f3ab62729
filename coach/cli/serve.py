"""``okr-coach serve``: the web page and HTTP API under uvicorn (the web extra)."""

from __future__ import annotations

import argparse
import importlib.util
import os

from coach.cli import UsageError


def configure(srv: argparse.ArgumentParser) -> None:
    srv.add_argument("--host", default="127.0.0.1",
                     help="address to bind (default 127.0.0.1; any other needs OKR_COACH_TOKEN)")
    srv.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    srv.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if importlib.util.find_spec("fastapi") is None or importlib.util.find_spec("uvicorn") is None:
        raise UsageError("serve needs the web extra: pip install 'okr-coach[web]'")
    from api.server import serve

    return serve(args.host, args.port, os.environ.get("OKR_COACH_TOKEN"))
