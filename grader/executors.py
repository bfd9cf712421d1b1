"""Where a batch's submissions are graded: in this process, a local process pool, or a Dask cluster.

Every executor yields ``(submission, result)`` as results arrive; the coordinating process
(:mod:`grader.batch`) writes the gradebook and the reports, the same way for all of them.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Generator, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from grader.collect import InputError, Submission
from grader.kernel.confine import batch_fork_server
from grader.kernel.pool import POOL
from grader.kernel.reap import kill_tree, parent_of
from grader.pipeline import Options, grade_bytes
from grader.results import SubmissionResult

EXECUTORS = ("local", "dask")
MAX_POOL_RESTARTS = 3
SCHEDULER_TIMEOUT = 5  # seconds to reach a given Dask scheduler

Results = Iterator[tuple[Submission, SubmissionResult]]


def grade_one(submission: Submission, options: Options) -> dict:
    """Grades one submission (in whatever process runs this) and returns the result as plain data."""
    try:
        raw, problem = submission.read(), submission.problem
    except InputError as error:
        raw, problem = b"", str(error)
    result = grade_bytes(raw, submission.name, options, submission.id, problem)
    return result.to_dict()


def close_warm_kernels() -> int:
    """Stops the kernels this process launched ahead for next submissions (run on every Dask worker after a
    batch); returns how many it stopped."""
    waiting = POOL.waiting()
    POOL.close()
    return waiting


def crashed(submission: Submission, options: Options, why: str) -> SubmissionResult:
    return grade_bytes(b"", submission.name, options, submission.id, f"the grading worker failed: {why}")


def in_process(submissions: list[Submission], options: Options) -> Results:
    with _fork_server(options):
        try:
            for submission in submissions:
                yield submission, SubmissionResult.from_dict(grade_one(submission, options))
        finally:
            POOL.close()  # the kernel warmed for a next submission that will not come


def _fork_server(options: Options):
    return batch_fork_server(options.sandbox, tuple(options.hide), options.kernel_start)


def _worker_start(pids: multiprocessing.SimpleQueue) -> None:
    """A pool worker leaves Ctrl-C to the coordinator (which stops the workers at once) and says who it is."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    pids.put(os.getpid())


def _stop_workers(pool: ProcessPoolExecutor, pids: multiprocessing.SimpleQueue) -> None:
    """Stops a pool now: nothing more is started and every worker is killed — with it the sandboxed kernels it
    started and the submissions it was grading, which a rerun grades."""
    pool.shutdown(wait=False, cancel_futures=True)
    while not pids.empty():
        pid = pids.get()
        if parent_of(pid) in (os.getpid(), None):  # ours, or /proc cannot tell (a reaped worker's pid may be
            # another process's by now: its tree is not ours to kill)
            kill_tree(pid)  # the worker and, stopped with it, the sandboxes it was starting


def process_pool(submissions: list[Submission], options: Options, workers: int) -> Results:
    """A local pool of spawned worker processes; a pool that breaks is replaced (a few times). Interrupted
    (Ctrl-C) or closed early, it kills its workers at once instead of waiting for the submissions they grade."""
    with _fork_server(options):  # (before the workers: it imports while they start)
        yield from _pool(list(submissions), options, workers)


def _pool(pending: list[Submission], options: Options, workers: int) -> Results:
    restarts = 0
    context = multiprocessing.get_context("spawn")
    pids = context.SimpleQueue()
    while pending:
        while not pids.empty():  # the workers of a pool that broke are gone: their pids are not to be used
            pids.get()
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_start,
                                 initargs=(pids,)) as pool:
            try:
                broken = yield from _drain(pool, pending, options)
            except BaseException:  # KeyboardInterrupt, or the consumer stopped (GeneratorExit)
                _stop_workers(pool, pids)
                raise
            if broken:
                restarts += 1
                if restarts > MAX_POOL_RESTARTS:
                    for submission in pending:
                        yield submission, crashed(submission, options, "worker processes kept dying")
                    return


def _drain(pool: ProcessPoolExecutor, pending: list[Submission],
           options: Options) -> Generator[tuple[Submission, SubmissionResult], None, bool]:
    """Submits ``pending`` (emptied) and yields the results as they come; returns whether the pool broke
    (the submissions it lost are back in ``pending``)."""
    futures: dict[Future, Submission] = {pool.submit(grade_one, s, options): s for s in pending}
    pending.clear()
    broken = False
    while futures:
        done, _ = wait(futures, return_when=FIRST_COMPLETED)
        for future in done:
            submission = futures.pop(future)
            try:
                yield submission, SubmissionResult.from_dict(future.result())
            except BrokenProcessPool:
                broken = True
                pending.append(submission)
            except Exception as error:  # noqa: BLE001 - a worker bug must not stop the batch
                yield submission, crashed(submission, options, f"{type(error).__name__}: {error}")
    return broken


def dask_cluster(submissions: list[Submission], options: Options, scheduler: str | None, workers: int) -> Results:
    """A Dask distributed cluster at ``scheduler`` (or a local one with ``workers`` processes).

    Each worker needs this package installed (the same version) and bubblewrap for the sandbox;
    a submission travels to the worker as bytes and its result comes back as JSON-able data.
    """
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as error:
        raise RuntimeError("--executor dask needs the 'distributed' package (pip install 'dl-grader[dask]')") from error
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    else:
        try:
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        except (OSError, TimeoutError) as error:
            raise RuntimeError(f"--scheduler {scheduler}: no Dask scheduler answered within {SCHEDULER_TIMEOUT} s "
                               f"({type(error).__name__})") from None
    try:
        futures = {client.submit(grade_one, s.with_bytes(), options, key=f"grade-{s.id}-{s.content_hash[:16]}",
                                 pure=False): s
                   for s in submissions}
        for future in as_completed(list(futures)):
            submission = futures[future]
            try:
                yield submission, SubmissionResult.from_dict(future.result())
            except Exception as error:  # noqa: BLE001 - a worker failure must not stop the batch
                yield submission, crashed(submission, options, f"{type(error).__name__}: {error}")
    finally:
        try:  # persistent workers keep no warm kernel for a next submission that is not coming
            client.run(close_warm_kernels)
        except Exception:  # noqa: BLE001 - workers that are gone hold no kernel
            pass
        client.close()
        if cluster is not None:
            cluster.close()


def grade_many(submissions: list[Submission], options: Options, workers: int, executor: str = "local",
               scheduler: str | None = None) -> Results:
    """Yields each submission's result as soon as it is known (in completion order)."""
    if executor == "dask":
        return dask_cluster(submissions, options, scheduler, workers)
    if workers <= 1:
        return in_process(submissions, options)
    return process_pool(submissions, options, workers)
