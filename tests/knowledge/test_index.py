"""The chroma-backed index: build, hybrid search, incremental rebuild, filters, offline."""

from __future__ import annotations

import io
import ipaddress
import json
import shutil
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coach.knowledge.embeddings import Embedder, HashingEmbedder, get_embedder, minilm_problem
from coach.knowledge.index import KnowledgeIndex, parse_chroma_url
from coach.paths import home_dir

FIXTURES = Path(__file__).parents[1] / "fixtures" / "kb"
REPO = Path(__file__).resolve().parents[2]

needs_minilm = pytest.mark.skipif(minilm_problem() is not None, reason=str(minilm_problem()))


class CountingEmbedder:
    """Wraps an embedder and records every text it is asked to embed."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.seen: list[str] = []

    def embed(self, texts: list[str]) -> list[list[float]]:
        self.seen.extend(texts)
        return self.inner.embed(texts)


def _is_local(address: Any) -> bool:
    if isinstance(address, tuple) and address:
        host = str(address[0])
        if host == "localhost":
            return True
        try:
            return ipaddress.ip_address(host.split("%")[0]).is_loopback
        except ValueError:
            return False
    return True  # AF_UNIX paths and the like


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Any connect() to a non-loopback address raises (and is recorded)."""
    attempts: list[Any] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def guard(self: socket.socket, address: Any) -> Any:
        if not _is_local(address):
            attempts.append(address)
            raise OSError(f"network disabled in tests: {address!r}")
        return real_connect(self, address)

    def guard_ex(self: socket.socket, address: Any) -> Any:
        if not _is_local(address):
            attempts.append(address)
            raise OSError(f"network disabled in tests: {address!r}")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", guard)
    monkeypatch.setattr(socket.socket, "connect_ex", guard_ex)
    yield attempts


@pytest.fixture(scope="module")
def minilm() -> Embedder:
    if minilm_problem():
        pytest.skip(str(minilm_problem()))
    return get_embedder("minilm")


@pytest.fixture(scope="module")
def index(minilm: Embedder, tmp_path_factory: pytest.TempPathFactory) -> KnowledgeIndex:
    idx = KnowledgeIndex(home=tmp_path_factory.mktemp("home"), embedder=minilm, docs_root=FIXTURES)
    idx.build()
    return idx


def _copy_fixtures(tmp_path: Path) -> Path:
    docs = tmp_path / "kb"
    shutil.copytree(FIXTURES, docs)
    return docs


def test_parse_chroma_url() -> None:
    assert parse_chroma_url("http://chroma.internal:9000") == ("chroma.internal", 9000, False)
    assert parse_chroma_url("https://kb.example.org") == ("kb.example.org", 443, True)
    assert parse_chroma_url("localhost:8000") == ("localhost", 8000, False)
    with pytest.raises(ValueError, match="OKR_COACH_CHROMA_URL"):
        parse_chroma_url("ftp://x")


def test_build_stores_every_passage(index: KnowledgeIndex) -> None:
    assert index.count() == 9
    assert index.path.parent.parent.name.startswith("home")


def test_semantic_question_finds_focus_section(index: KnowledgeIndex) -> None:
    hits = index.search("how many key results should one objective have", k=3)
    assert hits[0].id == "focus#how-many-key-results-per-objective"
    assert hits[0].score >= hits[1].score >= hits[2].score
    assert hits[0].title.startswith("Focus") and hits[0].heading.startswith("How many")


@pytest.mark.parametrize(
    ("query", "expected"),
    [("KPI", "kpis#what-a-kpi-is"), ("NPS", "kpis#using-nps-as-a-key-result")],
)
def test_acronyms_are_found_lexically(index: KnowledgeIndex, query: str, expected: str) -> None:
    hits = index.search(query, k=3)
    assert hits[0].id == expected
    assert hits[0].lexical > 0 and hits[0].lexical == max(h.lexical for h in hits)


