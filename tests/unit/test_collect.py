"""grader.collect: submission ids from folders and LMS zips, duplicates, ignored files, broken archives."""

from __future__ import annotations

import zipfile
from pathlib import Path

from grader.collect import collect


def test_folder_ids_are_relative_paths_with_double_underscores(tmp_path: Path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "ann.ipynb").write_text("{}")
    (tmp_path / "top.ipynb").write_text("{}")
    (tmp_path / "notes.txt").write_text("not a submission")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "top-checkpoint.ipynb").write_text("{}")
    found, missing = collect([tmp_path])
    assert [s.id for s in found] == ["a__b__ann", "top"] and missing == []
    assert found[0].read() == b"{}" and found[0].name == "ann.ipynb"


def test_zip_members_and_macos_junk(tmp_path: Path):
    archive = tmp_path / "lms.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("uploads/ivy.ipynb", "{}")
        z.writestr("__MACOSX/uploads/._ivy.ipynb", "junk")
        z.writestr("uploads/readme.md", "x")
    found, _ = collect([archive])
    assert [s.id for s in found] == ["uploads__ivy"]
    assert found[0].origin.endswith("lms.zip:uploads/ivy.ipynb")


def test_a_zip_inside_a_folder_gets_the_folder_prefix(tmp_path: Path):
    (tmp_path / "sec").mkdir()
    with zipfile.ZipFile(tmp_path / "sec" / "batch.zip", "w") as z:
        z.writestr("jo.ipynb", "{}")
    found, _ = collect([tmp_path])
    assert [s.id for s in found] == ["sec__batch__jo"]


def test_repeated_ids_get_numbered_and_missing_inputs_are_reported(tmp_path: Path):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.ipynb").write_text("{}")
    found, missing = collect([tmp_path / "x" / "same.ipynb", tmp_path / "y" / "same.ipynb", tmp_path / "nope"])
    assert [s.id for s in found] == ["same", "same~2"] and missing == [str(tmp_path / "nope")]


def test_a_broken_zip_becomes_a_submission_with_a_problem(tmp_path: Path):
    (tmp_path / "bad.zip").write_bytes(b"PK not really")
    (found,) = collect([tmp_path / "bad.zip"])[0]
    assert "not a readable zip archive" in found.problem and found.read() == b""


def test_content_hash_follows_the_bytes(tmp_path: Path):
    (tmp_path / "a.ipynb").write_text("{}")
    (tmp_path / "b.ipynb").write_text("{ }")
    a, b = collect([tmp_path])[0]
    assert a.content_hash != b.content_hash and len(a.content_hash) == 64


def test_ids_are_safe_file_names_whatever_the_archive_says(tmp_path: Path):
    archive = tmp_path / "hostile.zip"
    long_name = "x" * 300 + ".ipynb"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(long_name, "{}")
        z.writestr("a" * 299 + ".ipynb", "{}")
        z.writestr("../../etc/evil.ipynb", "{}")
        z.writestr("sp ace/Zoë\x1b[2J.ipynb", "{}")
    found, _ = collect([archive])
    ids = [s.id for s in found]
    assert all(len(i.encode()) <= 120 and "/" not in i and not i.startswith(".") for i in ids), ids
    assert len(set(ids)) == 4
    assert "\x1b" not in "".join(ids) and "sp ace__Zoë__2J" in ids
    for sid in ids:  # each id is usable as a file name here
        (tmp_path / f"{sid}.json").write_text("{}")


def test_oversized_members_are_refused_without_being_read(tmp_path: Path, monkeypatch):
    from grader import collect as module

    monkeypatch.setattr(module, "MAX_NOTEBOOK_BYTES", 1000)
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for i in range(3):
            z.writestr(f"big{i}.ipynb", b" " * 5000)
        z.writestr("ok.ipynb", b"{}")
    found, _ = collect([archive])
    problems = {s.id: s.problem for s in found}
    assert all("larger than" in problems[f"big{i}"] for i in range(3)) and problems["ok"] == ""
    assert all(s.read() == b"" for s in found if s.problem)


def test_archive_total_is_capped(tmp_path: Path, monkeypatch):
    from grader import collect as module

    monkeypatch.setattr(module, "MAX_ARCHIVE_BYTES", 10)
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for i in range(4):
            z.writestr(f"s{i}.ipynb", b"0123456789")
    problems = [s.problem for s in collect([archive])[0]]
    assert problems[0] == "" and all("holds more than" in p for p in problems[1:])


def test_symlinks_in_a_folder_are_refused_not_followed(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ann.ipynb").write_text('{"cells": []}')
    (folder / "copycat.ipynb").symlink_to(folder / "ann.ipynb")
    (folder / "shadow.ipynb").symlink_to("/etc/shadow")
    (folder / "linked").symlink_to(tmp_path)
    found = {s.id: s for s in collect([folder])[0]}
    assert found["ann"].problem == ""
    for sid in ("copycat", "shadow", "linked"):
        assert "symbolic link" in found[sid].problem and found[sid].read() == b"", sid


def test_an_id_never_names_a_file_of_the_batch_itself(tmp_path: Path):
    for name in ("index", "Similarity", "grades", "gradebook", "x.gradescope", "x"):
        (tmp_path / f"{name}.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "_index.ipynb").write_text("{}", encoding="utf-8")  # the renamed id is taken: numbered
    found, _ = collect([tmp_path])
    assert sorted(s.id for s in found) == sorted(["_index", "_index~2", "_Similarity", "_grades", "_gradebook",
                                                  "_x.gradescope", "x"])


def test_submission_times_and_lms_late_marks(tmp_path: Path):
    import os

    with zipfile.ZipFile(tmp_path / "canvas.zip", "w") as archive:
        archive.writestr(zipfile.ZipInfo("doejane_late_4567_900001_hw.ipynb", (2026, 12, 3, 8, 30, 0)), "{}")
        archive.writestr(zipfile.ZipInfo("roerick_4568_900002_hw.ipynb", (2026, 11, 30, 9, 0, 0)), "{}")
    (tmp_path / "loose.ipynb").write_text("{}", encoding="utf-8")
    os.utime(tmp_path / "loose.ipynb", (1_700_000_000, 1_700_000_000))
    found = {s.id: s for s in collect([tmp_path])[0]}
    late, on_time = found["canvas__doejane_late_4567_900001_hw"], found["canvas__roerick_4568_900002_hw"]
    assert late.marked_late and not on_time.marked_late
    from datetime import datetime

    assert datetime.fromtimestamp(late.submitted_at).timetuple()[:5] == (2026, 12, 3, 8, 30)
    assert found["loose"].submitted_at == 1_700_000_000 and not found["loose"].marked_late
