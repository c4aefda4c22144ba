"""Workshop mode: full screen, large type, five controls and a before/after view."""
