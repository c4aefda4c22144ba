"""``fundsim map`` and the map sheet of the Excel export."""

from __future__ import annotations

import zipfile

import numpy as np
import pytest
from matplotlib.image import imread
from openpyxl import load_workbook

from simulator.cli import main
from tests.conftest import write


def test_map_command_writes_png_svg_and_pdf(tmp_path, preset_path, capsys):
    png = tmp_path / "map.png"
    assert main(["map", str(preset_path), "--paths", "200", "--out", str(png)]) == 0
    image = imread(png)
    assert image.shape[1] == 8 * 300  # 8 inches at print quality
    assert 0.8 < image.shape[0] / image.shape[1] < 1.4
    assert (
        len(np.unique(image.reshape(-1, image.shape[-1])[::97], axis=0)) > 12
    )  # twelve hex colours and more
    svg = tmp_path / "map.svg"
    assert (
        main(["map", str(preset_path), "--paths", "200", "--measure", "gain", "--out", str(svg)])
        == 0
    )
    text = svg.read_text(encoding="utf-8")
    assert "Eastgate" in text and "Hex layout of the fictional workshop areas" in text
    pdf = tmp_path / "map.pdf"
    assert (
        main(
            [
                "map",
                str(preset_path),
                "--paths",
                "200",
                "--measure",
                "endowment_grants",
                "--out",
                str(pdf),
            ]
        )
        == 0
    )
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "wrote" in capsys.readouterr().err


def test_map_command_errors_exit_2_before_running(tmp_path, preset_path, capsys):
    assert main(["map", str(preset_path), "--out", str(tmp_path / "map.gif")]) == 2
    assert (
        "map.gif: has an unknown map format '.gif'; use one of .png, .svg, .pdf"
        in capsys.readouterr().err
    )
    assert (
        main(
            [
                "map",
                str(preset_path),
                "--paths",
                "50",
                "--measure",
                "bid_costs",
                "--out",
                str(tmp_path / "m.png"),
            ]
        )
        == 2
    )
    assert (
        "--measure is 'bid_costs', but these results can map: allocation_per_head"
        in capsys.readouterr().err
    )
    rows = "".join(f"{c},{c}ville,1000,{10 * i + 5}\n" for i, c in enumerate("ABCDE"))
    data = write(tmp_path / "mine.csv", "code,name,population,score\n" + rows)
    assert (
        main(
            [
                "map",
                str(preset_path),
                "--data",
                str(data),
                "--paths",
                "50",
                "--out",
                str(tmp_path / "m.png"),
            ]
        )
        == 2
    )
    assert "none of the 5 areas' codes is on a hex map" in capsys.readouterr().err
    assert not (tmp_path / "m.png").exists()


def test_excel_export_has_the_map_as_a_picture(tmp_path, preset_path):
    xlsx = tmp_path / "r.xlsx"
    assert main(["run", str(preset_path), "--paths", "200", "--out", str(xlsx)]) == 0
    wb = load_workbook(xlsx)
    assert wb.sheetnames[-1] == "Map"
    assert wb["Map"]["A1"].value.startswith("Hex map: a picture")
    with zipfile.ZipFile(xlsx) as z:
        media = [n for n in z.namelist() if n.startswith("xl/media/")]
        assert len(media) == 1 and z.read(media[0]).startswith(b"\x89PNG")


@pytest.mark.parametrize("measure", ["allocation_per_head", "need", "prob_funded"])
def test_map_command_takes_every_run_measure(tmp_path, preset_path, measure):
    out = tmp_path / f"{measure}.png"
    assert (
        main(["map", str(preset_path), "--paths", "100", "--measure", measure, "--out", str(out)])
        == 0
    )
    assert out.stat().st_size > 10_000


def test_map_command_draws_a_comparison_against_a_baseline(tmp_path, preset_path, capsys):
    # Both presets run on the built-in England table: a baseline must share the option's data.
    targeted = preset_path.parent / "targeted-most-deprived.toml"
    baseline = preset_path.parent / "kruger-as-proposed.toml"
    svg = tmp_path / "change.svg"
    args = ["map", str(targeted), "--baseline", str(baseline), "--paths", "200"]
    assert main([*args, "--measure", "change", "--out", str(svg)]) == 0
    text = svg.read_text(encoding="utf-8")
    assert "Change in allocation" in text and "both options on the same draws" in text
    assert (
        main([*args, "--out", str(tmp_path / "x.png")]) == 2
    )  # a baseline needs change or prob_gain
    assert "--baseline goes with --measure change or prob_gain" in capsys.readouterr().err
    assert (
        main(["map", str(targeted), "--measure", "prob_gain", "--out", str(tmp_path / "y.png")])
        == 2
    )
