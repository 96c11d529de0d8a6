"""Reads: every query a page needs, scoped to what the person asking may see."""
