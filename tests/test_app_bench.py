"""``fundsim bench`` measures the app end to end: the console launcher passes the app's cases in."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from simulator import bench  # noqa: E402
from ui import launcher  # noqa: E402


def test_launcher_adds_the_app_cases_to_bench_only(monkeypatch):
    monkeypatch.setattr(bench, "EXTRA_CASES", [])
    seen = []
    monkeypatch.setattr(launcher, "cli_main", lambda argv, open_app=None: seen.append(argv) or 0)
    launcher.main(["run", "x.toml"])
    assert bench.EXTRA_CASES == []
    launcher.main(["bench", "--app"])
    assert bench.EXTRA_CASES == [launcher.app_bench_cases]


def test_app_cases_drive_the_real_window(qtbot, monkeypatch):
    from ui.charts import latency

    monkeypatch.setattr(latency, "QUICK_EDITS", 2)
    cases = latency.app_cases(quick=True)
    assert [c.target for c in cases] == [latency.TARGET] * 4
    assert all("317 districts" in c.name for c in cases)
    assert all(0 < c.seconds < 30 for c in cases)
    # every case carries the same machine anchor, and its ratio is its time over the anchor
    anchors = {c.baseline_seconds for c in cases}
    assert len(anchors) == 1 and 0 < anchors.pop() < 5
    assert all(c.ratio == pytest.approx(c.seconds / c.baseline_seconds) for c in cases)


def test_the_machine_anchor_is_the_district_formula_cases_rng_alone(monkeypatch):
    calls = []

    def rng(cfg, areas, paths):
        calls.append((cfg.mechanism, cfg.cap_share, areas, paths))
        return 0.01 * len(calls)

    monkeypatch.setattr(bench, "recovery_rng_baseline", rng)
    assert bench.machine_anchor(repeats=3) == 0.01  # the best of three
    assert calls == [("formula", 1.0, 317, 2000)] * 3
