"""notify.email against a real SMTP receiver, notify.webhook against a real HTTP receiver."""

from __future__ import annotations

import email
import email.policy
import shutil
import socket
import ssl
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from shulorch.actions.base import ActionContext, TaskMetrics
from shulorch.actions.report import dashboard, generate, mail, webhook
from shulorch.errors import ActionError
from tests.helpers import ListLogger, make_context
from tests.report.conftest import RUN_ID, HookState, SmtpServer, SmtpState

SECRET = "s3cr3t-Pa55"


def reported_ctx(tmp_path: Path, results: dict[str, TaskMetrics], **env: str) -> ActionContext:
    ctx = make_context(tmp_path, task="reports.notify", results=results, env={"PATH": "/usr/bin", **env})
    generate.run(ctx, {})
    dashboard.run(ctx, {})
    return ctx


def logged(ctx: ActionContext) -> str:
    assert isinstance(ctx.log, ListLogger)
    return ctx.log.text()


def parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_email_is_received_with_summary_and_dashboard(
    tmp_path: Path, results: dict[str, TaskMetrics], smtp_server: tuple[SmtpServer, SmtpState]
) -> None:
    server, state = smtp_server
    ctx = reported_ctx(tmp_path, results, SMTP_PASSWORD=SECRET)
    args = {
        "host": "127.0.0.1",
        "port": server.server_address[1],
        "from": "ci@example.com",
        "to": ["lead@example.com", "qa@example.com"],
        "username": "ci",
        "password_env": "SMTP_PASSWORD",
    }
    result = mail.run(ctx, args)
    assert state.logins == [("ci", SECRET)]
    assert len(state.mails) == 1
    received = state.mails[0]
    assert received.recipients == ["lead@example.com", "qa@example.com"]
    message = parse(received.data)
    assert message["Subject"] == f"[shulorch] run {RUN_ID}: failed"
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    assert "tests: 37 tests" in text
    assert "Risks:" in text
    attachments = list(message.iter_attachments())
    assert [a.get_filename() for a in attachments] == ["index.html"]
    assert f"Run {RUN_ID}" in attachments[0].get_content()
    assert result.metrics["recipients"] == 2
    assert result.metrics["message_bytes"] == pytest.approx(len(received.data), rel=0.05)
    assert SECRET not in logged(ctx)


def test_email_without_reports_says_so(tmp_path: Path, smtp_server: tuple[SmtpServer, SmtpState]) -> None:
    server, state = smtp_server
    ctx = make_context(tmp_path, task="reports.notify")
    mail.run(
        ctx,
        {
            "host": "127.0.0.1",
            "port": server.server_address[1],
            "from": "ci@example.com",
            "to": "lead@example.com",
            "link": "https://ci.example.com/runs/1/index.html",
        },
    )
    message = parse(state.mails[0].data)
    assert "unknown (reports not generated)" in message["Subject"]
    assert not message.is_multipart()
    assert "https://ci.example.com/runs/1/index.html" in message.get_content()


def test_refused_recipient_fails_the_task(
    tmp_path: Path, results: dict[str, TaskMetrics], smtp_server: tuple[SmtpServer, SmtpState]
) -> None:
    server, state = smtp_server
    state.reject.add("gone@example.com")
    ctx = reported_ctx(tmp_path, results)
    with pytest.raises(ActionError, match=r"refused recipient\(s\) gone@example.com \(550\)"):
        mail.run(
            ctx,
            {
                "host": "127.0.0.1",
                "port": server.server_address[1],
                "from": "ci@example.com",
                "to": ["lead@example.com", "gone@example.com"],
            },
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        ({"to": "a@example.com"}, {}, "needs with.host and with.from"),
        ({"host": "127.0.0.1", "from": "ci@example.com", "to": "nobody"}, {}, "with.to must be"),
        (
            {
                "host": "127.0.0.1",
                "from": "ci@example.com",
                "to": "a@example.com",
                "username": "ci",
                "password_env": "SMTP_PASSWORD",
            },
            {},
            r"names \$SMTP_PASSWORD, which is not set",
        ),
        (
            {"host": "127.0.0.1", "from": "ci@example.com", "to": "a@example.com", "port": "PORT_CLOSED"},
            {},
            "cannot send mail via 127.0.0.1:",
        ),
    ],
)
def test_email_errors_say_what_to_fix(
    tmp_path: Path, args: dict[str, Any], env: dict[str, str], message: str
) -> None:
    if args.get("port") == "PORT_CLOSED":
        args = {**args, "port": free_port(), "timeout": 5}
    ctx = make_context(tmp_path, task="reports.notify", env=env)
    with pytest.raises(ActionError, match=message):
        mail.run(ctx, args)


def test_webhook_posts_slack_payload(
    tmp_path: Path, results: dict[str, TaskMetrics], webhook_server: tuple[str, HookState]
) -> None:
    url, state = webhook_server
    ctx = reported_ctx(tmp_path, results, SLACK_URL=url, HOOK_TOKEN="tok-123")
    result = webhook.run(ctx, {"url_env": "SLACK_URL", "headers_env": {"Authorization": "HOOK_TOKEN"}})
    assert len(state.requests) == 1
    got = state.requests[0]
    assert got["path"] == "/hook/secret-token"
    assert got["headers"]["Authorization"] == "tok-123"
    assert set(got["json"]) == {"text"}
    assert got["json"]["text"].startswith(f"Run {RUN_ID}: failed.")
    assert result.metrics["status"] == 200 and result.metrics["attempts"] == 1
    # The URL's path is its secret: logs show the host only.
    assert "secret-token" not in logged(ctx) and "tok-123" not in logged(ctx)
    assert "127.0.0.1" in logged(ctx)


