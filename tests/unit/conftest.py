"""The unit layer: tests that need no kernel. Starting one here is an error, not a slow test."""

from __future__ import annotations

import pytest


def _no_kernel(*_args, **_kwargs):
    raise AssertionError("a unit test tried to start a Jupyter kernel: put it beside the kernel tests in tests/")


@pytest.fixture(autouse=True)
def _forbid_kernels(monkeypatch: pytest.MonkeyPatch) -> None:
    from jupyter_client.manager import AsyncKernelManager, KernelManager

    monkeypatch.setattr(AsyncKernelManager, "start_kernel", _no_kernel)
    monkeypatch.setattr(KernelManager, "start_kernel", _no_kernel)
