"""Pages of the framework: the public pages about it (framework.py) and a council's
recordings of its questions (recordings.py)."""
