"""Writes to evaluations, surveys and responses. Import from the submodules."""
