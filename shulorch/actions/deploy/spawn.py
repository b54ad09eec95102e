"""Launcher run through the process helper: starts one server in its own session and exits.

The helper kills its child's process group when the child ends; a deployed server must outlive
that, so this short-lived launcher starts it with ``start_new_session`` and prints its pid.
Run as a script (stdlib only): ``python spawn.py '{"argv": [...], "cwd": "...", "log": "..."}'``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys


def main(argv: list[str]) -> int:
    spec = json.loads(argv[1])
    with open(spec["log"], "ab") as log:
        proc = subprocess.Popen(
            spec["argv"],
            cwd=spec["cwd"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
        )
    sys.stdout.write(f"{proc.pid}\n")
    sys.stdout.flush()
    # Skip interpreter finalisers: the Popen object must not wait for, or warn about, the server.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
