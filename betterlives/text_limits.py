"""How much free text people may type, the same everywhere: the forms say it (their character
counts show it) and the services check it again for writes that do not come through a form."""

TEXT_LIMIT = 5000
LONG_TEXT_LIMIT = 10000  # the in-depth review's answers and key findings
