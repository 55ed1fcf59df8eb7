"""What the Python tests share: the repository, its samples and the CLI binary."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def cli() -> Path:
    """The `ocrmend` binary of this checkout (OCRMEND_BIN, else built with cargo)."""
    given = os.environ.get("OCRMEND_BIN")
    if given:
        return Path(given)
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "ocrmend"], cwd=ROOT, check=True)
    return ROOT / "target" / "release" / "ocrmend"
