"""Benchmark of phase 2: cold generation of the eight example modules and the no-op rebuild through
codegen.generate, against rendering the same files with plain jinja2 in one process, in the same run.

Run from the repo root:  .venv/bin/python bench/codegen/bench.py [--repeat 3]
Every figure printed is measured in this run; nothing is estimated.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from shulorch.actions.codegen.spec import load_spec  # noqa: E402
from shulorch.process import run_process  # noqa: E402

TEMPLATE = REPO / "generators" / "ci4-module"
EXAMPLE = REPO / "examples" / "shulelabs"

# Runs in a fresh interpreter so "cold" includes importing copier, like a real first build.
_GENERATE = """
import json, sys, time
t0 = time.perf_counter()
sys.path[:0] = [{repo!r}]
from pathlib import Path
from tests.helpers import make_context
from shulorch.actions.codegen import generate
ctx = make_context(Path({project!r}), cwd=Path({app!r}))
statuses = []
for spec in sorted(Path({app!r}, "specs").glob("*.yaml")):
    r = generate.run(ctx, {{"spec": str(spec), "template": {template!r}, "dest": "app/Modules"}})
    statuses.append(r.metrics["status"])
print(json.dumps({{"seconds": time.perf_counter() - t0, "statuses": statuses,
                  "copier_imported": "copier" in sys.modules}}))
"""

_IMPORT_COPIER = "import time; t = time.perf_counter(); import copier; print(time.perf_counter() - t)"


def _python(code: str) -> str:
    result = run_process([sys.executable, "-c", code], cwd=REPO, timeout=300)
    if not result.ok:
        raise SystemExit(f"benchmark step failed:\n{result.tail(30)}")
    return result.stdout.strip().splitlines()[-1]


def _fresh_app(root: Path) -> Path:
    app = root / "shulelabs"
    shutil.copytree(EXAMPLE / "specs", app / "specs")
    (app / "app" / "Modules").mkdir(parents=True)
    return app


def _jinja_render(answers: list[dict[str, Any]], out: Path) -> int:
    """The same template files rendered with plain jinja2 (one environment, one process)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE)),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    sources = [p for p in (TEMPLATE / "template").rglob("*.jinja") if "_copier_conf" not in p.name]
    yield_re = re.compile(r"\{% yield (\w+) from (\w+) %\}(.*?)\{% endyield %\}")
    written = 0
    for data in answers:
        for src in sources:
            rel = src.relative_to(TEMPLATE).as_posix()
            dest_rel = src.relative_to(TEMPLATE / "template").as_posix().removesuffix(".jinja")
            template = env.get_template(rel)
            match = yield_re.search(dest_rel)
            items: list[tuple[str, dict[str, Any]]] = []
            if match:
                name, seq, body = match.groups()
                for value in data[seq]:
                    path = dest_rel.replace(match.group(0), env.from_string(body).render(**{name: value}))
                    items.append((path, {name: value}))
            else:
                items.append((dest_rel, {}))
            for path, extra in items:
                target = out / data["module_name"] / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(template.render(**data, **extra))
                written += 1
    return written


def measure(repeat: int) -> dict[str, Any]:
    colds, noops, jinjas, imports = [], [], [], []
    statuses: dict[str, Any] = {}
    files = 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="shulorch-bench-") as tmp:
            root = Path(tmp)
            app = _fresh_app(root)
            code = _GENERATE.format(repo=str(REPO), project=str(root), app=str(app), template=str(TEMPLATE))
            cold = json.loads(_python(code))
            noop = json.loads(_python(code))
            colds.append(cold["seconds"])
            noops.append(noop["seconds"])
            statuses = {
                "cold": sorted(set(cold["statuses"])),
                "noop": sorted(set(noop["statuses"])),
                "noop_imports_copier": noop["copier_imported"],
            }
            files = sum(1 for p in (app / "app" / "Modules").rglob("*") if p.is_file())
            imports.append(float(_python(_IMPORT_COPIER)))
            # Specs are loaded before the clock starts: this figure is the rendering alone.
            answers = [
                load_spec(p).template_data("2024-01-01-000000") for p in sorted(app.glob("specs/*.yaml"))
            ]
            started = time.perf_counter()
            rendered = _jinja_render(answers, root / "jinja")
            jinjas.append(time.perf_counter() - started)
    return {
        "modules": 8,
        "files_generated": files,
        "files_rendered_by_jinja": rendered,
        "cold_s": statistics.median(colds),
        "noop_s": statistics.median(noops),
        "jinja_s": statistics.median(jinjas),
        "import_copier_s": statistics.median(imports),
        "runs": repeat,
        **statuses,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs; the median is reported")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON only")
    opts = parser.parse_args()
    r = measure(opts.repeat)
    if opts.json:
        print(json.dumps(r, indent=2))
        return
    print(
        f"codegen benchmark: {r['modules']} modules, {r['files_generated']} files, median of {r['runs']} runs"
    )
    print(f"  import copier (fresh process)   {r['import_copier_s'] * 1000:8.1f} ms")
    print(
        f"  cold generation (new process)   {r['cold_s'] * 1000:8.1f} ms"
        f"  ({r['cold_s'] * 1000 / r['modules']:.1f} ms/module; statuses {r['cold']})"
    )
    print(
        f"  no-op rebuild (new process)     {r['noop_s'] * 1000:8.1f} ms"
        f"  (statuses {r['noop']}; copier imported: {r['noop_imports_copier']})"
    )
    rendered = r["files_rendered_by_jinja"]
    print(f"  plain jinja2, same files        {r['jinja_s'] * 1000:8.1f} ms  ({rendered} files)")
    print(f"  ratio cold / jinja2             {r['cold_s'] / r['jinja_s']:8.1f} x")
    print(f"  ratio no-op / jinja2            {r['noop_s'] / r['jinja_s']:8.1f} x")
    print(f"  ratio cold / no-op              {r['cold_s'] / r['noop_s']:8.1f} x")
    goal = "met" if r["cold_s"] < 2.0 else "NOT met"
    print(
        f"  goal 'eight modules cold < 2 s': {goal}; goal 'no-op imports no copier': "
        f"{'met' if not r['noop_imports_copier'] else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