def test_filters_by_criterion_and_topic(index: KnowledgeIndex) -> None:
    hits = index.search("target", k=10, criteria="okr-core.kr-measurable")
    assert hits and {h.doc_id for h in hits} == {"kpis", "ambition"}
    hits = index.search("target", k=10, criteria=["okr-core.kr-outcome", "okr-core.set-focus"])
    assert {h.doc_id for h in hits} == {"outcomes", "focus"}
    hits = index.search("target", k=10, topics="ambition")
    assert {h.doc_id for h in hits} == {"ambition"}
    hits = index.search("target", k=10, criteria="okr-core.kr-measurable", topics="kpi")
    assert {h.doc_id for h in hits} == {"kpis"}
    assert index.search("target", criteria="okr-core.nothing") == []
    assert index.search("   ") == []


def test_rebuild_reembeds_only_changed_passages(tmp_path: Path) -> None:
    docs = _copy_fixtures(tmp_path)
    emb = CountingEmbedder(HashingEmbedder())
    idx = KnowledgeIndex(home=tmp_path / "home", embedder=emb, docs_root=docs)
    first = idx.build()
    assert (first.added, first.updated, first.unchanged, first.deleted) == (9, 0, 0, 0)
    assert first.embedded == 9

    emb.seen.clear()
    again = idx.build()
    assert (again.added, again.updated, again.unchanged, again.embedded) == (0, 0, 9, 0)

    focus = docs / "focus.md"
    text = focus.read_text(encoding="utf-8")
    focus.write_text(text.replace("Three to five", "Two to four"), encoding="utf-8")
    (docs / "outcomes.md").write_text(
        (docs / "outcomes.md").read_text(encoding="utf-8").split("## Asking")[0], encoding="utf-8"
    )
    emb.seen.clear()
    stats = idx.build()
    assert (stats.added, stats.updated, stats.unchanged, stats.deleted) == (0, 1, 7, 1)
    assert stats.embedded == 1 and len(emb.seen) == 1 and "Two to four" in emb.seen[0]
    assert idx.count() == 8

    # A new process (new index object) sees the same state and has nothing to do.
    reopened = KnowledgeIndex(home=tmp_path / "home", embedder=emb, docs_root=docs).build()
    assert reopened.embedded == 0 and reopened.unchanged == 8


def test_metadata_change_updates_without_reembedding(tmp_path: Path) -> None:
    docs = _copy_fixtures(tmp_path)
    emb = CountingEmbedder(HashingEmbedder())
    idx = KnowledgeIndex(home=tmp_path / "home", embedder=emb, docs_root=docs)
    idx.build()
    kpis = docs / "kpis.md"
    kpis.write_text(
        kpis.read_text(encoding="utf-8").replace("topics: [kpi, metrics]", "topics: [kpi, nps]"),
        encoding="utf-8",
    )
    stats = idx.build()
    assert stats.embedded == 0 and stats.updated == 2
    assert {h.doc_id for h in idx.search("score", k=10, topics="nps")} == {"kpis"}


def test_search_builds_lazily_and_notices_stale_docs(tmp_path: Path) -> None:
    docs = _copy_fixtures(tmp_path)
    idx = KnowledgeIndex(home=tmp_path / "home", embedder=HashingEmbedder(), docs_root=docs)
    assert idx.search("NPS", k=1)[0].id == "kpis#using-nps-as-a-key-result"
    (docs / "extra.md").write_text(
        "---\nid: extra\ntitle: Extra\ntopics: [x]\ncriteria: [c]\naudience: [a]\n---\n"
        "## Quokkas\nQuokka metrics are unusual.\n",
        encoding="utf-8",
    )
    fresh = KnowledgeIndex(home=tmp_path / "home", embedder=HashingEmbedder(), docs_root=docs)
    assert fresh.search("quokka", k=1)[0].id == "extra#quokkas"


def test_separate_collections_per_embedder(tmp_path: Path) -> None:
    a = KnowledgeIndex(home=tmp_path, embedder=HashingEmbedder(), docs_root=FIXTURES)
    assert a.collection_name == "okr-kb-hashing"


@needs_minilm
def test_build_and_search_with_network_guard(
    tmp_path: Path, minilm: Embedder, no_network: list[Any]
) -> None:
    idx = KnowledgeIndex(home=tmp_path / "home", embedder=minilm, docs_root=FIXTURES)
    assert idx.build().embedded == 9
    assert idx.search("what is a KPI", k=1)[0].doc_id == "kpis"
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with probe, pytest.raises(OSError, match="network disabled"):
        probe.connect(("192.0.2.1", 80))  # the guard itself works
    assert no_network == [("192.0.2.1", 80)]


