from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPlansConfig(AppConfig):
    name = "actionplans"
    verbose_name = _("Action plans")

    def ready(self):
        from betterlives import data_tools

        from . import data_tools as plan_data

        # A council's actions, progress and sign-offs in the site administrators' export.
        data_tools.export_files_add(*plan_data.EXPORT_FILES)
