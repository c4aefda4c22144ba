"""The Compare view: 2-4 options side by side, run together on the same draws."""
