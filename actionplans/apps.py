from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPlansConfig(AppConfig):
    name = "actionplans"
    verbose_name = _("Action plans")

    def ready(self):
        from betterlives import data_tools
        from evaluations import document_store
        from evaluations.selectors import step_two, task_list

        from . import data_tools as plan_data
        from . import task_list as plan_tasks
        from .reports import store
        from .selectors import plans

        # A council's actions, progress and sign-offs in the site administrators' export.
        data_tools.export_files_add(*plan_data.EXPORT_FILES)
        # Step 3 in the evaluation's task list, and the plan's events in its history.
        task_list.step_three_tasks_set(plan_tasks.step_three_tasks)
        step_two.history_filter_add(plans.plan_audit_filter)
        # The paper questionnaire and the workshop pack are made and kept as reports.
        document_store.document_store_set(store)
