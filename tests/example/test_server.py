"""The app under PHP's built-in server: /health and every documented operation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.example.conftest import php

pytestmark = pytest.mark.php


def _migrated(app: Path, db: Path) -> dict[str, str]:
    env = {"DB_DATABASE": str(db)}
    result = php(app, "php", "spark", "migrate", env=env)
    assert result.ok, result.tail()
    return env


def test_health_reports_release_from_release_file(app: Path, tmp_path: Path, serve: Any) -> None:
    (app / "RELEASE").write_text("20240601-1a2b3c4\n")
    env = _migrated(app, tmp_path / "app.sqlite") | {"APP_RELEASE": "ignored-when-file-exists"}

    reply = serve(app, env).call("GET", "/health")

    assert reply.status == 200
    assert reply.body == {"status": "ok", "release": "20240601-1a2b3c4", "database": True}


def test_health_is_503_when_the_database_does_not_answer(app: Path, tmp_path: Path, serve: Any) -> None:
    env = {"DB_DATABASE": str(tmp_path / "missing-dir" / "app.sqlite"), "APP_RELEASE": "r7"}

    reply = serve(app, env).call("GET", "/health")

    assert reply.status == 503
    assert reply.body == {"status": "unavailable", "release": "r7", "database": False}


def test_every_endpoint_answers_with_its_documented_status(app: Path, tmp_path: Path, serve: Any) -> None:
    server = serve(app, _migrated(app, tmp_path / "app.sqlite"))
    student = {
        "class_id": 1,
        "admission_no": "SL-2024-001",
        "first_name": "Amina",
        "last_name": "Otieno",
        "gender": "female",
    }

    created = server.call("POST", "/api/classes", {"name": "Grade 7 East", "grade_level": 7})
    assert (created.status, created.body["id"]) == (201, 1)
    assert server.call("POST", "/api/classes", {"grade_level": 40}).status == 400
    assert server.call("GET", "/api/classes").status == 200
    assert server.call("GET", "/api/classes/1").body["name"] == "Grade 7 East"
    assert server.call("PUT", "/api/classes/1", {"capacity": 30}).body["capacity"] == 30
    assert server.call("PATCH", "/api/classes/1", {"stream": "East"}).body["stream"] == "East"
    assert server.call("GET", "/api/classes/99").status == 404

    assert server.call("POST", "/api/students", student).status == 201
    assert server.call("POST", "/api/students", student).status == 400
    listed = server.call("GET", "/api/students?class_id=1")
    assert [s["admission_no"] for s in listed.body] == ["SL-2024-001"]
    assert server.call("PATCH", "/api/students/1", {"last_name": "Achieng"}).body["last_name"] == "Achieng"
    assert server.call("PUT", "/api/students/1", {"gender": "none"}).status == 400
    assert server.call("PUT", "/api/students/9", {"gender": "male"}).status == 404
    assert server.call("DELETE", "/api/classes/1").status == 400

    assert server.call("DELETE", "/api/students/1").body == {"id": 1}
    assert server.call("GET", "/api/students/1").status == 404
    assert server.call("DELETE", "/api/classes/1").status == 200
    assert server.call("DELETE", "/api/classes/1").status == 404
