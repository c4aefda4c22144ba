"""File and data actions of the main window: open, save, recent files, autosave and crash
restore, drag and drop, data files and column mapping, export.

A mixin of :class:`ui.main_window.MainWindow`, kept apart so each file stays readable.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pydantic import ValidationError
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from simulator.data.readers import peek_headers
from simulator.core.errors import FundsimError
from simulator.outputs.export import FORMATS, check_output_path, write_results
from simulator.core.paths import default_scenario_path
from simulator.scenario import DataConfig, load_scenario, save_scenario
from simulator.scenario.files import input_files, relocated
from ui import settings as app_settings
from ui.areas_cache import describe_source
from ui.dialogs.column_mapping import ColumnMappingDialog

log = logging.getLogger(__name__)

SCENARIO_FILTER = "fundsim scenarios (*.toml)"
DATA_FILTER = "Area data (*.csv *.xlsx);;CSV (*.csv);;Excel workbooks (*.xlsx);;All files (*)"
DATA_SUFFIXES = (".csv", ".xlsx", ".xlsm")


class FileActions:
    """Methods the main window uses to read and write files."""

    def maybe_save(self) -> bool:
        """Ask about unsaved changes; False if the user cancelled."""
        if not self.isWindowModified():
            return True
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            f"Save the changes to “{self.scenario.name}” first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self, "Open scenario", str(self._folder()), SCENARIO_FILTER)
        if path:
            self._load(Path(path))

    def save(self) -> bool:
        if self.scenario.path is None:
            return self.save_as()
        return self._save_to(self.scenario.path)

    def save_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self, "Save scenario as", str(self._folder() / "scenario.toml"), SCENARIO_FILTER)
        return bool(path) and self._save_to(Path(path).with_suffix(".toml"))

    def _save_to(self, path: Path) -> bool:
        try:
            save_scenario(self.scenario, path)
        except (FundsimError, OSError) as exc:
            self.show_error("Could not save the scenario", str(exc))
            return False
        self.scenario = load_scenario(path)
        self._set_dirty(False)
        app_settings.add_recent(path)
        self.discard_autosave()
        self.status_label.setText(f"Saved {path}")
        return True

    def _folder(self) -> Path:
        if self.scenario.path and self.scenario.path.parent != default_scenario_path().parent:
            return self.scenario.path.parent
        return app_settings.last_folder()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = app_settings.recent_files()
        if not files:
            self.recent_menu.addAction("(none yet)").setEnabled(False)
        for f in files:
            self.recent_menu.addAction(f, lambda p=f: self.maybe_save() and self._load(Path(p)))

    # ----------------------------------------------------------------- autosave
    def autosave_path(self) -> Path:
        return app_settings.data_dir() / "autosave.toml"

    def autosave(self) -> None:
        """Keep a copy of the working scenario, so a crash loses nothing."""
        if not self.isWindowModified():
            return
        try:
            save_scenario(self.scenario.model_copy(deep=True), self.autosave_path())
            app_settings.set_value("autosave_source", str(self.scenario.path or ""))
        except (FundsimError, OSError) as exc:
            log.warning("autosave failed: %s", exc)

    def discard_autosave(self) -> None:
        self._autosave_timer.stop()
        self.autosave_path().unlink(missing_ok=True)

    def offer_restore(self) -> bool:
        """After a crash, offer the autosaved working scenario back."""
        path = self.autosave_path()
        if not path.exists():
            return False
        answer = QMessageBox.question(
            self,
            "Restore unsaved work?",
            "fundsim did not close normally last time. Restore the scenario you were working on?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            self.discard_autosave()
            return False
        try:
            scenario = load_scenario(path)
        except FundsimError as exc:
            self.show_error("Could not restore", str(exc))
            return False
        source = app_settings.value("autosave_source", str, "")
        # relative data paths were saved relative to the autosave's folder: point them from the
        # scenario's own file again (or make them absolute if it was never saved)
        scenario = relocated(scenario, Path(source) if source else None)
        self.set_scenario(scenario)
        self._set_dirty(True)
        self.status_label.setText("Restored unsaved work from the last session")
        self.run()
        return True

    # ----------------------------------------------------------------- drag and drop
    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if any(u.toLocalFile().lower().endswith(DATA_SUFFIXES + (".toml",)) for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        for url in event.mimeData().urls():
            path = Path(url.toLocalFile())
            if path.suffix.lower() == ".toml":
                if self.maybe_save():
                    self._load(path)
            elif path.suffix.lower() in DATA_SUFFIXES:
                self.use_data(path)
            else:
                continue
            event.acceptProposedAction()
            return

    def open_data_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open area data", str(self._folder()), DATA_FILTER)
        if path:
            self.use_data(Path(path))

    def open_population_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open population file", str(self._folder()), DATA_FILTER)
        if path:
            self.edit_data(population=str(Path(path).resolve()))

    def use_data(self, path: Path) -> None:
        """Switch the scenario to a data file and run; the old data come back if it fails.

        A new file starts with no column mapping; a population file and level stay as they
        were, since they usually go with the new file too.
        """
        self.edit_data(source=str(path.resolve()), columns={})

    def edit_data(self, **changes: object) -> None:
        """Change keys of ``[data]`` together and run on the result."""
        try:
            data = DataConfig.model_validate({**self.scenario.data.model_dump(), **changes})
        except ValidationError as exc:
            self.show_error("Invalid data setting", str(exc))
            return
        candidate = self.scenario.model_copy(update={"data": data})
        self._live_timer.stop()
        self._apply(candidate, "Change data")
        self._live_timer.stop()
        self.panel.set_scenario(self.scenario, describe_source(self.scenario))
        self.run()

    def map_columns(self, path: Path | None = None) -> bool:
        """Ask which columns hold code, name, population and score; run with the answer."""
        source = path or (None if self.scenario.data.source.startswith("builtin:") else self.scenario.resolve(self.scenario.data.source))
        if source is None:
            return False
        try:
            headers = peek_headers(source)
        except FundsimError as exc:
            self.show_error("Could not read the file's columns", str(exc))
            return False
        current = self.scenario.data.columns if path is None else {}
        dialog = ColumnMappingDialog(source.name, headers, current, self)
        self.last_dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.edit_data(source=str(source), columns=dialog.mapping())
        return True

    def export_dialog(self) -> None:
        if self.results is None:
            self.show_error("Nothing to export yet", "Run the scenario first.")
            return
        filters = ";;".join(f"{label} (*{ext})" for ext, label in FORMATS.items())
        path, chosen = QFileDialog.getSaveFileName(self, "Export results", str(self._folder() / "results.xlsx"), filters)
        if not path:
            return
        try:
            write_results(self.results, check_output_path(path, input_files(self.scenario)))
        except (FundsimError, OSError) as exc:
            self.show_error("Could not export", str(exc))
            return
        self.status_label.setText(f"Exported {path}")
