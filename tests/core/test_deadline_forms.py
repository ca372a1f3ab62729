"""A key result's own deadline in the forms people write it: "ETA: June", "— end of June",
"(Jun 2027)", "by 30.06.", "by wk 12", "before the AGM", "until Christmas", "by mid-2027",
"in 2027", "over the next two quarters", "within a year", "by Monday 3 May". Each makes the
line time-bound, and its figures are not the key result's target. The drafts are ours."""

from __future__ import annotations

import pytest
from drafts import verdict

from coach.core.kr_parts import extract_parts, find_deadline

LINE = "Raise repeat bookings from 40% to 60%"


@pytest.mark.parametrize("when", ["— ETA: June", "— end of June", "(Jun 2027)", "(Sept)", "by 30.06.",
                                  "by 30.06.2027", "by wk 12", "by Sprint 12", "before the AGM",
                                  "until Christmas", "by mid-2027", "in 2027", "over the next two quarters",
                                  "within a year", "by Monday 3 May", "| Due: 2027-06-30",
                                  "(target date: 1 July)"])
def test_the_deadline_form_makes_the_line_time_bound(when: str) -> None:
    line = f"{LINE} {when}"
    assert find_deadline(line) is not None
    assert verdict(f"# Team Atlas\n\n## Objective: Guests come back\n- {line}\n", "kr-time-bound")[0] is True
    parts = extract_parts(line)
    assert (parts.baseline, parts.target) == (40, 60)


@pytest.mark.parametrize("line", ["Raise repeat bookings from 40% to 60% (for new guests)",
                                  "Cut the end of life backlog to 20 items", "Reach 2027 members"])
def test_an_aside_or_a_number_is_no_deadline(line: str) -> None:
    assert find_deadline(line) is None
