"""Undoable edits of the scenario."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from simulator.scenario import Scenario


class ScenarioChange(QUndoCommand):
    """One edit of the scenario, undoable; ``restore`` puts a whole scenario back on screen.

    ``merge`` names the gesture the edit belongs to (a slider being dragged): the document
    extends this step's ``after`` rather than pushing another while the gesture lasts.
    """

    def __init__(
        self,
        restore: Callable[..., None],
        before: Scenario,
        after: Scenario,
        text: str,
        merge: str | None = None,
    ) -> None:
        super().__init__(text)
        self.restore, self.before, self.after, self.merge = restore, before, after, merge
        self._first = True

    def redo(self) -> None:
        if self._first:  # already applied when pushed
            self._first = False
            return
        self.restore(self.after)

    def undo(self) -> None:
        self.restore(self.before)
