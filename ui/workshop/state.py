"""Workshop mode kept across a crash: open or not, its 'before', the highlighted area, the view.

Written to the settings folder as it changes (beside the autosaved scenario) and forgotten when
workshop mode is left normally, so only a crash leaves it behind; restoring unsaved work then
reopens workshop mode as the room last saw it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from simulator.core.errors import FundsimError
from simulator.scenario import Scenario, load_scenario, save_scenario
from simulator.scenario.files import relocated
from ui import settings as app_settings

log = logging.getLogger(__name__)

KEYS = ("workshop/open", "workshop/highlight", "workshop/view", "workshop/map")


def _before_path() -> Path:
    return app_settings.data_dir() / "autosave-workshop-before.toml"


def save_workshop(before: Scenario | None, highlight: str, view: str, show_map: bool) -> None:
    """Remember workshop mode as it is now."""
    s = app_settings.settings()
    s.setValue("workshop/open", "true")
    s.setValue("workshop/highlight", highlight)
    s.setValue("workshop/view", view)
    s.setValue("workshop/map", "true" if show_map else "false")
    s.sync()
    try:
        if before is not None:
            save_scenario(before.model_copy(deep=True), _before_path())
        else:
            _before_path().unlink(missing_ok=True)
    except (FundsimError, OSError) as exc:
        log.warning("workshop 'before' not kept: %s", exc)


def forget_workshop() -> None:
    """Workshop mode was left normally (or the restore declined): nothing to bring back."""
    s = app_settings.settings()
    for key in KEYS:
        s.remove(key)
    s.sync()
    _before_path().unlink(missing_ok=True)


def saved_workshop(source: Path | None) -> dict | None:
    """Workshop mode as a crash left it, or None. ``source`` is the scenario's own file (the
    before's relative data paths are pointed from it again, as the autosave's are)."""
    if app_settings.value("workshop/open", str, "") != "true":
        return None
    before = None
    if _before_path().exists():
        try:
            before = relocated(load_scenario(_before_path()), source)
        except FundsimError as exc:
            log.warning("workshop 'before' could not be restored: %s", exc)
    return {
        "before": before,
        "highlight": app_settings.value("workshop/highlight", str, ""),
        "view": app_settings.value("workshop/view", str, "recovery"),
        "map": app_settings.value("workshop/map", str, "false") == "true",
    }


def keep_state(shop) -> None:
    """Remember a workshop window's state (its 'before', highlight, view, map)."""
    save_workshop(
        shop.before_scenario,
        shop.highlight.currentData() or "",
        shop.view.currentData(),
        shop.maps.toggle.isChecked(),
    )


def restore_into(shop, state: dict) -> None:
    """Workshop mode as a crash left it: the view, the highlighted area, and the 'before' (run
    again on the workshop's own worker, on the same seed, so it is the picture the room saw)."""
    from simulator.engine import run
    from ui.areas_cache import areas_for

    shop.view.setCurrentIndex(max(0, shop.view.findData(state.get("view"))))
    shop.maps.toggle.setChecked(bool(state.get("map")))
    highlight = state.get("highlight") or ""
    if highlight:
        shop.highlight.blockSignals(True)
        shop.highlight.addItem(highlight, highlight)
        shop.highlight.setCurrentIndex(shop.highlight.findData(highlight))
        shop.highlight.blockSignals(False)
    before = state.get("before")
    if before is not None:
        shop.before_scenario = before
        shop.before_jobs.start(
            lambda progress, should_stop: run(
                before, areas_for(before, should_stop), should_stop=should_stop
            )
        )
