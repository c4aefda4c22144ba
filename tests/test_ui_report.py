"""File > Export report… in the app: written in the background, errors in a dialog."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest

pytest.importorskip("PySide6")

from docx import Document as read_docx  # noqa: E402

from simulator.core.money import format_money  # noqa: E402


def test_file_menu_exports_a_report_in_the_background(qtbot, window, tmp_path):
    file_menu = window.menuBar().actions()[0].menu()
    assert window.report_action in file_menu.actions()
    out = tmp_path / "report.docx"
    window.export_report(out)
    assert window.status_label.text() == "Writing report report.docx…"
    # the report is a job on the document's runner: the document is busy, no run was started
    assert window.document.busy and not window.runner.busy
    qtbot.waitUntil(lambda: window.status_label.text() == f"Report written: {out}", timeout=60000)
    assert not window.report_exporter.busy
    docx = read_docx(io.BytesIO(out.read_bytes()))
    cells = [c.text for t in docx.tables for r in t.rows for c in r.cells]
    assert format_money(window.results.recovery.distributed) in cells
    assert window.results.data.files[0].sha256 in cells


def test_a_bad_report_name_gives_a_dialog(qtbot, window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(
        window, "show_error", lambda title, message, *a, **k: shown.append((title, message))
    )
    window.export_report(tmp_path / "report.txt")
    assert (
        shown
        and shown[0][0] == "Could not write the report"
        and "unknown report format '.txt'" in shown[0][1]
    )
    assert not list(tmp_path.glob("report*"))


def test_compare_view_writes_a_comparison_report(qtbot, window, tmp_path):
    from simulator.scenario import load_scenario
    from tests.conftest import REPO
    from ui.compare.options import Option

    window.compare_action.trigger()
    cw = window.compare_window
    assert not cw.report_button.isEnabled()  # one option is not a comparison
    targeted = load_scenario(REPO / "scenarios" / "targeted-most-deprived.toml")
    cw.options.add(  # on the current (workshop) areas: the preset itself runs on England
        Option(targeted.updated("data.source", "builtin:workshop"), None)
    )
    assert cw.report_button.isEnabled()
    out = tmp_path / "comparison.pdf"
    from ui.reports.export import export_comparison_report

    export_comparison_report(cw, out)
    qtbot.waitUntil(lambda: cw.status.text() == f"Report written: {out}", timeout=90000)
    assert out.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Exemplification: A" in text and "Differences against the baseline" in text
    cw.close()


def test_a_report_of_unsaved_changes_says_the_file_alone_does_not_give_its_numbers(
    qtbot,
    window,
    tmp_path,
):
    def scenario_file_cell(out):
        docx = read_docx(io.BytesIO(out.read_bytes()))
        rows = [[c.text for c in r.cells] for t in docx.tables for r in t.rows]
        return next(r[1] for r in rows if r[0] == "Scenario file")

    saved = tmp_path / "saved.docx"
    window.export_report(saved)
    qtbot.waitUntil(lambda: window.status_label.text() == f"Report written: {saved}", timeout=60000)
    assert scenario_file_cell(saved) == str(window.scenario.path)
    with qtbot.waitSignal(window.runner.finished, timeout=60000):
        window.on_edited("recovery_fund.floor", 250_000.0)
        window.run()
    assert window.isWindowModified()
    edited = tmp_path / "edited.docx"
    window.export_report(edited)
    qtbot.waitUntil(
        lambda: window.status_label.text() == f"Report written: {edited}", timeout=60000
    )
    assert scenario_file_cell(edited).startswith(
        f"{window.scenario.path} (with changes not saved to it"
    )
