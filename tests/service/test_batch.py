"""The ambassador's batch: files and folders into teams, one review per team draft, a store
that survives ``kill -9``, and the organisation summary."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coach.service.batch import Store, run_batch, split_teams
from coach.service.batch_report import summary, write_outputs

SHARED_DOCS = Path(__file__).resolve().parents[3] / "shared" / "real-okrs" / "docs"


def _team_file(folder: Path, n: int) -> None:
    lines = [f"# Team {n}", "Period: Q3 2026"]
    for o in range(3):
        lines.append(f"## Objective {o + 1}: Make area {o} of team {n} delightful")
        lines += [f"- Raise weekly active users of feature {o}{k} from {100 + n} to {200 + n + k} by 30 Sep"
                  if k % 2 == 0 else f"- Launch the new dashboard {o}{k} for team {n}" for k in range(4)]
    (folder / f"team-{n:04d}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_sheet_with_a_team_column_splits_into_teams_and_stored_reviews_are_reused(tmp_path: Path) -> None:
    sheet = tmp_path / "okrs.csv"
    sheet.write_text("Team,Objective,Key result\nSales,Win the mid-market,Raise win rate from 20% to 30%\n"
                     "Sales,Win the mid-market,Launch the partner portal\n"
                     "Support,Answer every customer fast,Cut first reply time from 9 h to 2 h\n",
                     encoding="utf-8")
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")  # not a draft suffix: left out of a folder
    store = Store(tmp_path / "store.sqlite3")
    first = run_batch([str(tmp_path), str(tmp_path / "missing.md")], store=store, jobs=1)
    assert [t.name for t, _r in first.teams] == ["Sales", "Support"] and first.reviewed == 2
    assert [p.source for p in first.problems] == [str(tmp_path / "missing.md")]
    again = run_batch([str(tmp_path)], store=store, jobs=1)
    assert again.reviewed == 0 and [r for _t, r in again.teams] == [r for _t, r in first.teams]
    data = summary(again)
    assert data["totals"]["teams"] == 2 and data["totals"]["key_results"] == 3
    mistakes = {m["criterion"]: m for m in data["top_mistakes"]}
    assert mistakes["okr-core.kr-outcome"]["count"] == 1
    assert mistakes["okr-core.kr-outcome"]["examples"] == ["Launch the partner portal"]
    assert data["criteria"]["okr-core.kr-outcome"] == {"failed": 1, "rate": round(1 / 3, 3)}
    written = write_outputs(again, data, tmp_path / "out")
    assert {p.name for p in written} >= {"summary.json", "reviews.jsonl", "key_results.csv", "report.html"}
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "http://" not in report and "https://" not in report and "Support" in report


@pytest.mark.skipif(not SHARED_DOCS.is_dir(), reason="../shared/real-okrs is not beside this checkout")
def test_the_multi_team_documents_split_into_their_teams() -> None:
    from coach.core.parsing import parse

    def teams(doc: str) -> list[str]:
        path = SHARED_DOCS / f"{doc}.md"
        return [t.name for t in split_teams(parse(path.read_text(encoding="utf-8")), str(path))]

    assert teams("hypha-okrs-2020-q3") == ["Business Planning WG", "Finance WG", "Governance WG",
                                             "Infrastructure WG", "Operations WG"]
    assert len(teams("terraforma-terralogic-okrs-2026-q2")) == 4  # the shared goal and three individuals
    assert teams("joystream-okr-archive-q2-2019")[1:] == ["Bedeho", "Martin"]
    assert len(teams("setmatchgames-squad-okrs-2020")) == 1  # quarters of one team are not teams


def _batch(folder: Path, home: Path, out: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, OKR_COACH_HOME=str(home))
    return subprocess.Popen([sys.executable, "-c", "from coach.cli import run; run()", "batch", str(folder),
                             "--out", str(out),
                             "--jobs", "2", "--format", "json"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def test_a_batch_killed_at_random_points_ends_with_the_same_reviews(tmp_path: Path) -> None:
    folder = tmp_path / "teams"
    folder.mkdir()
    for n in range(400):
        _team_file(folder, n)
    reference = _batch(folder, tmp_path / "home-a", tmp_path / "out-a")
    assert reference.wait(timeout=300) == 0
    expected = (tmp_path / "out-a" / "reviews.jsonl").read_text(encoding="utf-8")
    assert expected.count("\n") == 400

    rng = random.Random(7)
    kills = 0
    for _ in range(3):
        proc = _batch(folder, tmp_path / "home-b", tmp_path / "out-b")
        time.sleep(rng.uniform(0.8, 2.5))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers, mid-write
            kills += 1
        proc.wait(timeout=60)
    assert kills >= 3, "the batch finished before it could be killed; make it bigger"
    final = _batch(folder, tmp_path / "home-b", tmp_path / "out-b")
    assert final.wait(timeout=300) == 0
    assert (tmp_path / "out-b" / "reviews.jsonl").read_text(encoding="utf-8") == expected
    import sqlite3

    with sqlite3.connect(tmp_path / "home-b" / "batch.sqlite3") as db:  # none lost, none twice
        assert db.execute("SELECT COUNT(*), COUNT(DISTINCT key) FROM reviews").fetchone() == (400, 400)


def test_a_workbook_splits_by_its_team_column_and_the_report_links_every_team(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl", reason="the batch extra is not installed")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Q3"
    for row in [["Team", "Objective", "Key result", "Baseline", "Target", "Progress"],
                ["Sales", "Win the mid-market", "Raise win rate", "20%", "30%", "100%"],
                ["Sales", "Win the mid-market", "Raise average deal size", "$9k", "$12k", "110%"],
                ["Sales", "Win the mid-market", "Cut sales cycle", "60 days", "45 days", "100%"],
                ["Support", "Answer every customer fast", "Cut first reply time", "9 h", "2 h", None],
                ["Support", "Answer every customer fast", "Raise win rate", "20%", "30%", None]]:
        sheet.append(row)
    book.create_sheet("Notes")  # empty: skipped
    book.save(tmp_path / "q3.xlsx")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    result = run_batch([str(tmp_path)], store=Store(tmp_path / "store.sqlite3"), jobs=1)
    assert [(t.source.rsplit("/", 1)[-1], t.name) for t, _r in result.teams] == [("q3.xlsx#Q3", "Sales"),
                                                                                ("q3.xlsx#Q3", "Support")]
    assert [p.source.rsplit("/", 1)[-1] for p in result.problems] == ["broken.xlsx"]
    sales = result.teams[0][1]["objectives"][0]["key_results"][0]
    assert sales["text"] == "Raise win rate from 20% to 30%"  # baseline and target columns used
    data = summary(result)
    assert data["duplicates"] == [{"text": "Raise win rate from 20% to 30%", "teams": ["Sales", "Support"]}]
    assert data["conflicts"] == []
    assert data["progress"]["sandbagging"] == ["Sales"]
    write_outputs(result, data, tmp_path / "out")
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert openpyxl.load_workbook(tmp_path / "out" / "key_results.xlsx").active.max_row == 6  # header + 5
    pages = sorted(p.name for p in (tmp_path / "out" / "teams").iterdir())
    assert pages == ["0001-sales.html", "0002-support.html"]
    assert all(f"href='teams/{page}'" in report for page in pages)
    assert "http://" not in report and "https://" not in report


@pytest.mark.parametrize("model", [True, False], ids=["by-meaning", "by-words"])
def test_team_objectives_link_to_the_company_objective_they_support(tmp_path: Path, model: bool,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from coach.knowledge import similarity
    from coach.service.batch_company import link, read_company

    if not model:
        monkeypatch.setattr(similarity, "available", lambda: False)
    elif not similarity.available():
        pytest.skip("the kb extra's embedding model is not installed")

    company = tmp_path / "company.md"
    company.write_text("Objective: Become the easiest way to pay for small shops\n"
                       "- Raise checkout conversion from 61% to 70%\n"
                       "Objective: Keep every customer we win\n- Cut monthly churn from 3% to 2%\n"
                       "Objective: Expand into Germany\n- Sign 50 German merchants\n", encoding="utf-8")
    teams = tmp_path / "teams"
    teams.mkdir()
    payments = ("Objective: Make paying us effortless\n- Raise checkout conversion from 61% to 66%\n"
                "- Cut failed card payments from 4% to 2%\n")
    (teams / "payments.md").write_text(payments, encoding="utf-8")
    (teams / "support.md").write_text("Objective: Answer every customer fast (supports C2)\n"
                                      "- Cut first reply time from 9 hours to 2 hours\n", encoding="utf-8")
    (teams / "office.md").write_text("Objective: Make the office a nicer place\n- Renovate the kitchen\n",
                                     encoding="utf-8")
    result = run_batch([str(teams)], store=Store(tmp_path / "store.sqlite3"), jobs=1)
    found = link(result, read_company(str(company)))
    supported = {c["id"]: [s["team"] for s in c["supported_by"]] for c in found["company"]}
    assert supported == {"O1": ["payments"], "O2": ["support"], "O3": []}
    assert found["company"][1]["supported_by"][0]["by"] == "named"
    assert found["unsupported_company"] == ["O3"]
    assert [u["team"] for u in found["unaligned"]] == ["office"]
    assert found["method"] == ("semantic" if model else "lexical")


def test_quarter_over_quarter_shows_each_team_better_or_worse(tmp_path: Path) -> None:
    from coach.service.batch_report import compare

    folder = tmp_path / "q"
    folder.mkdir()
    (folder / "sales.md").write_text("# Sales team\nObjective: Win the mid-market\n"
                                     "- Launch the partner portal\n", encoding="utf-8")
    store = Store(tmp_path / "store.sqlite3")
    q2 = summary(run_batch([str(folder)], store=store, jobs=1))
    (folder / "sales.md").write_text("# Sales team\nObjective: Win the mid-market\n"
                                     "- Raise mid-market win rate from 20% to 30% by 30 September\n",
                                     encoding="utf-8")
    (folder / "legal.md").write_text("# Legal team\nObjective: Sign faster\n- Cut contract review time from "
                                     "10 days to 4 days by 30 September\n", encoding="utf-8")
    q3 = summary(run_batch([str(folder)], store=store, jobs=1))
    change = compare(q3, q2)
    sales = change["teams"][0]
    assert sales["team"] == "Sales team" and sales["change"] > 0
    assert sales["criteria"]["okr-core.kr-outcome"] == [1, 0]
    assert change["new_teams"] == ["Legal team"] and change["gone_teams"] == []


def test_a_metric_two_teams_push_in_opposite_directions_is_a_conflict(tmp_path: Path) -> None:
    from coach.service.batch_report import conflicts

    sales = ("# Sales team\nObjective: Close more deals\n"
             "- Raise discount approval rate from 40% to 60% by Q3\n")
    finance = ("# Finance team\nObjective: Protect the margin\n"
               "- Cut discount approval rate from 40% to 25% by Q3\n")
    (tmp_path / "sales.md").write_text(sales, encoding="utf-8")
    (tmp_path / "finance.md").write_text(finance, encoding="utf-8")
    result = run_batch([str(tmp_path)], store=Store(tmp_path / "store.sqlite3"), jobs=1)
    assert conflicts(result) == [{"metric": "discount approval rate", "increase": ["Sales team"],
                                  "decrease": ["Finance team"]}]
