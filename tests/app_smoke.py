"""Start the app as a user would (``fundsim gui``), open every preset, run each, and quit.

Not a test module itself: tests run it in a fresh process (``python tests/app_smoke.py``), from
the checkout or with an installed wheel, and read its last line. It waits on conditions (a
window with results), never on fixed delays, and gives up after TIMEOUT seconds.
Prints ``ok <presets> <module count>`` and exits 0, or prints what failed and exits 1.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
TIMEOUT = float(os.environ.get("FUNDSIM_SMOKE_TIMEOUT", "240"))


def main() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from simulator.core.paths import scenarios_dir
    from ui.launcher import main as fundsim

    app = QApplication.instance() or QApplication(sys.argv[:1])
    # No dialog may wait for a person: a restore offer is declined, save prompts discard.
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.No)
    presets = sorted(scenarios_dir().glob("*.toml"))
    state = {
        "todo": list(presets),
        "opened": 0,
        "failure": None,
        "window": None,
        "shown": None,
        "known": set(),
    }
    start = time.monotonic()

    def fail(message: str) -> None:
        state["failure"] = message
        if state["window"] is not None:
            state["window"].setWindowModified(False)
            state["window"].close()  # stops its runner before the interpreter exits
        app.exit(1)

    def step() -> None:
        if time.monotonic() - start > TIMEOUT:
            return fail(f"timed out after {TIMEOUT:.0f} s with {len(state['todo'])} presets left")
        window = state["window"] or next(
            (w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow"), None
        )
        if window is None:
            return
        state["window"] = window
        boxes = [w for w in app.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        if not state["opened"]:  # a notice at start (a settings folder replaced) is not a failure
            state["known"] = {id(b) for b in boxes}
        new = [b for b in boxes if id(b) not in state["known"]]
        if new:  # from here on, any error dialog is a failure
            return fail(f"error dialog: {new[-1].text()}")
        if window.document.busy or window.results is None or window.results is state["shown"]:
            return
        if not state["todo"]:
            window.setWindowModified(False)
            window.close()
            app.exit(0)
            return
        preset = state["todo"].pop(0)
        state["shown"] = window.results  # the next preset's results are new ones
        if not window._load(preset):
            return fail(f"could not open {preset.name}")
        state["opened"] += 1

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(50)
    code = fundsim(["gui"])
    timer.stop()
    modules = sorted(m for m in sys.modules if m.split(".")[0] in ("simulator", "ui"))
    if code != 0 or state["failure"]:
        print(f"failed: {state['failure'] or f'exit status {code}'}")
        return 1
    print(f"ok {state['opened']} {len(modules)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
