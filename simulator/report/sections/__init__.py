"""The sections of a report, each a function ``section(doc, ctx)`` (see :mod:`simulator.report.build`)."""
