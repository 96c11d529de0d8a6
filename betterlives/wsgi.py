"""The app server's entry point (gunicorn betterlives.wsgi). It defaults to the production
settings, so a server started without DJANGO_SETTINGS_MODULE never runs with DEBUG on:
production refuses to start without its secrets. Development settings come only through
manage.py (`make run`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "betterlives.settings.prod")
application = get_wsgi_application()
