"""Benchmark of phase 1 backups (issue 5): on a generated tree (default 20,000 files, ~300 MB) in a
temporary folder, time a full snapshot against `tar -I zstd` and `tar -czf`, the unchanged re-snapshot
against the first, and rollback.sh; print the figures and the ratios the issue asks for.

Run: .venv/bin/python bench/backup/run.py [--files 20000] [--mb 300] [--example examples/shulelabs]
Every figure is measured in this run; a missing tool is reported as "not run".
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from shulorch.actions.backup.scan import parse_patterns, scan_tree
from shulorch.actions.backup.snapshot import SnapshotOptions, take_snapshot
from shulorch.actions.backup.store import sync_filesystem
from shulorch.process import ProcessResult, run_process


class _Quiet:
    def info(self, message: str) -> None: ...
    def warning(self, message: str) -> None: ...
    def error(self, message: str) -> None: ...


def generate(root: Path, files: int, total_mb: int, seed: int = 5) -> tuple[int, int]:
    """A PHP-project-like tree: many small text files and a few large binaries (~2/3 of the bytes)."""
    rng = random.Random(seed)
    words = [bytes(rng.choices(b"abcdefghijklmnopqrstuvwxyz_", k=rng.randint(2, 10))) for _ in range(5000)]
    text = b" ".join(rng.choices(words, k=400_000)).replace(b"_ ", b";\n")  # compressible, like source
    big_count = max(1, files // 100)
    big_size = total_mb * 2 // 3 * 1_000_000 // big_count
    small_avg = (total_mb * 1_000_000 - big_size * big_count) // (files - big_count)
    written = 0
    for i in range(files):
        folder = root / f"module{i % 40:02d}" / f"sub{i % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        if i < big_count:
            data = rng.randbytes(big_size)
            path = folder / f"asset{i}.bin"
        else:
            size = rng.randint(small_avg // 4, small_avg * 7 // 4)
            start = rng.randrange(0, len(text) - size)
            data = b"<?php // file %d\n" % i + text[start : start + size]
            path = folder / f"File{i}.php"
        path.write_bytes(data)
        written += len(data)
    return files, written


def timed(argv: Sequence[str], cwd: Path) -> tuple[float, ProcessResult | None]:
    if shutil.which(argv[0]) is None:
        return float("nan"), None
    start = time.monotonic()
    result = run_process(list(argv), cwd=cwd)
    took = time.monotonic() - start
    if not result.ok:
        raise SystemExit(f"{' '.join(argv)} failed: {result.tail()}")
    return took, result


def disk_usage(root: Path, seen: set[int]) -> int:
    """Bytes allocated under ``root`` for inodes not in ``seen`` (hard links counted once)."""
    total = 0
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            st = os.lstat(os.path.join(folder, name))
            if st.st_ino not in seen:
                seen.add(st.st_ino)
                total += st.st_blocks * 512
    return total


def snapshot(source: Path, backups: Path) -> tuple[float, Mapping[str, int]]:
    def run(argv: Sequence[str], env: Mapping[str, str]) -> ProcessResult:
        return run_process(list(argv), cwd=source, env=env)

    start = time.monotonic()
    report = take_snapshot(
        SnapshotOptions(source=source, backups_dir=backups, exclude=()), run, dict(os.environ), _Quiet()
    )
    took = time.monotonic() - start
    return took, {"files": report.files, "bytes": report.bytes, "new_bytes": report.new_bytes}


def rollback_time(backups: Path, target: Path) -> float:
    folder = sorted(p for p in backups.iterdir() if not p.name.startswith("."))[-1]
    start = time.monotonic()
    result = run_process(["sh", str(folder / "rollback.sh"), str(target)], cwd=backups)
    took = time.monotonic() - start
    if not result.ok:
        raise SystemExit(f"rollback.sh failed: {result.tail()}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--mb", type=int, default=300)
    parser.add_argument("--example", type=Path, default=Path("examples/shulelabs"))
    opts = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="shulorch-bench-"))
    try:
        tree = work / "tree"
        start = time.monotonic()
        files, size = generate(tree, opts.files, opts.mb)
        took = time.monotonic() - start
        print(f"tree: {files} files, {size / 1e6:.1f} MB, generated in {took:.1f} s ({work})")
        sync_filesystem(work)  # start every measurement with no dirty pages of the generator
        start = time.monotonic()
        scan_tree(tree, parse_patterns(()))
        print(f"tree scan (lstat of every entry):        {time.monotonic() - start:6.2f} s")

        zstd, _ = timed(["tar", "-I", "zstd", "-cf", str(work / "t.tar.zst"), "-C", str(tree), "."], work)
        start = time.monotonic()
        sync_filesystem(work)
        zstd_sync = zstd + time.monotonic() - start
        gzip, _ = timed(["tar", "-czf", str(work / "t.tar.gz"), "-C", str(tree), "."], work)
        sync_filesystem(work)
        for name, took in (("tar -I zstd", zstd), ("tar -I zstd + sync", zstd_sync), ("tar -czf", gzip)):
            rate = f"{took:6.2f} s  {size / 1e6 / took:7.1f} MB/s"
            shown = "not run (tool missing)" if took != took else rate
            print(f"{name + ':':<41}{shown}")

        backups = work / "backups"
        full, m1 = snapshot(tree, backups)
        seen: set[int] = set()
        disk1 = disk_usage(backups, seen)
        print(
            f"full snapshot (incl. syncfs):            {full:6.2f} s  {size / 1e6 / full:7.1f} MB/s  "
            f"{m1['files']} files, disk {disk1 / 1e6:.1f} MB"
        )
        again, m2 = snapshot(tree, backups)
        disk2 = disk_usage(backups, seen)
        print(
            f"unchanged re-snapshot:                   {again:6.2f} s  new bytes {m2['new_bytes']}, "
            f"disk {disk2 / 1e6:.2f} MB"
        )
        print("ratios (goals from issue 5):")
        print(f"  full snapshot throughput / tar -I zstd       = {zstd / full:5.2f}x  (goal >= 0.5x)")
        print(f"  full snapshot throughput / tar -I zstd + sync = {zstd_sync / full:5.2f}x")
        print(f"  re-snapshot time / tar -I zstd time          = {again / zstd * 100:5.1f} %  (goal < 15 %)")
        print(f"  re-snapshot disk / full snapshot disk        = {disk2 / disk1 * 100:5.2f} %  (goal < 5 %)")
        print(f"rollback.sh of the generated tree:       {rollback_time(backups, work / 'restored'):6.2f} s")

        example = opts.example
        if (example / "app").is_dir() or (example / "composer.json").is_file():
            ex_backups = work / "ex-backups"
            took, m = snapshot(example.resolve(), ex_backups)
            target = work / "ex-restored"
            shutil.copytree(example, target, symlinks=True)
            print(
                f"example {example}: {m['files']} files, {m['bytes'] / 1e6:.1f} MB, snapshot {took:.2f} s, "
                f"rollback.sh {rollback_time(ex_backups, target):.2f} s"
            )
        else:
            print(f"example {example}: not run (no CodeIgniter app there yet)")
    finally:
        subprocess.run(["rm", "-rf", str(work)], check=False)


if __name__ == "__main__":
    main()
