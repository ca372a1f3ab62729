"""Model settings from the environment: a model server on this machine gets local defaults."""

from __future__ import annotations

from coach.llm.client import DEFAULT_CONCURRENCY, LOCAL_CONCURRENCY, LOCAL_TIMEOUT, LLMConfig, is_loopback


def test_a_loopback_server_gets_one_call_at_a_time_and_a_longer_timeout() -> None:
    local = LLMConfig.from_env({"OKR_COACH_MODEL": "openai/tiny", "OKR_COACH_API_BASE": "http://127.0.0.1:8080/v1"})
    assert (local.concurrency, local.timeout) == (LOCAL_CONCURRENCY, LOCAL_TIMEOUT)
    hosted = LLMConfig.from_env({"OKR_COACH_MODEL": "openai/gpt-4o-mini"})
    assert hosted.concurrency == DEFAULT_CONCURRENCY
    chosen = LLMConfig.from_env({"OKR_COACH_API_BASE": "http://localhost:11434", "OKR_COACH_CONCURRENCY": "3",
                                 "OKR_COACH_TIMEOUT": "30"})
    assert (chosen.concurrency, chosen.timeout) == (3, 30.0)


def test_loopback_hosts() -> None:
    assert is_loopback("http://localhost:8080") and is_loopback("http://[::1]:9000/v1")
    assert is_loopback("127.0.0.2:8000")
    assert not is_loopback("https://api.example.com/v1") and not is_loopback(None)
