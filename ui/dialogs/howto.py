"""Short how-to pages for Help: the tasks users come with, step by step, in the app's words."""

from __future__ import annotations

HOWTO = {
    "Open the official deprivation files": """
<h2>Open the official deprivation files</h2>
<p>fundsim opens on England's 296 districts with the English Indices of Deprivation 2025 built
in (pick <b>Built-in data…</b> in the panel to switch between England and the fictional workshop
areas). To use the published files themselves, as downloaded from GOV.UK (IoD2025, or IoD2019):</p>
<ol>
<li><b>File 7</b> (CSV) holds scores, ranks and population together: open it alone and it runs.</li>
<li>Or download <b>File 1</b> (the Index of Multiple Deprivation: ranks and deciles) and
<b>File 6</b> (population denominators) of the same release. File 1 holds no population, so it
needs File 6. Drag <b>both files together</b> onto the window, or press <b>Open data file…</b> in
the panel and select both. fundsim works out which file holds deprivation and which holds
population, and which release they are.</li>
<li>The <b>Open area data</b> page suggests working at <b>district</b> level (296 districts for
IoD2025, 317 for IoD2019) and a need indicator for what the files hold (for File 1, the IMD rank,
exponentially transformed as the technical report does). Press <b>Run</b>.</li>
</ol>
<p>A file with its own population (such as File 5 or 7, or a table of code, name, population and
score) simply runs. If a table's columns are named differently, press <b>Map columns…</b>.</p>
""",
    "Compare formula and competition": """
<h2>Compare formula and competition</h2>
<ol>
<li>Run the scenario with <b>Mechanism</b> set to <i>formula</i>.</li>
<li>Press <b>F11</b> for workshop mode: the results as opened stay on the left as <b>Before</b>.</li>
<li>Choose <b>How money is given: Competitive bidding</b>. The right-hand side follows at once.</li>
<li>Pick an area under <b>Highlight</b> to colour it in every chart, e.g. the coastal town.</li>
</ol>
<p>A competition may leave money <b>unspent</b>: the headline card and chart titles then show the
money <b>awarded</b> with its range, and the unspent remainder.</p>
""",
    "Read a fan chart": """
<h2>Read a fan chart</h2>
<p>The endowment charts show many simulated futures at once. The <b>line</b> is the median: half the
futures end above it. The <b>dark band</b> holds the middle half of futures (25th to 75th percentile),
the <b>light band</b> nine in ten (5th to 95th). The dashed line is the starting value: in
<b>real</b> values (pounds of year 0) a flat median means the fund keeps its spending power.</p>
<p>Wide bands mean an uncertain outcome, not a wrong one: they are the honest range of what the
assumptions allow.</p>
""",
    "Export for Word": """
<h2>Export for Word</h2>
<ul>
<li><b>One chart:</b> press <b>Copy chart</b> above the chart and paste into Word or PowerPoint. It is
drawn on white at a Word page's width (16 cm) at 300 dpi, whatever the theme.</li>
<li><b>A file:</b> the save button above the chart writes PNG (300 dpi), SVG or PDF.</li>
<li><b>Everything:</b> <b>File ▸ Export results…</b> (Ctrl+E) writes an Excel workbook with every
input on the Summary sheet, native charts you can restyle, and pages set up to print.</li>
</ul>
""",
}
