"""The LLM layer: one small client interface (client.py), litellm behind it, an offline rewriter.

Nothing here imports litellm at import time; only ``litellm_client`` does, on first use.
"""

from coach.llm.client import (
    LLMBadReply,
    LLMClient,
    LLMConfig,
    LLMError,
    LLMReply,
    LLMRequest,
    LLMUnavailable,
    make_client,
)

__all__ = ["LLMBadReply", "LLMClient", "LLMConfig", "LLMError", "LLMReply", "LLMRequest",
           "LLMUnavailable", "make_client"]
