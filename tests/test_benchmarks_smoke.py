"""Smoke runs of the benchmark scripts: they run and print their ratios (no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from grader.spec import all_specs

pytestmark = [pytest.mark.kernel, pytest.mark.slow]

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def run(script: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(BENCHMARKS / script), *args], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_check_vs_floor_prints_ratios() -> None:
    out = run("check_vs_floor.py", "--repeat", "1")
    assert "floor (3-cell numpy notebook)" in out
    for name in all_specs():
        assert f"grader check {name} (none)" in out
    assert "where a grader check goes" in out and "\nready " in out and "outside grading" in out


def test_batch_throughput_prints_ratios() -> None:
    out = run("batch_throughput.py", "--submissions", "4", "--nbgrader", "0")
    assert "throughput vs floor:" in out
    assert "peak memory: worker process" in out


def test_peers_benchmark_prints_every_section_without_peers() -> None:
    out = run("peers.py", "--repeat", "1", "--sizes", "1,2", "--throughput", "1", "--peer-submissions", "1",
              "--no-peers")
    for heading in ("1. grader check vs the floor", "2. grader grade vs nbgrader", "3. throughput", "4. growth"):
        assert heading in out, out
    for name in all_specs():
        assert f"grader check {name}" in out
    assert "fit: " in out and "s fixed + " in out and "peak memory (VmHWM)" in out
