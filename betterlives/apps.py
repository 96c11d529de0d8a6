from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BetterLivesConfig(AppConfig):
    name = "betterlives"
    verbose_name = _("Councils and people")

    def ready(self):
        from . import logging

        logging.install()
