"""Open data files: the deprivation file, its population file, the level and the need indicator
on one page, filled in from what the files hold, so official files open in two clicks.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.core.cancel import Cancelled
from simulator.core.errors import FundsimError
from simulator.data import vintage
from simulator.data.kinds import FileKind, describe_kind, file_kind, sort_files
from ui.dialogs.files import ask_open_file
from ui.dialogs.reading import read_in_background, regular_file

DATA_FILTER = (
    "Area data (*.csv *.xlsx *.xlsm);;CSV (*.csv);;Excel workbooks (*.xlsx *.xlsm);;All files (*)"
)
LEVELS = {"lad": "Districts (quick)", "lsoa": "Neighbourhoods (slower)"}


def level_texts(kind: FileKind | None) -> dict[str, str]:
    """The level choices, with England's counts in the file's own release (IoD2025: 296
    districts, 33,755 neighbourhoods; IoD2019: 317 and 32,844)."""
    release = vintage.get(kind.vintage) if kind is not None else None
    if release is None:
        return dict(LEVELS)
    return {
        "lad": f"Districts ({release.districts} in England; quick)",
        "lsoa": f"Neighbourhoods ({release.lsoas:,}; slower)",
    }


def population_hint(kind: FileKind | None) -> str:
    """What to choose as the population file: File 6 of the same release when it is known."""
    release = kind.release if kind is not None and kind.release else "IoD2025 or IoD2019"
    return (
        f"This file has no population. Choose the population file: {release} File 6 (or "
        "File 7), or a table of code and population."
    )


INDICATOR_TEXT = {
    "score": "IMD average score",
    "rank_exponential": "IMD rank, exponentially transformed (as the IoD technical report)",
    "extent": "Extent: share of people in the most deprived 30% of neighbourhoods",
    "prop_most_deprived_10": "Share of neighbourhoods in the most deprived 10%",
}
POPULATION_HINT = population_hint(None)


def _two_lines(kind: FileKind) -> str:
    """The file's name in bold, and what it holds below."""
    name, _, what = describe_kind(kind).partition(": ")
    return f"<b>{html.escape(name)}</b><br>{html.escape(what)}"


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for w in widgets:
        row.addWidget(w, 1 if isinstance(w, QLabel) else 0)
    return row


