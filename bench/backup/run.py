"""Benchmark of phase 1 backups (issue 5): on a generated tree (default 20,000 files, ~300 MB) in a
temporary folder, time a full snapshot against `tar -I zstd` and `tar -czf`, the unchanged re-snapshot
against tar+zstd's full time and the full snapshot's disk, a changed and a paranoid (rehash) re-snapshot,
verify, both rollbacks; print the figures and the ratios the issue asks for.

Run: .venv/bin/python bench/backup/run.py [--files 20000] [--mb 300] [--example examples/shulelabs]
Every figure is measured in this run; a missing tool is reported as "not run".
"""

from __future__ import annotations

import argparse
import ctypes
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from shulorch.actions.backup.model import find_backup
from shulorch.actions.backup.restore import restore_backup
from shulorch.actions.backup.scan import parse_patterns, scan_tree
from shulorch.actions.backup.snapshot import SnapshotOptions, SnapshotReport, take_snapshot
from shulorch.actions.backup.verify import verify_backup
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


def sync_filesystem(path: Path) -> None:
    """syncfs(2) of the file system holding ``path``: no measurement inherits another's dirty pages."""
    fd = os.open(path, os.O_RDONLY)
    try:
        ctypes.CDLL(None, use_errno=True).syncfs(fd)
    finally:
        os.close(fd)


def snapshot(source: Path, backups: Path, rehash: bool = False) -> tuple[float, SnapshotReport]:
    def run(argv: Sequence[str], env: Mapping[str, str]) -> ProcessResult:
        return run_process(list(argv), cwd=source, env=env)

    start = time.monotonic()
    opts = SnapshotOptions(source=source, backups_dir=backups, exclude=(), rehash=rehash)
    report = take_snapshot(opts, run, dict(os.environ), _Quiet())
    return time.monotonic() - start, report


def rollback_time(backups: Path, target: Path) -> float:
    folder = find_backup(backups, None).folder
    start = time.monotonic()
    result = run_process(["sh", str(folder / "rollback.sh"), str(target)], cwd=backups)
    took = time.monotonic() - start
    if not result.ok:
        raise SystemExit(f"rollback.sh failed: {result.tail()}")
    return took


def line(label: str, text: str) -> None:
    print(f"{label + ':':<44}{text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
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
        line("tree scan (lstat of every entry)", f"{time.monotonic() - start:6.2f} s")

        # The machine is shared and noisy: the two figures a goal divides are each the median of 3.
        zstd_runs = []
        for _ in range(3):
            took, _ = timed(["tar", "-I", "zstd", "-cf", str(work / "t.tar.zst"), "-C", str(tree), "."], work)
            zstd_runs.append(took)
        zstd = statistics.median(zstd_runs)
        start = time.monotonic()
        sync_filesystem(work)
        zstd_sync = zstd_runs[-1] + time.monotonic() - start
        gzip, _ = timed(["tar", "-czf", str(work / "t.tar.gz"), "-C", str(tree), "."], work)
        sync_filesystem(work)
        runs = "  (median of " + ", ".join(f"{t:.2f}" for t in zstd_runs) + ")"
        for name, took in (
            ("tar -I zstd", zstd),
            ("tar -I zstd + sync (last run)", zstd_sync),
            ("tar -czf", gzip),
        ):
            rate = f"{took:6.2f} s  {size / 1e6 / took:7.1f} MB/s" + (runs if name == "tar -I zstd" else "")
            line(name, "not run (tool missing)" if took != took else rate)

        backups = work / "backups"
        full, r1 = snapshot(tree, backups)
        seen: set[int] = set()
        disk1 = disk_usage(backups, seen)
        line(
            "full snapshot (fsynced)",
            f"{full:6.2f} s  {size / 1e6 / full:7.1f} MB/s  {r1.files} files, {len(r1.new_packs)} packs, "
            f"disk {disk1 / 1e6:.1f} MB",
        )
        again_runs, r2 = [], None
        for i in range(3):
            took, r2 = snapshot(tree, backups)
            again_runs.append(took)
            if i == 0:
                disk2 = disk_usage(backups, seen)  # what one more snapshot costs on disk
        again = statistics.median(again_runs)
        assert r2 is not None
        line(
            "unchanged re-snapshot",
            f"{again:6.2f} s  (median of {', '.join(f'{t:.3f}' for t in again_runs)}) new bytes "
            f"{r2.new_bytes}, disk {disk2 / 1e6:.2f} MB, taken over whole: {r2.unchanged}",
        )
        print("ratios (goals from issue 5):")
        print(f"  full snapshot throughput / tar -I zstd        = {zstd / full:5.2f}x  (goal >= 0.5x)")
        print(f"  full snapshot throughput / tar -I zstd + sync = {zstd_sync / full:5.2f}x")
        print(f"  full snapshot throughput / tar -czf           = {gzip / full:5.2f}x")
        print(f"  re-snapshot time / tar -I zstd time           = {again / zstd * 100:5.1f} %  (goal < 15 %)")
        print(f"  re-snapshot disk / full snapshot disk         = {disk2 / disk1 * 100:5.2f} %  (goal < 5 %)")
        print("more figures (no goal):")
        start = time.monotonic()
        light = verify_backup(find_backup(backups, r2.backup_id), packs=r2.new_packs)
        line("  + its check as the action runs it", f"{time.monotonic() - start:6.2f} s  ok: {light.ok}")
        victim = next(tree.glob("module00/sub0/File*.php"))
        victim.write_bytes(victim.read_bytes() + b"// changed\n")
        took, r3 = snapshot(tree, backups)
        line(
            "  re-snapshot, one file changed",
            f"{took:6.2f} s  new bytes {r3.new_bytes}, {r3.reused_files} reused",
        )
        took, r4 = snapshot(tree, backups, rehash=True)
        line("  re-snapshot with rehash: true", f"{took:6.2f} s  new bytes {r4.new_bytes}")
        info = find_backup(backups, None)
        start = time.monotonic()
        report = verify_backup(info)
        line("  verify (every pack read through)", f"{time.monotonic() - start:6.2f} s  ok: {report.ok}")
        start = time.monotonic()
        restore_backup(info, work / "py-restored", os.environ, _Quiet())
        line("  Python rollback into a new folder", f"{time.monotonic() - start:6.2f} s")
        line("rollback.sh of the generated tree", f"{rollback_time(backups, work / 'restored'):6.2f} s")

        example = opts.example
        if (example / "app").is_dir() or (example / "composer.json").is_file():
            ex_backups = work / "ex-backups"
            took, r = snapshot(example.resolve(), ex_backups)
            target = work / "ex-restored"
            shutil.copytree(example, target, symlinks=True)
            line(
                f"example {example}",
                f"{r.files} files, {r.bytes / 1e6:.1f} MB, snapshot {took:.2f} s, "
                f"rollback.sh {rollback_time(ex_backups, target):.2f} s",
            )
        else:
            line(f"example {example}", "not run (no CodeIgniter app there yet)")
    finally:
        subprocess.run(["rm", "-rf", str(work)], check=False)


if __name__ == "__main__":
    main()
