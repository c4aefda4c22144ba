"""Writers that lay a report :class:`~simulator.report.model.Document` out as Word or PDF."""
