"""Check the system libraries the Python packages need, before anything runs.

    python scripts/check_system.py            # for `make run`
    python scripts/check_system.py --browser  # for `make test`: also Chromium

WeasyPrint needs Pango. When it is missing this prints the one command that
installs it and exits 1. With --browser, a missing Chromium is installed
from Debian's packages when this machine allows it (root and apt-get);
otherwise one line says the browser tests will be skipped.
"""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys

PANGO_INSTALL = "sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2"


def check_pango() -> bool:
    if ctypes.util.find_library("pango-1.0") and ctypes.util.find_library("pangoft2-1.0"):
        return True
    print(f"WeasyPrint (PDF reports) needs the Pango library. Install it with: {PANGO_INSTALL}")
    return False


def ensure_chromium() -> None:
    if shutil.which("chromium"):
        return
    can_install = shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0
    if can_install:
        print("Installing Chromium for the browser tests (apt-get install chromium)...")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for args in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
            if subprocess.run(args, env=env, check=False).returncode != 0:
                break
    if not shutil.which("chromium"):
        print(
            "Browser tests will be skipped: Chromium is not installed and cannot be installed "
            "here (run: sudo apt-get install -y chromium)."
        )


def main() -> int:
    ok = check_pango()
    if "--browser" in sys.argv:
        ensure_chromium()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
