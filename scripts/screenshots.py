"""Render every tab of the main window offscreen into docs/screenshots/.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py

Look at each picture after changing the UI.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def _wait(window) -> None:
    loop = QEventLoop()
    window.runner.finished.connect(loop.quit)
    QTimer.singleShot(30_000, loop.quit)
    loop.exec()


def main(out_dir: Path = ROOT / "docs" / "screenshots") -> list[Path]:
    os.environ.setdefault("FUNDSIM_SETTINGS_DIR", str(Path(__import__("tempfile").mkdtemp())))
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    out_dir.mkdir(parents=True, exist_ok=True)
    window = MainWindow()
    window.live_action.setChecked(False)
    window.resize(1400, 860)
    window.show()
    _wait(window)
    written = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        app.processEvents()
        name = window.tabs.tabText(index).lower().replace(" ", "-")
        path = out_dir / f"tab-{index + 1:02d}-{name}.png"
        window.grab().save(str(path))
        written.append(path)
    window.workshop_action.trigger()
    shop = window.workshop
    shop.showNormal()  # the offscreen screen is small; render at a projector's size
    shop.resize(1920, 1080)
    shop.pin_before()
    shop.mechanism.setCurrentIndex(shop.mechanism.findData("competitive"))
    shop.capacity.setValue(15)
    window.live_action.setChecked(False)
    window.run()
    _wait(window)
    app.processEvents()
    path = out_dir / "workshop-mode.png"
    shop.grab().save(str(path))
    written.append(path)
    shop.close()
    window.setWindowModified(False)
    window.close()
    return written


if __name__ == "__main__":
    for p in main():
        print(p)
