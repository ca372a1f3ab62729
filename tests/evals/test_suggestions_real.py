"""The real suggestion eval's scoring and its recording/replay of model replies."""

from __future__ import annotations

import pytest

from coach.evals.suggestions_real import RecordingClient, ReplayClient, _judge
from coach.llm.client import LLMReply, LLMRequest, LLMUnavailable
from coach.llm.scripted import ScriptedClient


def test_a_recorded_reply_replays_by_prompt_and_an_unrecorded_prompt_fails_like_a_dead_server() -> None:
    asked = LLMRequest("rewrite_key_results", [{"role": "user", "content": "draft A"}])
    recorder = RecordingClient(ScriptedClient([LLMReply('{"key_results": []}', 10, 3)], model="m"))
    recorder.complete(asked)
    replay = ReplayClient("m", recorder.replies)
    assert replay.complete(asked).text == '{"key_results": []}'
    with pytest.raises(LLMUnavailable):
        replay.complete(LLMRequest("rewrite_key_results", [{"role": "user", "content": "draft B"}]))
    assert replay.missing == 1


def test_scoring_names_what_a_rewrite_kept_and_broke() -> None:
    case = {"keep": ["help centre"], "direction": "raise"}
    draft = "Launch the help centre for 3 regions"
    good = _judge(case, draft, [], "Raise the share of support questions answered by the help centre "
                  "from [baseline] to [target]", "Initiative: Launch the help centre for 3 regions.", True,
                  True, "", "offline")
    assert good.kept_meaning and good.kept_numbers and good.direction_kept and not good.malformed
    assert good.score == 3
    bad = _judge(case, draft, [], "Cut Launch the help centre for 3 regions", "", True, True, "", "offline")
    assert bad.malformed and not bad.direction_kept and bad.score == 0
    lost = _judge(case, draft, [], "Raise [outcome metric] from [baseline] to [target]", "", True, True, "",
                  "offline")
    assert not lost.kept_meaning and not lost.kept_numbers and lost.score == 1
