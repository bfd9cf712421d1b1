"""``grader grade --executor dask``: a LocalCluster with two workers grades like local mode."""

from __future__ import annotations

import csv
import json
import socket
from pathlib import Path

import pytest
from notebooks import build

from grader.cli import main

pytestmark = [pytest.mark.kernel, pytest.mark.slow]

distributed = pytest.importorskip("distributed")


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::ResourceWarning", "ignore::UserWarning")
def test_dask_executor_matches_local_mode(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    build("initialization", folder / "a.ipynb")
    build("gradient_checking", folder / "b.ipynb", edits={"gradient_check": [("/ (2 * epsilon)", "/ epsilon")]})
    build("regularization", folder / "c.ipynb")
    (folder / "d.ipynb").write_text("{", encoding="utf-8")
    out = tmp_path / "out"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        code = main(["grade", str(folder), "--out", str(out), "--executor", "dask",
                     "--scheduler", cluster.scheduler_address, "--seed", "5"])
        with distributed.Client(cluster) as client:  # the workers live on: no kernel may wait in them
            assert sum(client.run(_warm_kernels).values()) == 0
    assert code == 0
    assert "4 submissions: 4 graded" in capsys.readouterr().out
    scores = {p.stem: json.loads(p.read_text())["score"] for p in out.glob("*.json") if p.name != "similarity.json"}
    assert scores == {"a": 3, "b": 3, "c": 4, "d": 0}
    with (out / "grades.csv").open(newline="") as handle:
        assert {row["submission"]: float(row["total"]) for row in csv.DictReader(handle)} == scores
    # Same gradebook, same resume semantics: local mode finds every result already there.
    assert main(["grade", str(folder), "--out", str(out), "--workers", "1"]) == 0
    assert "0 graded, 4 already graded" in capsys.readouterr().out


def _warm_kernels() -> int:
    from grader.kernel.pool import POOL

    return POOL.waiting()


def test_an_unreachable_scheduler_is_a_one_line_error(tmp_path: Path, capsys) -> None:
    notebook = build("initialization", tmp_path / "a.ipynb")
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = main(["grade", str(notebook), "--out", str(tmp_path / "out"), "--executor", "dask",
                 "--scheduler", f"tcp://127.0.0.1:{port}", "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert f"--scheduler tcp://127.0.0.1:{port}: no Dask scheduler answered within" in err
