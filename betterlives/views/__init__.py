"""Pages that belong to the service as a whole: home and councils (councils.py), the health
check (health.py), the pages for errors (errors.py), languages (language.py), the pictures' credits
(pictures.py) and the locked-out page after too many sign-in attempts (sign_in.py)."""
