#!/usr/bin/env python3
"""Check the things pip cannot install. Prints one line saying what to install, and exits 1.

Usage: check_system.py install|run|test   (runs with the system Python, before the venv exists)
"""

import ctypes.util
import os
import shutil
import sys

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium():
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def problems(stage):
    if sys.version_info < (3, 11):  # noqa: UP036 - runs with the system Python
        yield "Python 3.11 or newer is needed (found {}.{}).".format(*sys.version_info[:2])
    if stage == "install":
        if not shutil.which("msgfmt"):
            yield "Install GNU gettext (Debian/Ubuntu: sudo apt-get install gettext)."
        if os.environ.get("DATABASE_URL", "").startswith("postgres") and not shutil.which(
            "pg_config"
        ):
            yield (
                "Install the PostgreSQL client headers to use DATABASE_URL=postgres://… "
                "(Debian/Ubuntu: sudo apt-get install libpq-dev)."
            )
    if stage in ("run", "test"):
        if not (ctypes.util.find_library("pango-1.0") and ctypes.util.find_library("pangoft2-1.0")):
            yield (
                "Install Pango for PDF reports "
                "(Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0)."
            )
    if stage == "test" and not find_chromium():
        yield (
            "Install Chromium for the browser tests (Debian/Ubuntu: sudo apt-get install "
            "chromium), or set CHROMIUM_PATH to a Chromium or Chrome binary."
        )


def main():
    stage = sys.argv[1] if len(sys.argv) > 1 else "run"
    found = list(problems(stage))
    for line in found:
        print(f"Missing: {line}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
