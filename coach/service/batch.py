"""A whole quarter of team drafts in one run: find the files, split them into teams, review
each team once, in parallel, and keep every result so a killed run resumes where it stopped.

Why a store keyed by content: an ambassador re-runs the batch as teams send corrections.
Each team's draft (what the reader made of it), the rubric pack and the profile hash to one
key; a team already reviewed under that key is not reviewed again, and a run killed at any
point (even ``kill -9``) loses at most the reviews in flight. SQLite in WAL mode commits
each review on its own, so the store is never half-written.

Why split: one document often holds several teams (a heading per team, a Team column in a
sheet). The reader already tags each objective with its team or group; a document with more
than one of them becomes one draft per team, named after it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.core.models import Objective, OkrSet
from coach.paths import home_dir

SUFFIXES = (".md", ".markdown", ".txt", ".json", ".yaml", ".yml", ".csv", ".xlsx")
STORE_NAME = "batch.sqlite3"


@dataclass
class Team:
    """One team's draft: where it came from, its name and what the reader made of it."""

    source: str
    name: str
    okr: OkrSet
    key: str = ""


@dataclass
class Problem:
    """A file that could not be read, and why (listed in the report, never fatal)."""

    source: str
    reason: str


@dataclass
class BatchResult:
    teams: list[tuple[Team, dict[str, Any]]] = field(default_factory=list)  # in a stable order
    problems: list[Problem] = field(default_factory=list)
    documents: int = 0
    reviewed: int = 0  # reviewed in this run (the rest came from the store)


def discover(paths: list[str]) -> tuple[list[Path], list[Problem]]:
    """The draft files under ``paths`` (files as given, folders walked, hidden ones skipped),
    sorted; paths that do not exist or have another suffix inside a folder are left out, a
    missing path given by name is a problem."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                files += [Path(root) / n for n in sorted(names)
                          if not n.startswith(".") and n.lower().endswith(SUFFIXES)]
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(raw, "no such file or folder"))
    return sorted(dict.fromkeys(files)), problems


# Headings that name a team or a person rather than a period, a version or a topic.
TEAMISH = re.compile(r"\b(?:teams?|squads?|wg|working\s+groups?|guilds?|chapters?|tribes?|departments?|dept|"
                     r"divisions?|units?|personal|individual|crews?|committees?|councils?|pods?)\b", re.I)


STRUCTURED = (".csv", ".json", ".yaml", ".yml", ".xlsx")


def team_of(objective: Objective, structured: bool = False) -> str | None:
    """The team an objective belongs to, when the document says so: a Team column or field
    (``structured`` input), an owner prefix (no heading), or a heading that names a team or a
    person ("Finance WG", "Personal OKRs / Ana"). Headings such as "Q2 2020" or "Draft V2"
    are not teams."""
    if not objective.team:
        return None
    if structured or objective.group is None or TEAMISH.search(objective.group) \
            or TEAMISH.search(objective.team):
        return objective.team
    return None


def split_teams(okr: OkrSet, source: str) -> list[Team]:
    """One Team per team the document names (in document order); objectives under no team
    form the document's own team (its stated team, else the file name)."""
    own = okr.team or Path(source).stem
    structured = source.lower().split("#", 1)[0].endswith(STRUCTURED)
    order: dict[str, list[Objective]] = {}
    for objective in okr.objectives:
        order.setdefault(team_of(objective, structured) or own, []).append(objective)
    if len(order) <= 1:
        return [Team(source, own if not order else next(iter(order)), okr)]
    return [Team(source, name, okr.replace(objectives=objectives, team=name))
            for name, objectives in order.items()]


