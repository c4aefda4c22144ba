"""Workbook layout shared by every spreadsheet fundsim writes: the release layout (cover,
contents, notes, print setup) and the single run's Summary sheet."""