class OpenDataDialog(QDialog):
    """Data file, population file, level and need indicator; "Run" applies them together."""

    def __init__(
        self,
        paths: list[Path],
        current_population: Path | None = None,
        folder: Path | None = None,
        parent: QWidget | None = None,
        kinds: dict[str, FileKind] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open area data")
        self.setMinimumWidth(760)
        self.folder = folder or Path.home()
        self.kinds: dict[str, FileKind] = dict(kinds or {})
        self.source: Path | None = None
        self.population: Path | None = None
        self.problem = ""
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.source_label = QLabel()
        self.source_label.setObjectName("source_label")
        self.source_label.setWordWrap(True)
        self.source_button = QPushButton("Choose…")
        self.source_button.clicked.connect(self.choose_source)
        form.addRow("Deprivation data", _row(self.source_label, self.source_button))
        self.population_label = QLabel()
        self.population_label.setObjectName("population_label")
        self.population_label.setWordWrap(True)
        self.population_button = QPushButton("Choose population file…")
        self.population_button.clicked.connect(self.choose_population)
        form.addRow("Population", _row(self.population_label, self.population_button))
        self.level = QComboBox()
        for value, text in LEVELS.items():
            self.level.addItem(text, value)
        self.level.currentIndexChanged.connect(lambda _i: self._fill_indicators())
        form.addRow("Work at", self.level)
        self.indicator = QComboBox()
        self.indicator.setToolTip(
            "The deprivation measure that counts as need (higher = more deprived)."
        )
        form.addRow("Need indicator", self.indicator)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.run_button = self.buttons.addButton("Run", QDialogButtonBox.ButtonRole.AcceptRole)
        self.run_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.add_files(paths, current_population)

    # ----------------------------------------------------------------- files
    def _kind(self, path: Path) -> FileKind | None:
        """What ``path`` holds: read before the dialog opened, or now on a worker thread."""
        if str(path) in self.kinds:
            return self.kinds[str(path)]
        try:
            kind = read_in_background(
                self, f"Reading {path.name}…", lambda: file_kind(regular_file(path))
            )
        except Cancelled:
            return None
        except FundsimError as exc:
            self.problem = str(exc)
            return None
        self.kinds[str(path)] = kind
        return kind

    def add_files(self, paths: list[Path], current_population: Path | None = None) -> None:
        """Sort ``paths`` into data and population (either order) and fill in the suggestions."""
        kinds = [k for k in (self._kind(Path(p)) for p in paths) if k is not None]
        if self.source is not None and not any(k.has_need for k in kinds):
            kinds.insert(0, self.kinds[str(self.source)])
        choice = sort_files(
            kinds, current_population if self.population is None else self.population
        )
        if choice.source is not None:
            self.source = choice.source
        if choice.population is not None:
            self.population = choice.population
        elif choice.source is not None and choice.source_kind.has_population:
            self.population = None
        unused = [
            k for k in kinds if k.path in choice.unused and not k.has_need and not k.has_population
        ]
        if unused and not self.problem:
            self.problem = f"{unused[0].path.name} is not a table fundsim recognises: use Map columns… after opening it."
        if choice.level is not None:
            self.level.setCurrentIndex(self.level.findData(choice.level))
        self._refresh(choice.indicator)

    def choose_source(self) -> None:
        path = ask_open_file(self, "Open deprivation data", DATA_FILTER)
        if path:
            self.problem = ""
            self.add_files([path])

    def choose_population(self) -> None:
        path = ask_open_file(self, "Open population file", DATA_FILTER)
        if not path:
            return
        kind = self._kind(path)
        if kind is None:
            self._refresh()
            return
        if not kind.has_population:
            release = (self.source_kind and self.source_kind.release) or "IoD2025 or IoD2019"
            self.problem = f"{kind.path.name} has no population column: choose {release} File 6 or 7, or a table of code and population."
        else:
            self.problem = ""
            self.population = kind.path
        self._refresh()

    # ----------------------------------------------------------------- view
    @property
    def source_kind(self) -> FileKind | None:
        return self.kinds.get(str(self.source)) if self.source else None

    def needs_population(self) -> bool:
        kind = self.source_kind
        return kind is not None and not kind.has_population and self.population is None

    def _fill_indicators(self, wanted: str | None = None) -> None:
        kind = self.source_kind
        current = wanted or self.indicator.currentData()
        self.indicator.clear()
        if kind is None:
            return
        for name in kind.indicators(self.chosen_level() or kind.level):
            self.indicator.addItem(INDICATOR_TEXT.get(name, name), name)
        index = self.indicator.findData(current)
        self.indicator.setCurrentIndex(max(index, 0))

    def _refresh(self, indicator: str | None = None) -> None:
        kind = self.source_kind
        self.source_label.setText(
            _two_lines(kind)
            if kind
            else "Choose the file with deprivation scores or ranks (e.g. IoD2025 File 1)."
        )
        if self.population is not None:
            self.population_label.setText(
                _two_lines(self.kinds[str(self.population)])
                if str(self.population) in self.kinds
                else self.population.name
            )
        elif kind is not None and kind.has_population:
            self.population_label.setText("from the data file itself")
        else:
            self.population_label.setText(f"<b>{population_hint(kind)}</b>" if kind else "")
        for i, text in enumerate(level_texts(kind).values()):
            self.level.setItemText(i, text)
        self.level.setEnabled(kind is not None and kind.level == "lsoa")
        self._fill_indicators(indicator)
        ready = kind is not None and not self.needs_population() and self.indicator.count() > 0
        self.run_button.setEnabled(ready)
        if self.problem:
            self.intro.setText(f"<span style='color:#D55E00'>⚠ {self.problem}</span>")
        elif ready:
            self.intro.setText("Everything needed is here. Check the choices and press <b>Run</b>.")
        elif kind is None:
            self.intro.setText("Choose the deprivation file to allocate by.")
        else:
            self.intro.setText(population_hint(kind))
        self.adjustSize()

    # ----------------------------------------------------------------- answer
    def chosen_level(self) -> str | None:
        kind = self.source_kind
        if kind is None or kind.level != "lsoa":
            return None
        return self.level.currentData()

    def changes(self) -> tuple[dict[str, object], str | None]:
        """``[data]`` keys to set, and the need indicator to use."""
        data = {
            "source": str(self.source.resolve()) if self.source else None,
            "population": str(self.population.resolve()) if self.population else None,
            "level": self.chosen_level(),
            "columns": {},
        }
        return data, self.indicator.currentData()


def needs_dialog(kind: FileKind, current_indicator: str, current_population: str | None) -> bool:
    """Whether opening ``kind`` alone needs any question answered (else it simply runs)."""
    if not kind.has_need:
        return True
    if not kind.has_population and current_population is None:
        return True
    if kind.level == "lsoa":
        return True
    offered = kind.indicators()
    return bool(offered) and current_indicator not in offered


__all__ = ["OpenDataDialog", "needs_dialog"]
