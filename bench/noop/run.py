"""No-op rebuild benchmark: shulorch against raw doit on the same 1000-task graph, in one run.

Generates, in a temporary folder, 1000 tasks over real files (chains of diamonds: a -> b, a -> c,
b + c -> d, and each group's a depends on the previous group's d), as a pipeline.yaml and as the
equivalent doit dodo.py. Runs both to completion, then times the no-op rerun of each (best of N,
whole process: interpreter start, YAML parsing and schema validation included) and prints the ratio.

    python bench/noop/run.py [--tasks 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def generate(root: Path, groups: int, chain: int) -> None:
    (root / "src").mkdir()
    tasks_yaml: list[str] = []
    dodo: list[str] = ["DOIT_CONFIG = {'dep_file': '.doit.db', 'backend': 'sqlite3', 'verbosity': 0}", ""]
    for g in range(groups):
        (root / "src" / f"in{g}.txt").write_text(f"input {g}\n")
        prev = f"out/d{g - 1}.txt" if g % chain else None
        a_deps = [f"src/in{g}.txt"] + ([prev] if prev else [])
        spec = {
            f"a{g}": (a_deps, f"out/a{g}.txt"),
            f"b{g}": ([f"out/a{g}.txt"], f"out/b{g}.txt"),
            f"c{g}": ([f"out/a{g}.txt"], f"out/c{g}.txt"),
            f"d{g}": ([f"out/b{g}.txt", f"out/c{g}.txt"], f"out/d{g}.txt"),
        }
        for name, (deps, target) in spec.items():
            cmd = f"cat {' '.join(deps)} > {target}"
            tasks_yaml += [
                f"      {name}:",
                f'        run: "{cmd}"',
                f"        file_dep: [{', '.join(deps)}]",
                f"        targets: [{target}]",
            ]
            dodo += [
                f"def task_{name}():",
                f"    return {{'actions': [{cmd!r}], 'file_dep': {deps!r}, 'targets': [{target!r}]}}",
                "",
            ]
    header = ["version: 1", "project: bench", "phases:", "  build:", "    tasks:"]
    (root / "pipeline.yaml").write_text("\n".join(header + tasks_yaml) + "\n")
    (root / "dodo.py").write_text("\n".join(dodo) + "\n")
    (root / "out").mkdir()


def timed(argv: list[str], cwd: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1000, help="number of tasks (multiple of 4)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    py = sys.executable
    shulorch = [py, "-m", "shulorch"]
    doit = [py, "-m", "doit", "-f", "dodo.py"]
    with tempfile.TemporaryDirectory(prefix="shulorch-bench-") as tmp:
        root = Path(tmp)
        generate(root, args.tasks // 4, chain=10)
        first_s = timed([*shulorch, "build"], root, 1)
        # doit's targets are shulorch's too: give doit its own copy of the outputs.
        subprocess.run(["rm", "-rf", "out"], cwd=root, check=True)
        (root / "out").mkdir()
        first_d = timed([*doit], root, 1)
        noop_s = timed([*shulorch, "build"], root, args.repeat)
        noop_d = timed([*doit], root, args.repeat)
        help_s = timed([*shulorch, "--help"], root, args.repeat)
        bare = timed([py, "-c", "pass"], root, args.repeat)
        plan_s = timed([*shulorch, "plan"], root, args.repeat)
    print(f"tasks: {args.tasks}  (best of {args.repeat}; whole processes)")
    print(f"first build      shulorch {first_s * 1000:8.0f} ms   doit {first_d * 1000:8.0f} ms")
    print(
        f"no-op rebuild    shulorch {noop_s * 1000:8.0f} ms   doit {noop_d * 1000:8.0f} ms   "
        f"ratio {noop_s / noop_d:.2f}x (goal <= 1.30x)"
    )
    print(f"plan (dry run)   shulorch {plan_s * 1000:8.0f} ms")
    print(f"shulorch --help  {help_s * 1000:8.0f} ms (goal < 200 ms); python -c pass {bare * 1000:.0f} ms")


if __name__ == "__main__":
    main()
