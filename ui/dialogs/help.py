"""Help (F1): every parameter and chart explained in plain English, from the model's own text."""

from __future__ import annotations

import html
import re

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from simulator.scenario import section_models
from ui.dialogs.howto import HOWTO
from ui.panels.fields import label_for
from ui.panels.parameters import SECTION_TITLES

CHARTS = {
    "Allocation": "Each area's mean allocation, largest first, with a line from the 5th to the 95th percentile across simulated draws: the wider the line, the less sure the amount.",
    "Map": "A hex map: every district (or workshop area) is one hex of the same size, so small cities count as much as large rural districts. Choose what it shows; darker means more, and for gains orange means a loss and purple a gain. Hatched grey hexes have no data. Hover for an area's value and its 5th-95th percentile band; click a hex to pick that area in every chart and the table.",
    "Per head vs need": "Money per person against the area's need. Points above the dashed line get more than an equal share per head.",
    "By decile": "Areas are split into ten equal groups by need; decile 1 is the most deprived tenth. Bars show the money each group receives; labels its share of the total.",
    "Concentration": "Areas ordered from most to least deprived: the curve shows what share of the money reaches each share of the population. Above the diagonal, money favours deprived places. The concentration index summarises it: negative means money goes to the more deprived.",
    "Winners and losers": "Each area's gain or loss against sharing the same money equally per head.",
    "Endowment value": "The endowment's value each year: the line is the median future, the bands the middle 50% and 90% of futures. Real values remove inflation.",
    "Grants per year": "Grants paid each year, median and bands. The title gives the chance that the last year's real grants match the first's (fairness between generations).",
    "Preservation and depletion": "The share of simulated futures in which the endowment still has its starting real value, and in which it has run out, year by year.",
    "Grants to areas": "What each eligible ('left-behind') area receives from the endowment over the whole horizon, in pounds of year 0.",
}


def help_html() -> str:
    parts = [
        "<h2>fundsim help</h2>",
        "<p>fundsim simulates two funds: a one-off <b>Community Recovery Fund</b> shared between areas, and the "
        "<b>Levelling Up Communities Fund</b>, an endowment that is invested and pays grants every year. "
        "Every result is a Monte Carlo simulation: the model is run many times with uncertain inputs "
        "(measurement error, who bids and wins, market returns, inflation), so results come with ranges.</p>",
        "<h3>Parameters</h3>",
    ]
    for section, model in section_models().items():
        parts.append(f"<h4>{html.escape(SECTION_TITLES.get(section, section.title()))}</h4><dl>")
        for key, info in model.model_fields.items():
            parts.append(
                f"<dt><b>{html.escape(label_for(key))}</b> <code>{section}.{key}</code></dt><dd>{html.escape(info.description or '')}</dd>"
            )
        parts.append("</dl>")
    parts.append("<h3>Charts</h3><dl>")
    for name, text in CHARTS.items():
        parts.append(f"<dt><b>{html.escape(name)}</b></dt><dd>{html.escape(text)}</dd>")
    parts.append("</dl>")
    parts.append(
        "<h3>Keyboard</h3><p>F5 run · Esc cancel · Ctrl+O open · Ctrl+S save · Ctrl+Shift+S save as · "
        "Ctrl+E export · Ctrl+Z / Ctrl+Shift+Z undo / redo · Ctrl+L live mode · F11 workshop mode · F1 help</p>"
    )
    return "".join(parts)


class HelpDialog(QDialog):
    """How-to pages and the reference, with a search box and a Close button."""

    REFERENCE = "Reference: every parameter and chart"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("fundsim help")
        self.resize(980, 820)
        self.pages = {**HOWTO, self.REFERENCE: help_html()}
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search help…")
        self.search.setClearButtonEnabled(True)
        self.topics = QListWidget()
        self.topics.addItems(list(self.pages))
        self.topics.setMaximumWidth(280)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        body = QHBoxLayout()
        body.addWidget(self.topics)
        body.addWidget(self.browser, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.topics.currentTextChanged.connect(self.show_page)
        self.search.textChanged.connect(self.filter)
        self.search.returnPressed.connect(lambda: self.browser.find(self.search.text()))
        self.topics.setCurrentRow(0)

    def show_page(self, title: str) -> None:
        if title in self.pages:
            self.browser.setHtml(self.pages[title])
            if self.search.text().strip():
                self.browser.find(self.search.text().strip())

    def filter(self, text: str) -> None:
        """Show the pages containing ``text`` (case-insensitive) and find it in the first."""
        needle = text.strip().lower()
        first = None
        for row in range(self.topics.count()):
            item = self.topics.item(row)
            plain = re.sub(r"<[^>]+>", " ", self.pages[item.text()]).lower()
            hit = not needle or needle in plain or needle in item.text().lower()
            item.setHidden(not hit)
            if hit and first is None:
                first = row
        if first is not None:
            self.topics.setCurrentRow(first)
            self.show_page(self.topics.item(first).text())
