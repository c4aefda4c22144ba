"""Reports from the app: Word and PDF, written in the background."""