def draft_key(team: Team, identity: str) -> str:
    """The content hash of a team's draft as read, under a rubric identity (pack, profile)."""
    okr = team.okr
    body = {"team": team.name, "period": okr.period, "parents": okr.parents, "objectives": [
        [o.text, o.period, o.parent, o.owner, [[k.text, k.owner, k.progress, k.notes] for k in o.key_results]]
        for o in okr.objectives]}
    blob = json.dumps([identity, body], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def batch_rubric(pack: str | None, disable: tuple[str, ...] = ()) -> Any:
    """The pack without the criteria a repository's settings file disables (ids)."""
    from coach.service.review import rubric_for

    rubric = rubric_for(pack)
    if not disable:
        return rubric
    key = (pack, disable)
    if key not in _WITHOUT:  # once per process: a worker reviews many teams under one rubric
        from coach.service.config import without_criteria

        _WITHOUT[key] = without_criteria(rubric, list(disable), None)
    return _WITHOUT[key]


_WITHOUT: dict[tuple[str | None, tuple[str, ...]], Any] = {}


def rubric_identity(pack: str | None, profile: str, disable: tuple[str, ...] = ()) -> str:
    """What a stored review depends on besides the draft: the tool, the pack's criteria (those
    in use), the profile."""
    from coach import __version__

    rubric = batch_rubric(pack, disable)
    criteria = [[c.id, c.level, c.weight, c.check] for c in rubric.criteria]
    digest = hashlib.sha256(json.dumps(criteria, sort_keys=True, default=str).encode()).hexdigest()[:16]
    return f"{__version__}|{rubric.pack.name}@{rubric.pack.version}|{digest}|{profile}"


class Store:
    """Reviews by draft key in SQLite (WAL): each put is its own transaction."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or home_dir() / STORE_NAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS reviews "
                             "(key TEXT PRIMARY KEY, review TEXT NOT NULL)")
            self._db.commit()

    def get_many(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                marks = ",".join("?" * len(chunk))
                for key, review in self._db.execute(f"SELECT key, review FROM reviews WHERE key IN ({marks})",
                                                    chunk):
                    out[key] = json.loads(review)
        return out

    def put(self, key: str, review: dict[str, Any]) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO reviews (key, review) VALUES (?, ?)",
                             (key, json.dumps(review, ensure_ascii=False)))
            self._db.commit()

    def close(self) -> None:
        with self._lock:
            self._db.close()


def read_teams(files: list[Path], input_format: str = "auto") -> tuple[list[Team], list[Problem], int]:
    """Every file read and split into teams; unreadable ones become problems."""
    from coach.errors import UsageProblem
    from coach.service.inputs import parse_draft, read_source

    teams: list[Team] = []
    problems: list[Problem] = []
    documents = 0
    for path in files:
        if path.suffix.lower() == ".xlsx":
            sheets, problem = xlsx_sheets(path)
            if problem:
                problems.append(Problem(str(path), problem))
            parts = [(f"{path}#{name}", text, "csv") for name, text in sheets]
        else:
            try:
                parts = [(str(path), read_source(str(path)), input_format)]
            except UsageProblem as exc:
                problems.append(Problem(str(path), str(exc).removeprefix(f"{path}: ")))
                continue
        read_any = False
        for source, text, fmt in parts:
            try:
                okr = parse_draft(text, requested=fmt, name=source.split("#", 1)[0] if fmt != "csv" else None)
            except UsageProblem as exc:
                problems.append(Problem(source, str(exc).removeprefix(f"{source}: ")))
                continue
            read_any = True
            teams += split_teams(okr, source)
        documents += read_any
    return teams, problems, documents


def xlsx_sheets(path: Path) -> tuple[list[tuple[str, str]], str | None]:
    """Each non-empty worksheet of a workbook as CSV text (values, not formulas), or why not."""
    try:
        import openpyxl
    except ImportError:
        return [], "an .xlsx file needs the batch extra: pip install 'okr-coach[batch]'"
    import csv
    import io
    import zipfile

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        return [], f"not a readable workbook ({type(exc).__name__})"
    sheets = []
    try:
        for sheet in book.worksheets:
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            rows = 0
            for row in sheet.iter_rows(values_only=True):
                if any(cell not in (None, "") for cell in row):
                    writer.writerow(["" if cell is None else str(cell) for cell in row])
                    rows += 1
            if rows > 1:
                sheets.append((sheet.title, buffer.getvalue()))
    finally:
        book.close()
    return sheets, None if sheets else "no sheet with a header and rows"


def _review_one(okr: OkrSet, pack: str | None, profile: str, suggest: bool = False,
                disable: tuple[str, ...] = ()) -> dict[str, Any]:
    """In a worker process: one team's review as its JSON object (with the offline rewriter's
    suggestions when ``suggest``; a model's are added by the parent, see ``add_model_suggestions``)."""
    from coach.report.json import to_dict
    from coach.service.review import review_okr_set

    review = review_okr_set(okr, profile=profile, rubric=batch_rubric(pack, disable))
    if suggest:
        from coach.llm.offline import OfflineClient
        from coach.suggest.pipeline import add_suggestions

        add_suggestions(okr, review, client=OfflineClient(), cache=False)
    return to_dict(review)


def _warm(pack: str | None, disable: tuple[str, ...] = ()) -> None:
    """Worker start-up: compile the pack once per process, not once per team."""
    import gc

    gc.disable()  # short-lived workers: reviews build no cycles (see coach/cli/review.py)
    batch_rubric(pack, disable)


def run_batch(paths: list[str], *, pack: str | None = None, profile: str = "default", jobs: int | None = None,
              input_format: str = "auto", store: Store | None = None,
              on_progress: Callable[[int, int], None] | None = None, suggest: bool = False,
              disable: tuple[str, ...] = ()) -> BatchResult:
    """Review every team under ``paths``, reusing stored reviews; results in a stable order.
    ``suggest`` adds the offline rewriter's rewrites to each review (stored apart from plain
    reviews: the key says so); ``disable``: criteria ids left out, as a settings file says."""
    files, problems = discover(paths)
    teams, unreadable, documents = read_teams(files, input_format)
    result = BatchResult(problems=problems + unreadable, documents=documents)
    identity = rubric_identity(pack, profile, disable) + ("|suggest:offline" if suggest else "")
    for team in teams:
        team.key = draft_key(team, identity)
    own_store = store is None
    store = store or Store()
    try:
        done = store.get_many(list(dict.fromkeys(t.key for t in teams)))
        missing = list({t.key: t for t in teams if t.key not in done}.values())
        total = len(teams)
        if on_progress:
            on_progress(total - len(missing), total)
        for key, review in _review_all(missing, pack, profile, jobs, suggest, disable):
            store.put(key, review)
            done[key] = review
            result.reviewed += 1
            if on_progress:
                on_progress(total - len(missing) + result.reviewed, total)
        result.teams = [(team, done[team.key]) for team in teams]
    finally:
        if own_store:
            store.close()
    return result


def _review_all(teams: list[Team], pack: str | None, profile: str, jobs: int | None,
                suggest: bool = False, disable: tuple[str, ...] = ()) -> Iterator[tuple[str, dict[str, Any]]]:
    """(key, review) as each finishes; in this process when there is little to do."""
    workers = max(1, jobs or os.cpu_count() or 1)
    if workers == 1 or len(teams) < 8:
        for team in teams:
            yield team.key, _review_one(team.okr, pack, profile, suggest, disable)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm, initargs=(pack, disable)) as pool:
        pending: dict[Future[dict[str, Any]], str] = {}
        queue = iter(teams)
        for team in queue:  # a bounded window keeps memory flat on thousands of teams
            pending[pool.submit(_review_one, team.okr, pack, profile, suggest, disable)] = team.key
            if len(pending) >= workers * 8:
                break
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                key = pending.pop(future)
                yield key, future.result()
                nxt = next(queue, None)
                if nxt is not None:
                    pending[pool.submit(_review_one, nxt.okr, pack, profile, suggest, disable)] = nxt.key
