"""Reply shapes the models must return, validated by pydantic (one re-ask, then a typed error).

Why strict lengths: a rewrite is one line an author pastes back into a plan; a reply that
rambles for pages is a failed reply, not a long suggestion. The caps still leave room for
the longest item the reader accepts (``MAX_ITEM_CHARS``) plus the words a rewrite adds,
and a call never carries more key results than ``KEY_RESULTS_PER_CALL`` (the jobs chunk an
objective with more), so a real draft cannot fail the schema by being long.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from coach.core.limits import MAX_ITEM_CHARS

KEY_RESULTS_PER_CALL = 12  # an objective with more key results is asked in chunks of this size
REWRITE_CHARS = MAX_ITEM_CHARS + 400  # the longest item plus what a rewrite may add


class KeyResultRewrite(BaseModel):
    """One key result rewritten: which failing criterion it fixes and the passages it relied on."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(description="The key result's id, e.g. O1.KR2.")
    criterion: str = Field(description="The failing criterion this rewrite is meant to fix.")
    text: str = Field(min_length=3, max_length=REWRITE_CHARS)
    rationale: str = Field(default="", max_length=800)
    sources: list[str] = Field(default_factory=list, max_length=6)
    initiative: str | None = Field(default=None, max_length=REWRITE_CHARS,
                                   description="The task the key result named, kept as an initiative.")


class ObjectiveRewrite(BaseModel):
    """The objective statement rewritten; a metric it carried moves to ``new_key_result``."""

    model_config = ConfigDict(extra="ignore")

    criterion: str
    text: str = Field(min_length=3, max_length=REWRITE_CHARS)
    rationale: str = Field(default="", max_length=800)
    sources: list[str] = Field(default_factory=list, max_length=6)
    new_key_result: str | None = Field(default=None, max_length=REWRITE_CHARS)


class RewriteReply(BaseModel):
    """The whole answer for one objective: one call covers the objective and all its key results."""

    model_config = ConfigDict(extra="ignore")

    key_results: list[KeyResultRewrite] = Field(default_factory=list, max_length=KEY_RESULTS_PER_CALL)
    objective: ObjectiveRewrite | None = None


class AnswerReply(BaseModel):
    """An answer to a knowledge-base question, grounded in the passages it cites.

    ``sources`` may be empty: that is how a model says the passages do not answer, which
    is a valid reply rather than a failure. The cap on its length matches the largest
    sensible ``ask -k``; a reply citing more than that is not using the passages selectively.
    """

    model_config = ConfigDict(extra="ignore")

    answer: str = Field(min_length=3, max_length=1500)
    sources: list[str] = Field(default_factory=list, max_length=10)


REPLY_SHAPE = {
    "key_results": [{"id": "O1.KR2", "criterion": "okr-core.kr-outcome", "text": "...",
                     "rationale": "...", "sources": ["<passage id>"], "initiative": "... or null"}],
    "objective": {"criterion": "...", "text": "...", "rationale": "...", "sources": ["<passage id>"],
                  "new_key_result": "... or null"},
}