def test_webhook_json_payload_carries_measured_values(
    tmp_path: Path, results: dict[str, TaskMetrics], webhook_server: tuple[str, HookState]
) -> None:
    url, state = webhook_server
    ctx = reported_ctx(tmp_path, results)
    webhook.run(ctx, {"url": url, "format": "json"})
    payload = state.requests[0]["json"]
    assert payload["run_id"] == RUN_ID
    assert payload["headline"]["tests"] == 37
    assert payload["headline"]["line_coverage"] == 83.0
    assert payload["risk_counts"]["high"] >= 1


def test_webhook_500_fails_with_status_and_body_after_retries(
    tmp_path: Path, results: dict[str, TaskMetrics], webhook_server: tuple[str, HookState]
) -> None:
    url, state = webhook_server
    state.answers = [(500, "boom: database down")] * 3
    ctx = reported_ctx(tmp_path, results)
    with pytest.raises(ActionError) as err:
        webhook.run(ctx, {"url": url, "retries": 2, "backoff": 0.01})
    assert "answered 500" in str(err.value)
    assert "boom: database down" in str(err.value)
    assert "after 3 attempt(s)" in str(err.value)
    assert len(state.requests) == 3


def test_webhook_retries_then_succeeds(
    tmp_path: Path, results: dict[str, TaskMetrics], webhook_server: tuple[str, HookState]
) -> None:
    url, state = webhook_server
    state.answers = [(503, "busy")]
    ctx = reported_ctx(tmp_path, results)
    result = webhook.run(ctx, {"url": url, "retries": 2, "backoff": 0.01})
    assert result.metrics["attempts"] == 2
    assert "retrying" in logged(ctx)


def test_webhook_4xx_is_not_retried(
    tmp_path: Path, results: dict[str, TaskMetrics], webhook_server: tuple[str, HookState]
) -> None:
    url, state = webhook_server
    state.answers = [(404, "no such hook")]
    ctx = reported_ctx(tmp_path, results)
    with pytest.raises(ActionError, match=r"answered 404 Not Found: no such hook \(after 1 attempt"):
        webhook.run(ctx, {"url": url, "retries": 3, "backoff": 0.01})
    assert len(state.requests) == 1


def test_webhook_unreachable_fails(tmp_path: Path) -> None:
    ctx = make_context(tmp_path, task="reports.notify", env={})
    with pytest.raises(ActionError, match="could not be reached"):
        webhook.run(ctx, {"url": f"http://127.0.0.1:{free_port()}/x", "retries": 0, "timeout": 5})


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({}, "needs with.url or with.url_env"),
        ({"url_env": "NOPE"}, r"\$NOPE, which is not set"),
        ({"url": "ftp://example.com/x"}, "must be http:// or https://"),
        ({"url": "http://127.0.0.1/x", "format": "xml"}, "with.format"),
        ({"url": "http://127.0.0.1/x", "retries": -1}, "with.retries"),
    ],
)
def test_webhook_argument_errors(tmp_path: Path, args: dict[str, Any], message: str) -> None:
    ctx = make_context(tmp_path, task="reports.notify", env={})
    with pytest.raises(ActionError, match=message):
        webhook.run(ctx, args)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl CLI needed to make a test certificate")
def test_email_over_starttls_with_a_private_ca(
    tmp_path: Path,
    results: dict[str, TaskMetrics],
    smtp_server: tuple[SmtpServer, SmtpState],
    tls_files: tuple[str, str],
) -> None:
    server, state = smtp_server
    cert, key = tls_files
    state.tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    state.tls.load_cert_chain(cert, key)
    ctx = reported_ctx(tmp_path, results, SMTP_PASSWORD=SECRET)
    args = {
        "host": "127.0.0.1",
        "port": server.server_address[1],
        "from": "ci@example.com",
        "to": "lead@example.com",
        "starttls": True,
        "cafile": cert,
        "username": "ci",
        "password_env": "SMTP_PASSWORD",
    }
    mail.run(ctx, args)
    assert state.secured is True
    assert state.logins == [("ci", SECRET)]
    assert len(state.mails) == 1


def test_starttls_against_an_untrusted_certificate_fails(
    tmp_path: Path, smtp_server: tuple[SmtpServer, SmtpState], tls_files: tuple[str, str]
) -> None:
    server, state = smtp_server
    state.tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    state.tls.load_cert_chain(*tls_files)
    ctx = make_context(tmp_path, task="reports.notify")
    args = {
        "host": "127.0.0.1",
        "port": server.server_address[1],
        "from": "ci@example.com",
        "to": "lead@example.com",
        "starttls": True,
    }
    with pytest.raises(ActionError, match=r"cannot send mail via 127\.0\.0\.1:.*CERTIFICATE_VERIFY_FAILED"):
        mail.run(ctx, args)
    assert state.mails == []
