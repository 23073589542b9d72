"""Publishing: the summary, the index, the freshness manifest and atomic file writes."""
