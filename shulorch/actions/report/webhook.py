"""Action `notify.webhook`: POST the run's summary as JSON (Slack-compatible `{"text": ...}` or the
full payload), with a timeout and retries with exponential backoff on 5xx, 429 and network errors.

A webhook URL often embeds its secret (Slack's do), so `url_env` is preferred and such URLs are
logged as scheme://host only.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from shulorch.actions.base import ActionContext, ActionResult
from shulorch.actions.report.message import compose
from shulorch.errors import ActionError

FORMATS = ("slack", "json")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
BODY_SHOWN = 500  # characters of an error response quoted in the failure message


def _url(ctx: ActionContext, args: Mapping[str, Any]) -> tuple[str, str]:
    """The URL and how to show it: in full when written in pipeline.yaml, host only when secret."""
    if args.get("url_env"):
        name = str(args["url_env"])
        url = ctx.env.get(name, "")
        if not url:
            raise ActionError(f"{ctx.task}: with.url_env names ${name}, which is not set; export it")
        parts = urlsplit(url)
        shown = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]} (from ${name})"
    elif args.get("url"):
        url = str(args["url"])
        shown = url
    else:
        raise ActionError(f"{ctx.task}: notify.webhook needs with.url or with.url_env")
    if urlsplit(url).scheme not in ("http", "https"):
        raise ActionError(f"{ctx.task}: webhook URL {shown} must be http:// or https://")
    return url, shown


def _headers(ctx: ActionContext, args: Mapping[str, Any]) -> dict[str, str]:
    headers = {"Content-Type": "application/json", "User-Agent": "shulorch"}
    headers.update({str(k): str(v) for k, v in dict(args.get("headers") or {}).items()})
    for header, name in dict(args.get("headers_env") or {}).items():
        value = ctx.env.get(str(name))
        if not value:
            raise ActionError(f"{ctx.task}: with.headers_env.{header} names ${name}, which is not set")
        headers[str(header)] = value
    return headers


def _opener(ctx: ActionContext, url: str) -> urllib.request.OpenerDirector:
    """Proxies from the task's environment (not the process's), honouring no_proxy."""
    proxies = {k.lower()[:-6]: v for k, v in ctx.env.items() if k.lower().endswith("_proxy") and v}
    host = urlsplit(url).hostname or ""
    # Not in typeshed, but public and documented next to getproxies().
    if urllib.request.proxy_bypass_environment(host, proxies):  # type: ignore[attr-defined]
        proxies = {}
    proxies.pop("no", None)
    return urllib.request.build_opener(urllib.request.ProxyHandler(proxies))


def _number(ctx: ActionContext, args: Mapping[str, Any], key: str, default: float, minimum: float) -> float:
    raw = args.get(key, default)
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw < minimum:
        raise ActionError(f"{ctx.task}: with.{key} = {raw!r} must be a number >= {minimum:g}")
    return float(raw)


def run(ctx: ActionContext, args: Mapping[str, Any]) -> ActionResult:
    """POST the notice; fail with the last status and response body when every attempt failed."""
    url, shown = _url(ctx, args)
    fmt = str(args.get("format", "slack"))
    if fmt not in FORMATS:
        raise ActionError(f"{ctx.task}: with.format = {fmt!r} must be one of {', '.join(FORMATS)}")
    timeout = _number(ctx, args, "timeout", 10, 0.001)
    retries = int(_number(ctx, args, "retries", 2, 0))
    backoff = _number(ctx, args, "backoff", 1.0, 0)
    notice = compose(ctx, args)
    payload = {"text": notice.text} if fmt == "slack" else dict(notice.payload)
    data = json.dumps(payload).encode("utf-8")
    opener = _opener(ctx, url)
    headers = _headers(ctx, args)
    started = time.monotonic()
    problem = ""
    for attempt in range(1, retries + 2):
        request = urllib.request.Request(url, data=data, headers=headers, method="POST")
        try:
            with opener.open(request, timeout=timeout) as response:
                status = int(response.status)
                response.read()
            ctx.log.info(f"webhook {shown}: {status} after {attempt} attempt(s)")
            return ActionResult(
                summary=f"webhook {shown} answered {status}",
                metrics={
                    "status": status,
                    "attempts": attempt,
                    "payload_bytes": len(data),
                    "duration": round(time.monotonic() - started, 3),
                    "format": fmt,
                },
            )
        except urllib.error.HTTPError as err:
            with err:
                body = err.read(BODY_SHOWN * 4).decode("utf-8", "replace")[:BODY_SHOWN]
            problem = f"answered {err.code} {err.reason}: {body.strip() or '(empty body)'}"
            if err.code not in RETRY_STATUSES:
                break
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            reason = err.reason if isinstance(err, urllib.error.URLError) else err
            problem = f"could not be reached: {reason}"
        if attempt <= retries:
            delay = backoff * 2 ** (attempt - 1)
            ctx.log.warning(f"webhook {shown} {problem.splitlines()[0]}; retrying in {delay:g}s")
            time.sleep(delay)
    raise ActionError(
        f"{ctx.task}: webhook {shown} {problem} (after {attempt} attempt(s)); check the URL "
        "and the receiving service"
    )
