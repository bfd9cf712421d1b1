from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
UNIT = Path(__file__).parent / "unit"
LAYERS = ("kernel", "browser", "slow")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--busy", type=int, default=0, metavar="N",
                     help="start N busy-loop processes for the whole session (tests under CPU load)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test outside tests/unit says why it is not a unit test (kernel, browser or slow)."""
    unmarked = [item.nodeid for item in items
                if UNIT not in Path(str(item.fspath)).parents and not any(item.get_closest_marker(m) for m in LAYERS)]
    if unmarked:
        raise pytest.UsageError("tests outside tests/unit need a kernel, browser or slow mark: " + ", ".join(unmarked))
    for item in items:
        if UNIT in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.unit)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "unit: needs no kernel (everything under tests/unit)")


@pytest.fixture(scope="session", autouse=True)
def _busy_load(request: pytest.FixtureRequest):
    """``--busy N``: N processes that keep the CPUs busy while the tests run, stopped at the end."""
    count = request.config.getoption("--busy")
    if count and getattr(request.config, "workerinput", {}).get("workerid", "gw0") not in ("gw0", None):
        count = 0  # one set of busy loops per session, started by the first worker
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    yield
    for spinner in spinners:
        spinner.kill()
        spinner.wait()


@pytest.fixture
def fixtures_dir() -> Path:
    if not (FIXTURES / "course-test-cases.json").is_file():
        pytest.skip(f"the course fixtures are not at {FIXTURES}")
    return FIXTURES
