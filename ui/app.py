"""Starting the desktop app."""

from __future__ import annotations

import logging
import sys
from pathlib import Path


def main(scenario_path: Path | None = None) -> int:
    """Open the main window (on the preset scenario when none is given) and run the event loop."""
    from PySide6.QtWidgets import QApplication

    from simulator import __version__
    from ui import crash, settings as app_settings
    from ui.main_window import MainWindow
    from ui.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("fundsim")
    app.setOrganizationName("fundsim")
    app.setApplicationVersion(__version__)
    log_file = app_settings.data_dir() / "fundsim.log"
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    try:
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    except OSError as exc:  # the log is a help, never a reason not to start
        print(f"fundsim: cannot write the log {log_file}: {exc.strerror}", file=sys.stderr)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s: %(message)s", handlers=handlers)
    logging.getLogger(__name__).info("fundsim %s starting; log in %s", __version__, log_file)
    apply_theme(app, app_settings.theme())
    crash.install(None)  # from here on nothing escapes to a bare traceback
    window = MainWindow(scenario_path)
    crash.install(lambda title, message, details: window.show_error(title, message, details))
    window.show()
    if app_settings.fallback_reason:
        window.show_error("Settings folder not usable", app_settings.fallback_reason)
    return app.exec()
