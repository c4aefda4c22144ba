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


def main(out_dir: Path = ROOT / "docs" / "screenshots") -> list[Path]:
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    out_dir.mkdir(parents=True, exist_ok=True)
    window = MainWindow()
    window.resize(1400, 860)
    window.show()
    loop = QEventLoop()
    window.runner.finished.connect(loop.quit)
    QTimer.singleShot(30_000, loop.quit)
    loop.exec()
    written = []
    names = ["allocation", "endowment"]
    for index, name in enumerate(names):
        window.tabs.setCurrentIndex(index)
        app.processEvents()
        path = out_dir / f"main-{name}.png"
        window.grab().save(str(path))
        written.append(path)
    window.setWindowModified(False)
    window.close()
    return written


if __name__ == "__main__":
    for p in main():
        print(p)
