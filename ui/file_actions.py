"""File and data actions of the main window: open, save, recent files, autosave and crash
restore, drag and drop, data files and column mapping, export.

A mixin of :class:`ui.main_window.MainWindow`, kept apart so each file stays readable.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from pydantic import ValidationError
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QMessageBox

from simulator.core.cancel import Cancelled
from simulator.core.errors import FundsimError
from simulator.core.paths import resources_dir
from simulator.data import BUILTINS
from simulator.data.kinds import file_kind
from simulator.data.readers import peek_headers
from simulator.outputs.export import FORMATS, check_output_path, write_results
from simulator.scenario import DataConfig, load_scenario
from simulator.scenario.files import input_files, relocated
from ui import settings as app_settings
from ui.autosave import AutosaveSlot, Orphan
from ui.dialogs.column_mapping import ColumnMappingDialog
from ui.dialogs.files import ask_open_file, ask_open_files, ask_save_file
from ui.dialogs.messages import app_message
from ui.dialogs.open_data import OpenDataDialog, needs_dialog
from ui.dialogs.presets import PresetDialog, as_new, presets
from ui.dialogs.reading import read_in_background, regular_file, try_read
from ui.panels.shortcuts import commit_focused_field
from ui.workshop.state import forget_workshop, saved_workshop

log = logging.getLogger(__name__)

SCENARIO_FILTER = "fundsim scenarios (*.toml)"
DATA_FILTER = "Area data (*.csv *.xlsx);;CSV (*.csv);;Excel workbooks (*.xlsx);;All files (*)"
DATA_SUFFIXES = (".csv", ".xlsx", ".xlsm")


def one_read(method):
    """A window reads one file at a time: while one is read (its local event loop keeps the
    window's timers and menus working), another open is refused with a word, not nested."""

    @functools.wraps(method)
    def reading(self, *args, **kwargs):
        if self._reading:
            self.status_label.setText("Still reading a file: wait for it, or press Cancel")
            return False
        self._reading = True
        try:
            return method(self, *args, **kwargs)
        finally:
            self._reading = False

    return reading


class FileActions:
    """Methods the main window uses to read and write files."""

    _reading = False  # a file is being read for this window
    _closed = False  # the window has been closed

    def maybe_save(self) -> bool:
        """Ask about unsaved changes; False if the user cancelled."""
        if not self.isWindowModified():
            return True
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            f"Save the changes to “{self.scenario.name}” first?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        path = ask_open_file(self, "Open scenario", SCENARIO_FILTER)
        if path:
            self._load(path)

    @one_read
    def new_from_preset(self, path: Path | None = None) -> bool:
        """File › New from preset…: a bundled preset (from the installed package) as a new,
        unsaved scenario, so saving never writes over the preset."""
        if path is None:
            found = try_read(
                self,
                "Reading the presets…",
                presets,
                lambda message: self.show_error("Could not list the presets", message),
            )
            if found is None:
                return False
            choice = PresetDialog(self, found)
            if choice.exec() != QDialog.DialogCode.Accepted or choice.path() is None:
                return False
            path = choice.path()
        if not self.maybe_save():
            return False
        try:
            scenario = read_in_background(self, "Reading the preset…", lambda: load_scenario(path))
        except Cancelled:
            return False
        except FundsimError as exc:
            self.show_error("Could not open the preset", str(exc))
            return False
        self.document.open(as_new(scenario, path))
        self.document.run()
        self.status_label.setText(f"New scenario from the preset {scenario.name!r}")
        return True

    def save(self) -> bool:
        commit_focused_field()
        if self.scenario.path is None:
            return self.save_as()
        return self._save_to(self.scenario.path)

    def save_as(self) -> bool:
        path = ask_save_file(self, "Save scenario as", "scenario.toml", SCENARIO_FILTER)
        return bool(path) and self._save_to(Path(path).with_suffix(".toml"))

    def _save_to(self, path: Path) -> bool:
        try:
            self.document.save(path)
        except (FundsimError, OSError) as exc:
            self.show_error("Could not save the scenario", str(exc))
            return False
        app_settings.add_recent(path)
        return True

    def _folder(self) -> Path:
        """The one folder every file dialog starts in: the last one a file was chosen in."""
        return app_settings.last_folder()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = app_settings.recent_files()
        if not files:
            self.recent_menu.addAction("(none yet)").setEnabled(False)
        for f in files:
            self.recent_menu.addAction(f, lambda p=f: self.maybe_save() and self._load(Path(p)))

    # ----------------------------------------------------------------- autosave
    @property
    def autosave_slot(self) -> AutosaveSlot:
        """This window's own autosave (see :mod:`ui.autosave`), kept by its document."""
        return self.document.autosave_slot

    def autosave_path(self) -> Path:
        return self.autosave_slot.path

    def autosave(self) -> None:
        """Keep a copy of the working scenario, so a crash loses nothing."""
        self.document.autosave()

    def discard_autosave(self) -> None:
        self.document.discard_autosave()
        forget_workshop()

    @one_read
    def offer_restore(self) -> bool:
        """After a crash, offer back each autosave no running window holds, newest first, until
        one is restored; those declined are deleted, those not yet offered wait for next time.
        Workshop mode comes back too if it was open (its before, highlighted area and view).
        A window closed meanwhile restores nothing (the work waits for the next window)."""
        if self._closed:
            return False
        orphans = self.autosave_slot.orphans()
        if not orphans:
            forget_workshop()
        try:
            while orphans:
                orphan = orphans.pop(0)
                if self._restore(orphan, len(orphans)):
                    return True
        finally:
            for orphan in orphans:
                orphan.release()
        return False

    def _restore(self, orphan: Orphan, more: int) -> bool:
        """Offer one orphan back; its files (the scenario, workshop mode's before) are read on
        a worker thread. Cancelling the read keeps the autosave for next time."""
        source = Path(orphan.source) if orphan.source else None
        try:
            scenario, workshop = read_in_background(
                self,
                "Reading the unsaved work of the last session…",
                lambda: (load_scenario(orphan.path), saved_workshop(source)),
            )
        except Cancelled:
            orphan.release()
            return False
        except FundsimError as exc:
            self.show_error("Could not restore", str(exc))
            orphan.release()
            return False
        others = (
            f" ({more} more unsaved scenario{'s' if more != 1 else ''} after this one)"
            if more
            else ""
        )
        answer = QMessageBox.question(
            self,
            "Restore unsaved work?",
            "fundsim did not close normally. Restore the scenario you were working on, "
            f"“{scenario.name}”{others}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            orphan.forget()
            return False
        # relative data paths were saved relative to the autosave's folder: point them from the
        # scenario's own file again (or make them absolute if it was never saved)
        scenario = relocated(scenario, source)
        self.autosave_slot.adopt(orphan)  # now this window's own, until it is saved or closed
        self.document.open(scenario, modified=True)
        self.status_label.setText("Restored unsaved work from the last session")
        self.document.run()
        if workshop is not None:
            self.show_workshop(restore=workshop)
        return True

    # ----------------------------------------------------------------- drag and drop
    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if any(
            u.toLocalFile().lower().endswith(DATA_SUFFIXES + (".toml",))
            for u in event.mimeData().urls()
        ):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        """A scenario opens; one or several data files (File 1 + File 6) are sorted out together.
        Both once the drop is over: the files are read in the background, and the program the
        files were dragged from is not kept waiting meanwhile."""
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls()]
        scenario = next((p for p in paths if p.suffix.lower() == ".toml"), None)
        data = [p for p in paths if p.suffix.lower() in DATA_SUFFIXES]
        if scenario is not None:
            QTimer.singleShot(0, self, lambda: self.maybe_save() and self._load(scenario))
        elif data:
            QTimer.singleShot(0, self, lambda: self.open_data_files(data))
        else:
            return
        event.acceptProposedAction()

    def open_data_dialog(self) -> None:
        paths = ask_open_files(
            self,
            "Open area data (one file, or the data and population files together)",
            DATA_FILTER,
        )
        if paths:
            self.open_data_files(paths)

    def open_population_dialog(self) -> None:
        path = ask_open_file(self, "Open population file", DATA_FILTER)
        if not path:
            return
        if self.scenario.data.source.startswith("builtin:"):  # the deprivation file comes next
            self.open_data_files([path])
        else:
            self.edit_data(population=str(path.resolve()))

    def use_data(self, path: Path) -> None:
        """Open one data file (as the Open data file… button does)."""
        self.open_data_files([Path(path)])

    @one_read
    def open_data_files(self, paths: list[Path]) -> None:
        """Open data files: a complete table simply runs; otherwise one page asks for what is
        missing (the population file), suggests the level and need indicator, and runs.

        A new file starts with no column mapping; a population file stays as it was unless the
        new file has its own population or another is given.
        """
        builtin = self.scenario.data.source.startswith("builtin:")
        population = None if builtin else self.scenario.data.population
        kinds = try_read(
            self,
            f"Reading {paths[0].name if len(paths) == 1 else f'{len(paths)} files'}…",
            lambda: {str(p): file_kind(regular_file(p)) for p in paths},
            lambda message: self.show_error("Could not open the data file", app_message(message)),
        )
        if kinds is None:
            return
        if len(paths) == 1:
            kind = kinds[str(paths[0])]
            unrecognised = not kind.columns
            if unrecognised or not needs_dialog(
                kind, self.scenario.recovery_fund.need_indicator, population
            ):
                self.edit_data(
                    source=str(paths[0].resolve()),
                    columns={},
                    **({"population": None} if kind.has_population else {}),
                )
                return
        current = self.scenario.resolve(population) if population else None
        dialog = OpenDataDialog(paths, current, self._folder(), self, kinds)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply_data_choice(*dialog.changes()))
        dialog.open()

    def apply_data_choice(self, data: dict[str, object], indicator: str | None) -> None:
        """Use new ``[data]`` keys and need indicator together, as one undoable step, and run."""
        try:
            config = DataConfig.model_validate({**self.scenario.data.model_dump(), **data})
            candidate = self.scenario.model_copy(update={"data": config})
            if indicator:
                candidate = candidate.updated("recovery_fund.need_indicator", indicator)
                if (
                    candidate.recovery_fund.need_weights
                    and indicator not in candidate.recovery_fund.need_weights
                ):
                    candidate = candidate.updated("recovery_fund.need_weights", {})
        except (ValidationError, FundsimError) as exc:
            self.show_error("Invalid data setting", app_message(str(exc)))
            return
        self.document.replace_and_run(candidate, f"open {Path(str(config.source)).name}")

    def use_builtin(self, source: str) -> None:
        """Use a bundled dataset by name (from the data panel): no population file, its own
        level, no column mapping; the need indicator becomes 'score' if it has not the current
        one. One undoable step, then a run."""
        if source == self.scenario.data.source:
            return
        name = source.removeprefix("builtin:")
        offered = set(peek_headers(resources_dir() / BUILTINS[name].file))
        current = self.scenario.recovery_fund.need_indicator
        self.apply_data_choice(
            {"source": source, "population": None, "level": None, "columns": {}},
            None if current in offered else "score",
        )

    def edit_data(self, **changes: object) -> None:
        """Change keys of ``[data]`` together (one undo step) and run on the result."""
        self.document.edit_data(**changes)

    @one_read
    def map_columns(self, path: Path | None = None) -> bool:
        """Ask which columns hold code, name, population and score; run with the answer."""
        source = path or (
            None
            if self.scenario.data.source.startswith("builtin:")
            else self.scenario.resolve(self.scenario.data.source)
        )
        if source is None:
            return False
        headers = try_read(
            self,
            f"Reading the columns of {source.name}…",
            lambda: peek_headers(regular_file(source)),
            lambda message: self.show_error("Could not read the file's columns", message),
        )
        if headers is None:
            return False
        current = self.scenario.data.columns if path is None else {}
        dialog = ColumnMappingDialog(source.name, headers, current, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.edit_data(source=str(source), columns=dialog.mapping())
        return True

    def ask_export_path(self, suggested: str = "results.xlsx") -> str:
        """The export file: its type follows the name (the filter shown is the suggested name's,
        and a name typed without an extension gets the chosen filter's)."""
        filters = {f"{label} (*{ext})": ext for ext, label in FORMATS.items()}
        suffix = Path(suggested).suffix.lower()
        selected = next((f for f, ext in filters.items() if ext == suffix), next(iter(filters)))
        path, chosen = ask_save_file(
            self, "Export results", suggested, ";;".join(filters), selected, with_filter=True
        )
        if path and Path(path).suffix.lower() not in FORMATS:
            path += filters.get(chosen, suffix or ".xlsx")
        return path

    def export_dialog(self) -> None:
        if self.results is None:
            self.show_error("Nothing to export yet", "Run the scenario first.")
            return
        commit_focused_field()
        path = self.ask_export_path()
        if not path:
            return
        try:
            write_results(self.results, check_output_path(path, input_files(self.scenario)))
        except (FundsimError, OSError) as exc:
            self.show_error("Could not export", str(exc))
            return
        self.status_label.setText(f"Exported {path}")
