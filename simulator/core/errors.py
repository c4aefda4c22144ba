"""Errors a user can act on.

Every problem with a user's input (scenario file, data file, parameter) is raised as a
:class:`FundsimError` that says what is wrong and where: the file, and where known the sheet,
row, column or scenario field. The CLI prints it on one line and exits with status 2; the app
shows it in a dialog and keeps running.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import Path


@dataclass
class FundsimError(Exception):
    """A problem with the user's input, with its location.

    Attributes
    ----------
    message:
        What is wrong, in plain English, e.g. ``"must be >= 0, got -1"``.
    file:
        The file the problem is in, if any.
    field:
        Dotted scenario field, e.g. ``"recovery_fund.progressivity"``.
    sheet, row, column:
        Location inside a data file. ``row`` is the 1-based line or spreadsheet row a user
        would see in an editor or in Excel.
    problems:
        For an invalid scenario, every ``(field, message)`` found, so a form can mark each.
    """

    message: str
    file: str | Path | None = None
    field: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    #: Every (field, message) pair when several scenario fields are invalid at once.
    problems: list[tuple[str, str]] = dc_field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __reduce__(self) -> tuple[type[FundsimError], tuple[object, ...]]:
        """Pickled whole (a Dask worker's error keeps its field, file and row for the form)."""
        return (
            type(self),
            (
                self.message,
                self.file,
                self.field,
                self.sheet,
                self.row,
                self.column,
                list(self.problems),
            ),
        )

    def location(self) -> str:
        """Where the problem is, e.g. ``"areas.csv, row 7, column 'population'"``."""
        parts = []
        if self.file is not None:
            parts.append(Path(self.file).name if isinstance(self.file, Path) else str(self.file))
        if self.sheet is not None:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.field} {self.message}" if self.field else self.message
        where = self.location()
        return f"{where}: {text}" if where else text
