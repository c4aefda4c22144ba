"""Starting the desktop app."""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

#: Libraries Qt's X11 (xcb) platform needs, and the Debian/Ubuntu package of each.
X_LIBRARIES = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}


def missing_x_libraries(load: Callable[[str], object] = ctypes.CDLL) -> list[str]:
    """The X libraries Qt will need that cannot be loaded (empty off X11 or when all are there)."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    on_x = sys.platform.startswith("linux") and (
        platform.startswith("xcb")
        or (not platform and os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"))
    )
    if not on_x:
        return []
    missing = []
    for name in X_LIBRARIES:
        try:
            load(name)
        except OSError:
            missing.append(name)
    return missing


def x_libraries_message(missing: list[str]) -> str:
    """One clear line: which libraries are missing and the command that installs them."""
    packages = " ".join(X_LIBRARIES[name] for name in missing)
    return (
        f"fundsim: the desktop app cannot start: these X libraries are missing: {', '.join(missing)}. "
        f"Install them with: sudo apt-get install {packages} (headless commands such as fundsim run work without them)"
    )


def main(scenario_path: Path | None = None) -> int:
    """Open the main window (on the preset scenario when none is given) and run the event loop."""
    missing = missing_x_libraries()
    if missing:  # before Qt, whose own message names xcb-cursor0 whatever is missing
        print(x_libraries_message(missing), file=sys.stderr)
        return 1
    from PySide6.QtWidgets import QApplication

    from simulator import __version__
    from simulator.outputs import house
    from ui import accessibility
    from ui import settings as app_settings
    from ui.dialogs import crash
    from ui.main_window import MainWindow
    from ui.theme import apply_theme, follow_system

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
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(name)s %(levelname)s: %(message)s",
        handlers=handlers,
    )
    logging.getLogger(__name__).info("fundsim %s starting; log in %s", __version__, log_file)
    apply_theme(app, app_settings.theme())
    follow_system(app, app_settings.theme)  # a change of the system's contrast shows at once
    house.use(app_settings.chart_style())
    accessibility.install(app)  # every control of every window named for screen readers
    crash.install(None)  # from here on nothing escapes to a bare traceback
    window = MainWindow(scenario_path)
    crash.install(lambda title, message, details: window.show_error(title, message, details))
    window.show()
    if app_settings.fallback_reason:
        window.show_error("Settings folder not usable", app_settings.fallback_reason)
    return app.exec()
