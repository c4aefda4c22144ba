"""Starting the desktop app."""

from __future__ import annotations

import logging
import sys
from pathlib import Path


def main(scenario_path: Path | None = None) -> int:
    """Open the main window (on the preset scenario when none is given) and run the event loop."""
    from PySide6.QtWidgets import QApplication

    from simulator import __version__
    from ui.main_window import MainWindow

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s: %(message)s")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("fundsim")
    app.setOrganizationName("fundsim")
    app.setApplicationVersion(__version__)
    window = MainWindow(scenario_path)
    window.show()
    return app.exec()
