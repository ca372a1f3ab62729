"""The batch over HTTP: upload, follow, open the report; bad uploads get a reason."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import Settings
from api.routes.batches import forget_batches

DRAFT = ("# {name} team\nObjective: Answer every customer fast\n"
         "- Cut first reply time from 9 h to 2 h by Q3\n- Launch the new help centre\n")


@pytest.fixture()
def client() -> TestClient:
    forget_batches()
    with TestClient(create_app(Settings())) as c:
        yield c  # type: ignore[misc]


def _wait(client: TestClient, state_url: str) -> dict:  # type: ignore[type-arg]
    for _ in range(300):
        state = client.get(state_url).json()
        if state["status"] != "running":
            return state  # type: ignore[no-any-return]
        time.sleep(0.05)
    raise AssertionError("the batch did not finish")


def test_upload_files_and_a_zip_follow_the_events_and_open_the_report(client: TestClient) -> None:
    pack = io.BytesIO()
    with zipfile.ZipFile(pack, "w") as archive:
        archive.writestr("q3/legal.md", DRAFT.format(name="Legal"))
        archive.writestr("../../escape.md", DRAFT.format(name="Escape"))  # the base name only is kept
        archive.writestr("q3/photo.png", b"\x89PNG")
    files = [("files", ("sales.md", DRAFT.format(name="Sales").encode(), "text/markdown")),
             ("files", ("support.md", DRAFT.format(name="Support").encode(), "text/markdown")),
             ("files", ("okrs.zip", pack.getvalue(), "application/zip"))]
    created = client.post("/api/v1/batches", files=files)
    assert created.status_code == 202, created.text
    body = created.json()
    assert body["files"] == 4 and body["skipped"] == ["q3/photo.png"]
    state = _wait(client, body["state"])
    assert state["status"] == "done" and state["totals"]["teams"] == 4
    with client.stream("GET", body["events"]) as events:
        text = "".join(events.iter_text())
    assert "event: done" in text and body["report"] in text
    report = client.get(body["report"])
    assert report.status_code == 200 and "Escape team" in report.text and "OKR batch review" in report.text
    assert "script-src" not in report.headers["content-security-policy"]  # no script may run there
    assert "default-src 'none'" in report.headers["content-security-policy"]
    team_page = report.text.split("href='", 1)[1].split("'", 1)[0]
    assert client.get(f"/batches/{body['id']}/{team_page}").status_code == 200


def test_bad_uploads_and_unknown_batches_get_a_reason(client: TestClient) -> None:
    none = client.post("/api/v1/batches", files=[("files", ("notes.exe", b"MZ", "application/octet-stream"))])
    assert none.status_code == 422 and "no draft files" in none.json()["reason"]
    broken = client.post("/api/v1/batches", files=[("files", ("a.zip", b"not a zip", "application/zip"))])
    assert broken.status_code == 422 and "cannot be opened" in broken.json()["reason"]
    assert client.get("/api/v1/batches/0123456789abcdef").status_code == 404
    assert client.get("/batches/../../etc/passwd/report.html").status_code == 404
    assert client.get("/batches/0123456789abcdef/teams/..%2f..%2fsecret.html").status_code == 404
    page = client.get("/batch")
    assert page.status_code == 200 and 'id="batch-files"' in page.text
