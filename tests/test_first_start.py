"""First start: a clear line for missing X libraries, presets by name from any folder."""

from __future__ import annotations

import json

from simulator.cli import main
from simulator.core.paths import scenarios_dir


def test_missing_x_libraries_are_named_with_the_install_command(monkeypatch):
    from ui import app

    monkeypatch.setattr(app.sys, "platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")

    def load(name):
        if name in ("libxcb-icccm.so.4", "libxkbcommon-x11.so.0"):
            raise OSError(name)

    missing = app.missing_x_libraries(load)
    assert missing == ["libxcb-icccm.so.4", "libxkbcommon-x11.so.0"]
    line = app.x_libraries_message(missing)
    assert "\n" not in line and "libxcb-icccm.so.4" in line and "xcb-cursor" not in line
    assert "sudo apt-get install libxcb-icccm4 libxkbcommon-x11-0" in line
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert app.missing_x_libraries(load) == []  # offscreen needs no X


def test_app_prints_the_line_and_stops_before_qt(monkeypatch, capsys):
    from ui import app

    monkeypatch.setattr(app, "missing_x_libraries", lambda: ["libxcb-cursor.so.0"])
    assert app.main() == 1
    assert "sudo apt-get install libxcb-cursor0" in capsys.readouterr().err


def test_run_a_preset_by_name_from_any_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "r.json"
    assert main(["run", "kruger-as-proposed", "--paths", "100", "--out", str(out)]) == 0
    assert (
        json.loads(out.read_text(encoding="utf-8"))["scenario"]["name"]
        == "Kruger report as proposed"
    )
    assert main(["run", "no-such-preset", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "neither a scenario file nor a preset" in err and "kruger-as-proposed" in err


def test_presets_lists_each_preset_on_one_line(capsys):
    assert main(["presets"]) == 0
    lines = capsys.readouterr().out.splitlines()
    names = sorted(p.stem for p in scenarios_dir().glob("*.toml"))
    listed = [line.split()[0] for line in lines[: len(names)]]
    assert listed == names
    assert all(len(line) < 140 for line in lines[: len(names)])
