"""The one family of errors a face reports as the user's to fix: CLI exit 2, HTTP 4xx.

Why a shared base: the CLI's ``main`` must tell "your input or option is wrong" (one line,
exit 2) from "okr-coach failed" (exit 3) without importing every module that can refuse
input; each such error carries the HTTP status a web face answers with.
"""

from __future__ import annotations


class UsageProblem(ValueError):
    """Unusable input or a wrong option; ``status`` is what an HTTP face answers."""

    status = 400