def _unshare_available() -> bool:
    if shutil.which("unshare") is None:
        return False
    try:
        return (
            subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False).returncode
            == 0
        )
    except OSError:
        return False


@needs_minilm
@pytest.mark.skipif(not _unshare_available(), reason="`unshare -n` is not permitted here")
def test_build_and_search_in_a_network_namespace_without_network(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import json, socket
        from pathlib import Path
        from coach.knowledge.index import KnowledgeIndex
        try:
            socket.create_connection(("192.0.2.1", 80), timeout=1)
            online = True
        except OSError:
            online = False
        idx = KnowledgeIndex(home=Path({str(tmp_path)!r}), docs_root=Path({str(FIXTURES)!r}))
        stats = idx.build()
        hit = idx.search("how many key results", k=1)[0]
        print(json.dumps({{"online": online, "embedded": stats.embedded, "top": hit.id}}))
        """
    )
    run = subprocess.run(
        ["unshare", "-n", sys.executable, "-c", script],
        capture_output=True,
        check=False,
        text=True,
        cwd=REPO,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "OKR_COACH_EMBEDDER": "minilm"},
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result == {
        "online": False,
        "embedded": 9,
        "top": "focus#how-many-key-results-per-objective",
    }


def test_kb_commands_ask_and_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coach.cli import kb as kb_commands

    monkeypatch.setenv("OKR_COACH_HOME", str(tmp_path))
    monkeypatch.setenv("OKR_COACH_EMBEDDER", "hashing")
    monkeypatch.delenv("OKR_COACH_CHROMA_URL", raising=False)
    monkeypatch.setattr("coach.knowledge.index.data_dir", lambda name: FIXTURES)

    out = io.StringIO()
    assert kb_commands.kb_build(out) == 0
    assert "9 passages (9 added" in out.getvalue()

    from coach.cli.ask import ask

    out = io.StringIO()
    assert ask("NPS", 2, "json", out) == 0
    payload = json.loads(out.getvalue())
    assert payload["hits"][0]["id"] == "kpis#using-nps-as-a-key-result"
    assert set(payload["hits"][0]) >= {"id", "title", "heading", "score", "excerpt", "text"}

    out = io.StringIO()
    assert ask("NPS", 1, "text", out) == 0
    assert "[kpis#using-nps-as-a-key-result]" in out.getvalue()


def test_ask_rejects_empty_question(capsys: pytest.CaptureFixture[str]) -> None:
    from coach.cli import main

    assert main(["ask", "  "]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "question" in err
    assert main(["ask", "x", "-k", "0"]) == 2


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    """A chroma server on loopback, started from the venv's ``chroma`` command."""
    exe = Path(sys.executable).parent / "chroma"
    if not exe.exists():
        pytest.skip("the chroma command is not installed")
    port = _free_port()
    proc = subprocess.Popen(
        [
            str(exe),
            "run",
            "--path",
            str(tmp_path / "srv"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.skip("chroma server did not start")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_http_client_against_a_local_server(
    chroma_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OKR_COACH_CHROMA_URL", chroma_server)
    idx = KnowledgeIndex(embedder=HashingEmbedder(), docs_root=FIXTURES)
    assert idx.url == chroma_server
    assert idx.build().added == 9
    assert idx.search("NPS", k=1)[0].id == "kpis#using-nps-as-a-key-result"
    # Without a local docs folder the index serves what the server stores.
    remote = KnowledgeIndex(embedder=HashingEmbedder(), docs_root=tmp_path / "none")
    assert remote.search("NPS", k=1, criteria="okr-core.kr-measurable")[0].doc_id == "kpis"
    assert not (home_dir() / "kb").exists()  # nothing was written locally


def test_ask_falls_back_to_word_match_when_the_server_is_unreachable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The passages still come (from the bundled guidance), with one line saying why they are word-match."""
    from coach.cli import main

    monkeypatch.setenv("OKR_COACH_CHROMA_URL", f"http://127.0.0.1:{_free_port()}")
    monkeypatch.setenv("OKR_COACH_EMBEDDER", "hashing")
    assert main(["ask", "NPS", "-k", "3"]) == 0
    out, err = capsys.readouterr()
    assert err.startswith("okr-coach: hybrid search failed") and err.count("\n") == 1
    assert "word-match" in err and out.startswith("1. ")
