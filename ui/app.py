"""Starting the desktop app."""

from __future__ import annotations

import logging
import sys
from pathlib import Path


def main(scenario_path: Path | None = None) -> int:
    """Open the main window (on the preset scenario when none is given) and run the event loop."""
    from PySide6.QtWidgets import QApplication

    from simulator import __version__
    from ui import settings as app_settings
    from ui.main_window import MainWindow
    from ui.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("fundsim")
    app.setOrganizationName("fundsim")
    app.setApplicationVersion(__version__)
    log_file = app_settings.data_dir() / "fundsim.log"
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(name)s %(levelname)s: %(message)s",
        handlers=[logging.StreamHandler(), logging.FileHandler(log_file, encoding="utf-8")],
    )
    logging.getLogger(__name__).info("fundsim %s starting; log in %s", __version__, log_file)
    apply_theme(app, str(app_settings.settings().value("theme", "light")))
    window = MainWindow(scenario_path)
    window.show()
    return app.exec()
