"""``okr-coach doctor``: what is configured for suggestions, and whether the model answers.

Why a command for it: "the suggestions look canned" usually means no model is configured,
and "the review hangs" usually means a model that does not answer. One command shows the
configuration (never the key itself), the cache, and the result of one tiny model call.
"""

from __future__ import annotations

from typing import TextIO

from coach.llm.cache import ReplyCache
from coach.llm.client import (
    API_BASE_ENV,
    API_KEY_ENV,
    CACHE_ENV,
    CONCURRENCY_ENV,
    MODEL_ENV,
    STREAM_ENV,
    TIMEOUT_ENV,
    LLMConfig,
    LLMUnavailable,
)
from coach.paths import data_dir


def _prompts_ok(out: TextIO) -> bool:
    from coach.llm.prompts import template_names

    names = template_names()
    expected = {"rewrite_key_results", "rewrite_objective", "answer_question"}
    missing = sorted(expected - set(names))
    out.write(f"prompts      {data_dir('prompts')} ({', '.join(names) or 'none'})\n")
    if missing:
        out.write(f"  problem: missing templates {', '.join(missing)}\n")
    return not missing


def doctor(out: TextIO) -> int:
    """Print the LLM configuration and ping the model; 0 when usable, 1 when the model fails."""
    config = LLMConfig.from_env()
    ok = _prompts_ok(out)
    entries, size = ReplyCache().stats()
    cache_state = "on" if config.cache else f"off ({CACHE_ENV})"
    out.write(f"cache        {ReplyCache().root} ({cache_state}; {entries} replies, {size / 1024:.0f} KiB)\n")
    if config.model is None:
        out.write(f"model        none ({MODEL_ENV} unset): suggestions come from the offline rewriter\n")
        return 0 if ok else 1
    from coach.llm.litellm_client import LiteLLMClient, litellm_version, provider_key_status

    version = litellm_version()
    out.write(f"model        {config.model} ({MODEL_ENV})\n")
    out.write(f"api base     {config.api_base or 'provider default'}"
              f"{f' ({API_BASE_ENV})' if config.api_base else ''}\n")
    out.write(f"litellm      {version or 'not installed: pip install okr-coach[llm]'}\n")
    out.write(f"timeout      {config.timeout:g} s ({TIMEOUT_ENV}); concurrency {config.concurrency} "
              f"({CONCURRENCY_ENV}); streaming {'on' if config.stream else 'off'} ({STREAM_ENV})\n")
    if version is None:
        return 1
    if config.api_key:
        out.write(f"api key      set ({API_KEY_ENV})\n")
    else:
        try:
            missing, present = provider_key_status(config.model)
        except LLMUnavailable as exc:
            out.write(f"api key      unknown: {exc}\n")
            return 1
        if present:
            out.write("api key      found in the provider's own variable\n")
        elif missing:
            out.write(f"api key      not set ({API_KEY_ENV} or {', '.join(missing)}); "
                      "local servers usually need none\n")
        else:
            out.write("api key      none needed or none known for this provider\n")
    client = LiteLLMClient(config, attempts=1)
    answered, detail, seconds = client.ping()
    if answered:
        out.write(f"answer       ok in {seconds:.2f} s: {detail}\n")
        out.write(f"replies      {client.reply_format}\n")
        return 0 if ok else 1
    out.write(f"answer       FAILED after {seconds:.2f} s: {detail}\n")
    out.write("             suggestions will fall back to the offline rewriter, with a note\n")
    return 1

