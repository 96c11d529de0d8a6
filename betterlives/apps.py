from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BetterLivesConfig(AppConfig):
    name = "betterlives"
    verbose_name = _("Councils and people")

    def ready(self):
        from django.contrib.auth.models import User

        from . import logging
        from .models import session_auth_fallback_hashes, session_auth_hash

        logging.install()
        # Signing out a person's other sessions (two-factor changes) changes this hash.
        User.get_session_auth_hash = session_auth_hash
        User.get_session_auth_fallback_hash = session_auth_fallback_hashes
