"""Workshops and their learners' attempts, kept in SQLite under OKR_COACH_HOME.

Why a store: a trainer's dashboard must survive a server restart mid-workshop and export
the results afterwards; nothing leaves the machine. Each attempt is one row (who, which
exercise, which concept, right or not, the score), committed on its own (WAL), so the live
dashboard reads a consistent picture while learners keep answering.
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from coach.paths import home_dir

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out loud in a room
CODE_LENGTH = 6


class TutorStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or home_dir() / "tutor.sqlite3"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # WAL: a crash loses at most the last commits
            self._db.executescript("""
                CREATE TABLE IF NOT EXISTS workshops (code TEXT PRIMARY KEY, title TEXT, created REAL);
                CREATE TABLE IF NOT EXISTS attempts (workshop TEXT, learner TEXT, exercise TEXT, concept TEXT,
                    correct INTEGER, score REAL, at REAL);
                CREATE INDEX IF NOT EXISTS attempts_by_workshop ON attempts (workshop);
                CREATE TABLE IF NOT EXISTS sessions (key TEXT PRIMARY KEY, learner TEXT, workshop TEXT,
                    state TEXT, updated REAL);""")
            self._db.commit()

    def new_workshop(self, title: str = "") -> str:
        with self._lock:
            while True:
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                try:
                    self._db.execute("INSERT INTO workshops VALUES (?, ?, ?)", (code, title, time.time()))
                    self._db.commit()
                    return code
                except sqlite3.IntegrityError:
                    continue

    def has_workshop(self, code: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM workshops WHERE code = ?", (code,)).fetchone() is not None

    def attempts(self, workshop: str) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute("SELECT learner, exercise, concept, correct, score, at FROM attempts "
                                    "WHERE workshop = ? ORDER BY rowid", (workshop,)).fetchall()
        return [{"learner": r[0], "exercise": r[1], "concept": r[2], "correct": bool(r[3]), "score": r[4],
                 "at": r[5]} for r in rows]

    def dashboard(self, workshop: str) -> dict[str, Any]:
        """Learners, attempts, success per exercise and the concepts the room misses most."""
        rows = self.attempts(workshop)
        per: dict[str, list[bool]] = {}
        for row in rows:
            per.setdefault(row["exercise"], []).append(row["correct"])
        missed = Counter(row["concept"] for row in rows if not row["correct"])
        return {"code": workshop, "learners": len({r["learner"] for r in rows}), "attempts": len(rows),
                "exercises": {e: {"attempts": len(v), "success": round(sum(v) / len(v), 2)}
                              for e, v in per.items()},
                "mistakes": [{"concept": c, "count": n} for c, n in missed.most_common(10)]}

    def save_step(self, key: str, learner: str, workshop: str | None, state: dict[str, Any],
                  attempt: tuple[str, str, bool, float] | None = None) -> None:
        """One learner step in one transaction: the attempt (exercise, concept, correct, score)
        for the workshop, if any, and the session's new state."""
        import json

        now = time.time()
        with self._lock:
            if attempt is not None and workshop is not None:
                exercise, concept, correct, score = attempt
                self._db.execute("INSERT INTO attempts VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 (workshop, learner, exercise, concept, int(correct), score, now))
            self._db.execute("INSERT OR REPLACE INTO sessions VALUES (?, ?, ?, ?, ?)",
                             (key, learner, workshop, json.dumps(state), now))
            self._db.commit()

    def save_session(self, key: str, learner: str, workshop: str | None, state: dict[str, Any]) -> None:
        import json

        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO sessions VALUES (?, ?, ?, ?, ?)",
                             (key, learner, workshop, json.dumps(state), time.time()))
            self._db.commit()

    def load_session(self, key: str) -> tuple[str, str | None, dict[str, Any]] | None:
        import json

        with self._lock:
            row = self._db.execute("SELECT learner, workshop, state FROM sessions WHERE key = ?",
                                   (key,)).fetchone()
        return None if row is None else (row[0], row[1], json.loads(row[2]))

    def close(self) -> None:
        with self._lock:
            self._db.close()
