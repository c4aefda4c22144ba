"""Render the app offscreen into docs/screenshots/: every tab, a found area, Show the data, the
dark and high-contrast themes (and back to light, live) on the window as it opens (the preset on
the built-in England districts, IoD2025), opening the published IoD2019 files (and their district
map) when they are in FOLDER, workshop mode at 1920x1080 on the fictional workshop areas (one
fund, and both funds), and the Excel export through LibreOffice (one PNG a page) when
``soffice`` is installed.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [--iod FOLDER]

Look at each picture after changing the UI.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

IOD_DEFAULT = ROOT.parent / "shared" / "data" / "iod2019"


def _wait(window, signal=None) -> None:
    loop = QEventLoop()
    (signal or window.runner.finished).connect(loop.quit)
    QTimer.singleShot(60_000, loop.quit)
    loop.exec()


def _pause(ms: int) -> None:
    """Let the event loop run for ``ms`` milliseconds (late resizes and redraws land)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _settle(app) -> None:
    for _ in range(5):
        app.processEvents()


def _shoot(widget, path: Path, written: list[Path]) -> None:
    widget.grab().save(str(path))
    written.append(path)


def tabs(app, window, out_dir: Path, written: list[Path], prefix: str = "tab") -> None:
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        _settle(app)
        name = window.tabs.tabText(index).lower().replace(" ", "-")
        _shoot(window, out_dir / f"{prefix}-{index + 1:02d}-{name}.png", written)


def excel_pages(window, out_dir: Path, written: list[Path]) -> None:
    """The Excel export, converted to PDF by LibreOffice and each page to a PNG."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftoppm") is None:
        print("soffice or pdftoppm not found: Excel pages not rendered")
        return
    from simulator.outputs.export import write_results

    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "results.xlsx"
        write_results(window.results, book)
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(book)],
            check=True,
            capture_output=True,
            timeout=180,
        )
        for old in out_dir.glob("excel-page-*.png"):
            old.unlink()
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                str(Path(tmp) / "results.pdf"),
                str(out_dir / "excel-page"),
            ],
            check=True,
            timeout=120,
        )
    written.extend(sorted(out_dir.glob("excel-page-*.png")))


def main(out_dir: Path = ROOT / "docs" / "screenshots", iod: Path = IOD_DEFAULT) -> list[Path]:
    os.environ.setdefault("FUNDSIM_SETTINGS_DIR", tempfile.mkdtemp())
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    out_dir.mkdir(parents=True, exist_ok=True)
    window = MainWindow()
    window.live_action.setChecked(False)
    window.resize(1400, 860)
    window.show()
    _wait(window)
    written: list[Path] = []
    tabs(app, window, out_dir, written)

    window.tabs.setCurrentIndex(0)
    window.tabs.search.setText("Blackpool")
    _settle(app)
    _shoot(window, out_dir / "found-area.png", written)
    window.tabs.search.clear()
    _settle(app)
    window.allocation_chart.show_data()  # the table behind the chart, with its summary
    _settle(app)
    _shoot(window.allocation_chart.data_dialog, out_dir / "show-the-data.png", written)
    window.allocation_chart.data_dialog.close()

    excel_pages(window, out_dir, written)

    window.set_theme("dark")
    _settle(app)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    for index, name in ((0, "allocation"), (titles.index("Endowment value"), "endowment-value")):
        window.tabs.setCurrentIndex(index)
        _settle(app)
        _shoot(window, out_dir / f"dark-{name}.png", written)
    window.panel.editors["recovery_fund.progressivity"].setValue(
        2.0
    )  # stale results and a disabled Run
    window.panel.editors["endowment.spending_rate"].setValue(95.0)
    window.panel.editors["endowment.fees"].setValue(10.0)
    _settle(app)
    _shoot(window, out_dir / "dark-stale-and-disabled.png", written)
    window.undo_stack.setIndex(0)
    window.set_theme("high-contrast")
    window.tabs.setCurrentIndex(0)
    window.activateWindow()
    window.panel.editors["recovery_fund.progressivity"].setFocus()  # the focus frame, plainly seen
    _settle(app)
    _shoot(window, out_dir / "high-contrast.png", written)
    window.set_theme("light")  # back to light, live: nothing left unreadable
    _settle(app)
    window.tabs.setCurrentIndex(0)
    _settle(app)
    _shoot(window, out_dir / "light-after-dark.png", written)

    if (iod / "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv").exists():
        window.open_data_files(
            [
                iod / "File_6_-_IoD2019_Population_Denominators.csv",
                iod / "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv",
            ]
        )
        from ui.dialogs.open_data import OpenDataDialog

        dialog = window.findChildren(OpenDataDialog)[-1]
        _settle(app)
        _shoot(dialog, out_dir / "open-official-files.png", written)
        dialog.run_button.click()
        _wait(window)
        window.tabs.setCurrentIndex(0)
        _settle(app)
        _shoot(window, out_dir / "official-districts.png", written)
        window.tabs.setCurrentWidget(window.tabs.map)
        _settle(app)
        _shoot(window, out_dir / "official-map.png", written)
        window.tabs.setCurrentIndex(0)
        window.tabs.search.setText("Blackpool")
        _settle(app)
        _shoot(window, out_dir / "official-found-blackpool.png", written)
        window.tabs.search.clear()
        window.live_action.setChecked(True)  # live mode: the chart's bars move with each edit
        for value in (1.4, 1.8, 2.2):
            window.on_edited("recovery_fund.progressivity", value)
            _wait(window)
        while window.runner.busy or window.document._refine_timer.isActive():
            _wait(window)
        _settle(app)
        _shoot(window, out_dir / "official-live-edits.png", written)
        window.live_action.setChecked(False)
        for _ in range(3):
            window.undo_action.trigger()
        window.undo_action.trigger()  # back to the built-in England data

    # workshop mode on the twelve fictional areas, as a workshop uses it
    window._load(ROOT / "scenarios" / "workshop-as-proposed.toml", quiet=True)
    window.run()
    _wait(window)
    window.workshop_action.trigger()
    shop = window.workshop
    _pause(1500)  # the platform's own full-screen resize comes late: let it, then size ours
    shop.showNormal()  # the offscreen screen is small; render at a projector's size
    _settle(app)
    shop.resize(1920, 1080)
    _pause(1500)
    _settle(app)
    _shoot(shop, out_dir / "workshop-start.png", written)
    shop.pin_before()
    if hasattr(shop, "highlight"):
        index = shop.highlight.findText("Saltmouth")
        shop.highlight.setCurrentIndex(max(index, 1))
    shop.mechanism.setCurrentIndex(shop.mechanism.findData("competitive"))
    shop.capacity.setValue(15)
    window.live_action.setChecked(False)
    window.run()
    _wait(window)
    _settle(app)
    _shoot(shop, out_dir / "workshop-mode.png", written)
    shop.view.setCurrentIndex(shop.view.findData("both"))
    _settle(app)
    _shoot(shop, out_dir / "workshop-both-funds.png", written)
    shop.close()
    window.setWindowModified(False)
    window.document.set_modified(False)
    window.undo_stack.setClean()
    window.close()
    return written


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--iod",
        type=Path,
        default=IOD_DEFAULT,
        help="folder with the IoD2019 Files 1 and 6 (read in place)",
    )
    args = parser.parse_args()
    for p in main(iod=args.iod):
        print(p)
