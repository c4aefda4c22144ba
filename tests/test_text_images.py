"""The live canvas's kept text bitmaps give the same pixels as matplotlib's own drawing."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ui.charts import text_images
from ui.charts.text_images import TextImageRenderer, renderer_for


class KeptTextCanvas(FigureCanvasAgg):
    def get_renderer(self):
        return renderer_for(self)


def _figure(title: str, names: list[str]) -> Figure:
    fig = Figure(figsize=(6, 4), dpi=100)
    ax = fig.add_subplot(111)
    ax.barh(range(len(names)), np.arange(1, len(names) + 1), color="#12436D")
    ax.set_yticks(range(len(names)), names)
    ax.set_title(title, loc="left", fontsize="large")
    ax.set_xlabel("Allocation (£)")
    ax.text(0.5, 0.5, "rotated £1.2m", rotation=30, transform=ax.transAxes, color="#F46A25")
    ax.text(0.2, 0.8, "vertical", rotation=90, transform=ax.transAxes, fontsize=7)
    fig.text(0.01, 0.01, "Data: file1.csv; fundsim, seed 2020", fontsize="x-small", alpha=0.6)
    ax.legend(["Mean allocation"], loc="lower right")
    return fig


def _pixels(canvas_class, title: str, names: list[str]) -> np.ndarray:
    fig = _figure(title, names)
    canvas = canvas_class(fig)
    canvas.draw()
    return np.array(canvas.buffer_rgba()).copy()


@pytest.mark.parametrize("dpi_scale", [1.0, 1.5])
def test_kept_text_draws_the_same_pixels_as_matplotlib(dpi_scale):
    names = [f"District {i}" for i in range(12)] + ["Kingston upon Hull, City of", "Ōkabe–Itō"]
    title = "Community Recovery Fund: allocation per area\n£475.0m distributed; 12.5% to the 10%"
    plain = _figure(title, names)
    plain.set_dpi(100 * dpi_scale)
    kept = _figure(title, names)
    kept.set_dpi(100 * dpi_scale)
    a, b = FigureCanvasAgg(plain), KeptTextCanvas(kept)
    a.draw()
    b.draw()  # first drawing: every text rasterised and kept
    first = np.array(b.buffer_rgba()).copy()
    b.draw()  # second: every text from what was kept
    assert isinstance(b.get_renderer(), TextImageRenderer)
    expected = np.array(a.buffer_rgba())
    assert expected.shape == first.shape
    assert np.array_equal(expected, first)
    assert np.array_equal(expected, np.array(b.buffer_rgba()))


def test_second_drawing_rasterises_no_text_and_the_store_is_bounded(monkeypatch):
    names = [f"Area {i}" for i in range(20)]
    canvas = KeptTextCanvas(_figure("A title", names))
    canvas.draw()
    rasterised = []
    original = TextImageRenderer._prepare_font

    def counting(self, prop):
        rasterised.append(prop)
        return original(self, prop)

    monkeypatch.setattr(TextImageRenderer, "_prepare_font", counting)
    canvas.draw()
    assert rasterised == []  # every text of the second drawing came from the store
    before = text_images.kept()
    canvas.figure.axes[0].set_title("Another title")
    canvas.draw()
    assert text_images.kept() == before + 1  # only the changed text is rasterised and kept
    assert len(rasterised) == 2  # its size measured (matplotlib's layout), then rasterised

    monkeypatch.setattr(text_images, "LIMIT", 5)
    canvas.figure.axes[0].set_yticks(range(20), [f"Renamed {i}" for i in range(20)])
    canvas.draw()
    assert text_images.kept() <= 5


def test_a_changed_colour_reuses_the_bitmap_and_draws_the_new_colour():
    fig = _figure("Colour", ["A", "B"])
    canvas = KeptTextCanvas(fig)
    canvas.draw()
    fig.axes[0].title.set_color("#28A197")
    canvas.draw()
    plain = _figure("Colour", ["A", "B"])
    plain.axes[0].title.set_color("#28A197")
    reference = FigureCanvasAgg(plain)
    reference.draw()
    assert np.array_equal(np.array(reference.buffer_rgba()), np.array(canvas.buffer_rgba()))
