"""`make` stops with one line naming what to install, never a traceback."""

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import check_system  # noqa: E402

SCRIPT = Path(check_system.__file__)


def test_missing_chromium_is_named(monkeypatch):
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    monkeypatch.setattr(check_system.shutil, "which", lambda name: None)
    found = [line for line in check_system.problems("test") if "Chromium" in line]
    assert found == [
        "Install Chromium for the browser tests (Debian/Ubuntu: sudo apt-get install "
        "chromium), or set CHROMIUM_PATH to a Chromium or Chrome binary."
    ]


def test_missing_pango_is_named(monkeypatch):
    monkeypatch.setattr(check_system.ctypes.util, "find_library", lambda name: None)
    assert any("libpango-1.0-0" in line for line in check_system.problems("run"))


def test_missing_gettext_is_named(monkeypatch):
    monkeypatch.setattr(check_system.shutil, "which", lambda name: None)
    assert any("apt-get install gettext" in line for line in check_system.problems("install"))


@pytest.mark.parametrize("stage", ["install", "run", "test"])
def test_this_machine_has_everything(stage):
    """The suite itself runs here, so nothing should be missing."""
    assert list(check_system.problems(stage)) == []


def test_exit_code_and_single_line(tmp_path):
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "test"], capture_output=True, text=True,
        env={"PATH": str(tmp_path), "CHROMIUM_PATH": str(tmp_path / "missing")},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "Missing: Install Chromium for the browser tests (Debian/Ubuntu: sudo apt-get install "
        "chromium), or set CHROMIUM_PATH to a Chromium or Chrome binary."
    ]
