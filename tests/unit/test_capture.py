"""Output capture of a cell (grader.kernel.session._Capture): head and tail caps, nonce-bound results."""

from __future__ import annotations

import json

from grader.kernel import session
from grader.kernel.session import _Capture


def test_short_output_is_kept_whole():
    capture = _Capture()
    capture.add_text("hello\n")
    capture.add_text("world\n")
    assert capture.text() == "hello\nworld\n" and capture.cut == 0


def test_long_output_keeps_head_and_tail_and_says_how_much_was_cut():
    capture = _Capture()
    total = session.HEAD_CHARS + session.TAIL_CHARS + 5000
    for i in range(total // 10):
        capture.add_text(f"{i:09d}\n")
    text = capture.text()
    assert text.startswith("000000000\n")
    assert text.rstrip().endswith(f"{total // 10 - 1:09d}")
    assert capture.cut == 5000 and "[5000 characters cut]" in text
    assert len(text) < session.HEAD_CHARS + session.TAIL_CHARS + 100


def test_one_huge_write_is_capped():
    capture = _Capture()
    capture.add_text("x" * 10_000_000)
    assert len(capture.text()) < session.HEAD_CHARS + session.TAIL_CHARS + 100


def test_results_need_one_of_the_cells_nonces():
    capture = _Capture(nonces={"a" * 32})
    capture.add_result({"nonce": "a" * 32, "status": "ok"})
    capture.add_result({"nonce": "b" * 32, "status": "ok"})  # forged: another nonce
    capture.add_result(json.dumps({"nonce": "a" * 32, "status": "raised"}))  # JSON text is parsed
    capture.add_result("{not json")
    capture.add_result(["a list"])
    assert [r["status"] for r in capture.results] == ["ok", "raised"]


def test_a_flood_of_results_is_capped():
    capture = _Capture(nonces={"n"})
    for _ in range(1000):
        capture.add_result({"nonce": "n", "status": "ok"})
    assert len(capture.results) == 1 + session.MAX_RESULTS


class _Signals:
    """Stands in for a kernel's process: records the signals sent to it."""

    def __init__(self) -> None:
        self.sent: list[int] = []

    def send_signal(self, signum: int) -> None:
        self.sent.append(signum)


def test_the_call_clock_kills_a_kernel_whose_result_does_not_come():
    import signal

    capture = _Capture(nonces={"a", "b"})
    capture.add_result(json.dumps({"nonce": "a"}))  # the first call's result came; the second's never does
    process = _Signals()
    watchdog = session._Watchdog(capture, expected=2, per_result=0.01, process=process)
    watchdog.start()
    watchdog.join(timeout=60)
    assert watchdog.fired and process.sent == [signal.SIGKILL]


def test_the_call_clock_leaves_a_kernel_alone_once_every_result_came_or_the_cell_ended():
    capture = _Capture(nonces={"a"})
    capture.add_result(json.dumps({"nonce": "a"}))
    process = _Signals()
    watchdog = session._Watchdog(capture, expected=1, per_result=0.0, process=process)
    watchdog.start()
    watchdog.join(timeout=60)
    assert not watchdog.fired and process.sent == []
    pending = session._Watchdog(_Capture(nonces={"b"}), expected=1, per_result=3600.0, process=process)
    pending.start()
    pending.done.set()  # the cell ended before its result was due
    pending.join(timeout=60)
    assert not pending.fired and process.sent == []
