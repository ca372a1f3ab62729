"""The FastAPI application: ``create_app()`` wires settings, guards, routes, pages and docs.

Why a factory: tests build an app per case with the settings they need (a token, a tiny
body cap, a short model timeout) and ``okr-coach serve`` builds one from the environment.
Per-app state (the model thread pool, the rate limiter, the knowledge searcher) lives on
``app.state`` so two apps in one process never share it.
"""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from api.deps import RateLimiter, Settings
from api.errors import install_error_handlers
from api.middleware import GuardMiddleware
from api.pool import DaemonPool
from api.review_work import ReviewWork
from api.routes import batches, health, kb, reviews, rubrics, suggestions, tutor, web
from coach import __version__
from coach.knowledge.search import Searcher
from coach.paths import contain_library_files

STATIC = Path(__file__).resolve().parent / "static"
DESCRIPTION = """Review OKR drafts against an explainable rubric, offline.

`POST /api/v1/reviews` answers the same JSON as `okr-coach review --format json`.
Errors are JSON: `{"status": <code>, "reason": "<one line>"}`. When the server was
started with a token, send `Authorization: Bearer <token>`.
"""


def _offline_docs_assets() -> Path | None:
    """Swagger UI files shipped by the ``fastapi-offline`` package, if installed (no CDN)."""
    spec = importlib.util.find_spec("fastapi_offline")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        static = Path(location) / "static"
        if (static / "swagger-ui-bundle.js").is_file():
            return static
    return None


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Libraries are told first to write nothing outside OKR_COACH_HOME (onnxruntime's telemetry
    # files, matplotlib's font cache). Then a server builds the guidance index in a thread, under
    # the home's build lock, so /healthz answers at once and no request builds it (a search
    # meanwhile waits a little, then answers from BM25 with a note). Test apps skip the build:
    # without it the first search starts it in the background all the same.
    contain_library_files()
    if app.state.build_index:  # a real server: warm the review processes and build the index
        app.state.review_work.warm()
        app.state.kb_searcher.start_building()
    yield
    app.state.kb_searcher.stop_building()  # stops between two batches; resumed at the next start
    # Do not wait for model threads: a hung model call must not hold up shutdown.
    app.state.model_executor.shutdown(wait=False, cancel_futures=True)
    app.state.review_work.shutdown()


def _install_offline_docs(app: FastAPI, assets: Path) -> None:
    app.mount("/docs-assets", StaticFiles(directory=assets), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def docs(request: Request) -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="okr-coach API",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")


def create_app(settings: Settings | None = None, *, build_index: bool = False) -> FastAPI:
    """Build the app; ``settings`` default to the environment (OKR_COACH_TOKEN and friends).

    ``build_index``: build the guidance index at start-up, in the background (``okr-coach serve``).
    """
    settings = settings or Settings.from_env()
    assets = _offline_docs_assets()
    # Without fastapi-offline, FastAPI's own /docs page is used (its assets come from a CDN).
    app = FastAPI(title="okr-coach", version=__version__, description=DESCRIPTION,
                  docs_url=None if assets else "/docs", redoc_url=None, lifespan=_lifespan)
    app.state.settings = settings
    app.state.model_executor = DaemonPool(settings.model_workers, "okr-model")
    app.state.review_work = ReviewWork(settings.review_workers, settings.review_queue,
                                       processes=settings.review_processes)
    app.state.rate_limiter = RateLimiter(settings.suggest_per_minute, settings.suggest_burst)
    app.state.kb_searcher = Searcher(settings.kb_engine, background=True)
    app.state.build_index = build_index
    install_error_handlers(app)
    app.add_middleware(GuardMiddleware, max_body=settings.max_body_bytes,
                       allowed_hosts=settings.allowed_hosts, body_timeout=settings.body_timeout)
    for module in (health, reviews, suggestions, kb, rubrics, tutor, web):
        app.include_router(module.router)
    app.include_router(batches.api)
    app.include_router(batches.pages)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    if assets is not None:
        _install_offline_docs(app, assets)
    return app
