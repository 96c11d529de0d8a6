from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self):
        from betterlives import data_tools
        from betterlives.languages import RESPONDENT_PATHS
        from betterlives.views.councils import council_home_list_add
        from betterlives.views.errors import not_found_pages_add
        from domains.admin import revision_notice_add
        from evaluations.selectors.evaluations import evaluation_list

        from . import data_tools as evaluation_data
        from .admin import earlier_wording_notice
        from .views.responses import not_found

        # A council's evaluations and survey answers in the site administrators' export and
        # erase tools.
        data_tools.export_files_add(
            *evaluation_data.EXPORT_FILES,
            excluded_fields=evaluation_data.EXPORT_EXCLUDED_FIELDS,
        )
        data_tools.answers_eraser_add(
            counts=evaluation_data.council_answer_counts,
            erase=evaluation_data.council_answers_delete,
        )
        # A council's home page lists its evaluations.
        council_home_list_add("evaluations", evaluation_list)
        # Every 404 under /s/ and /v/ is the Easy Read "This link does not work" page.
        not_found_pages_add(RESPONDENT_PATHS, not_found)
        # Saving a new revision of a survey question says which surveys ask the earlier one.
        revision_notice_add(earlier_wording_notice)
