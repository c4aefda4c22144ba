"""The results workbook (excel.py: its sheets and native charts) and what makes it a
deliverable (layout.py: a Summary with every input, readable chart series, whiskers on the
allocation bars)."""
