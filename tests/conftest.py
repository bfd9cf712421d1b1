from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"


@pytest.fixture
def fixtures_dir() -> Path:
    if not (FIXTURES / "course-test-cases.json").is_file():
        pytest.skip(f"the course fixtures are not at {FIXTURES}")
    return FIXTURES
