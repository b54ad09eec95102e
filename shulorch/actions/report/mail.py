"""Action `notify.email`: mail the run's summary (dashboard attached or linked) over SMTP.

Secrets come only from environment variables named in `with:` and are never logged.
"""

from __future__ import annotations

import smtplib
import ssl
import time
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.report.message import compose
from shulorch.errors import ActionError


def _recipients(ctx: ActionContext, raw: Any) -> list[str]:
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not items or not all(isinstance(i, str) and "@" in i for i in items):
        raise ActionError(f"{ctx.task}: with.to must be an address or a list of addresses, got {raw!r}")
    return list(items)


def _secret(ctx: ActionContext, args: Mapping[str, Any], key: str) -> str | None:
    """The value of the environment variable named by ``with.<key>``; an unset name is an error."""
    name = args.get(key)
    if not name:
        return None
    value = ctx.env.get(str(name))
    if not value:
        raise ActionError(f"{ctx.task}: with.{key} names ${name}, which is not set; export it before the run")
    return value


def _port(ctx: ActionContext, args: Mapping[str, Any], use_ssl: bool) -> int:
    raw = args.get("port", 465 if use_ssl else 25)  # the protocol's well-known ports
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 < raw < 65536:
        raise ActionError(f"{ctx.task}: with.port = {raw!r} must be a TCP port number")
    return raw


def _tls_context(ctx: ActionContext, args: Mapping[str, Any]) -> ssl.SSLContext:
    """Verifying TLS context: the system store, or the CAs in with.cafile (an internal CA)."""
    cafile = args.get("cafile")
    if not cafile:
        return ssl.create_default_context()
    path = ctx.path(str(cafile))
    if not path.is_file():
        raise ActionError(f"{ctx.task}: with.cafile = {path} does not exist; give a PEM file of CA certs")
    return ssl.create_default_context(cafile=str(path))


def build_message(ctx: ActionContext, args: Mapping[str, Any], sender: str, to: list[str]) -> EmailMessage:
    notice = compose(ctx, args)
    message = EmailMessage()
    message["Subject"] = notice.subject
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message["X-Shulorch-Run"] = ctx.run_id
    message.set_content(notice.text)
    if args.get("attach", True) and notice.dashboard is not None:
        message.add_attachment(
            notice.dashboard.read_bytes(), maintype="text", subtype="html", filename="index.html"
        )
    return message


def run(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    """Send one mail to every address in with.to."""
    host = args.get("host")
    sender = args.get("from")
    if not host or not isinstance(sender, str) or "@" not in sender:
        raise ActionError(f"{ctx.task}: notify.email needs with.host and with.from (an address)")
    to = _recipients(ctx, args.get("to"))
    use_ssl = bool(args.get("ssl", False))
    port = _port(ctx, args, use_ssl)
    username = args.get("username") or _secret(ctx, args, "username_env")
    password = _secret(ctx, args, "password_env")
    if username and password is None:
        raise ActionError(
            f"{ctx.task}: with.username is set but with.password_env is not; name the "
            "environment variable that holds the SMTP password"
        )
    timeout = float(args.get("timeout", 30))
    message = build_message(ctx, args, sender, to)
    raw_size = len(message.as_bytes())
    where = f"{host}:{port}"
    context = _tls_context(ctx, args)
    tls: dict[str, Any] = {"context": context} if use_ssl else {}
    started = time.monotonic()
    try:
        smtp_cls = smtplib.SMTP_SSL if use_ssl else smtplib.SMTP
        with smtp_cls(str(host), port, timeout=timeout, **tls) as smtp:
            if args.get("starttls") and not use_ssl:
                smtp.starttls(context=context)
            if username and password is not None:
                smtp.login(str(username), password)
            refused = smtp.send_message(message, from_addr=sender, to_addrs=to)
    except smtplib.SMTPAuthenticationError as err:
        raise ActionError(
            f"{ctx.task}: SMTP server {where} rejected the login of {username!r} "
            f"({err.smtp_code}); check the user and ${args.get('password_env')}"
        ) from err
    except (smtplib.SMTPException, OSError) as err:
        raise ActionError(
            f"{ctx.task}: cannot send mail via {where}: {err}; check with.host, with.port "
            "and that the server accepts mail from this host"
        ) from err
    duration = round(time.monotonic() - started, 3)
    if refused:
        raise ActionError(
            f"{ctx.task}: {where} refused recipient(s) "
            + ", ".join(f"{addr} ({code})" for addr, (code, _) in sorted(refused.items()))
            + "; fix with.to"
        )
    ctx.log.info(f"mail sent via {where} to {len(to)} recipient(s): {message['Subject']}")
    return ActionResult(
        summary=f"mailed {len(to)} recipient(s) via {where}",
        metrics={
            "server": where,
            "recipients": len(to),
            "message_bytes": raw_size,
            "attached_dashboard": message.is_multipart(),
            "duration": duration,
        },
    )
