"""The app starts in a real X session (Qt's xcb platform), not only offscreen.

Needs Xvfb and the X libraries listed in the README; .ci/run installs them where it can, and
the test skips cleanly where they are missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO

SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from ui.main_window import MainWindow
w = MainWindow()
w.show()
waited = []
def report():
    # wait on the condition (the first run's results), not a fixed delay: a busy machine is slow
    waited.append(1)
    if (w.results is None or w.runner.busy) and len(waited) < 1200:
        return
    timer.stop()
    print("platform", app.platformName(), "visible", w.isVisible(), "results", w.results is not None, flush=True)
    w.setWindowModified(False)
    w.close()
    app.quit()
timer = QTimer()
timer.timeout.connect(report)
timer.start(100)
sys.exit(app.exec())
"""


def start_xvfb() -> tuple[subprocess.Popen, str]:
    """Start Xvfb on a free display it picks itself, and wait until it is ready."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    number = b""
    deadline = time.monotonic() + 20
    while not number.endswith(b"\n") and time.monotonic() < deadline:
        chunk = os.read(read, 16)
        if not chunk:
            break
        number += chunk
    os.close(read)
    if not number.strip():
        server.terminate()
        pytest.skip("Xvfb did not start")
    return server, f":{number.decode().strip()}"


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")
def test_app_starts_under_xvfb(tmp_path):
    server, display = start_xvfb()
    try:
        env = {
            **os.environ,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "FUNDSIM_SETTINGS_DIR": str(tmp_path),
        }
        proc = subprocess.run(
            [sys.executable, "-c", SCRIPT],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert "platform xcb visible True results True" in proc.stdout
    finally:
        server.terminate()
        server.wait(timeout=10)
