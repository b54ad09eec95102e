"""``shulorch deploy``: thin click wrappers to inspect and stop deployed environments."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from shulorch.actions.deploy.control import env_status, stop_environment
from shulorch.actions.deploy.layout import EnvLayout
from shulorch.errors import UsageError


def _layout(root: Path) -> EnvLayout:
    layout = EnvLayout(root=root.resolve())
    if not layout.state_file.is_file():
        raise UsageError(f"{root}: no deploy.json here; pass an environment root such as deploy/staging")
    return layout


@click.group()
def deploy() -> None:
    """Inspect and stop environments deployed by the deploy phase."""


@deploy.command()
@click.argument("root", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
def status(root: Path, as_json: bool) -> None:
    """Show the active release, the release log and the servers of ROOT."""
    info = env_status(_layout(root))
    if as_json:
        click.echo(json.dumps(asdict(info), indent=2))
        return
    port = info.public_port
    router = next((srv for srv in info.servers if srv.name == "router"), None)
    slot = next((srv for srv in info.servers if srv.name == info.active_slot), None)
    serving = bool(port and router and router.alive and slot and slot.alive)
    where = f"http://127.0.0.1:{port}" if port else "(no public port)"
    # "serves" only when the router and the active slot are alive right now.
    verb = "serves" if serving else "is active but NOT served (servers stopped) at"
    click.echo(
        f"{info.environment}: {info.active_release or 'nothing'} {verb} {where} "
        f"(slot {info.active_slot or '-'}, rollback target {info.previous_release or '-'})"
    )
    for rid, state in info.releases:
        click.echo(f"  release {rid:<32} {state}")
    for server in info.servers:
        alive = "running" if server.alive else "stopped"
        click.echo(
            f"  {server.name:<6} pid {server.pid:<7} port {server.port:<5} {alive:<7} {server.release or ''}"
        )


@deploy.command()
@click.argument("root", type=click.Path(path_type=Path))
@click.option(
    "--server",
    "servers",
    multiple=True,
    type=click.Choice(["blue", "green", "router"]),
    help="Stop only this server (repeatable); default all.",
)
def stop(root: Path, servers: tuple[str, ...]) -> None:
    """Stop the servers of ROOT (the router last)."""
    stopped = stop_environment(_layout(root), servers)
    click.echo(f"stopped: {', '.join(stopped) or 'nothing was running'}")
