"""Two-factor sign-in: an authenticator app and backup codes (django-otp).

services.py holds the writes, selectors.py the reads, forms.py and views.py the pages, and
middleware.py the rule for /admin/. Import each name from the module it lives in.
"""
