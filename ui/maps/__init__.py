"""The Map tab: results on a hex map of England, and the area picked on it shown everywhere."""
