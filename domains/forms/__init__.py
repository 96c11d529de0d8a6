"""Forms of the framework's pages: the Good Lives library's filters (good_lives.py) and a
council's recordings (recordings.py)."""
