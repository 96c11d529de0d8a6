"""Reads of the action plan: its pages and reports (plans.py), and the public Easy Read
"You said, we did" page (you_said.py)."""
