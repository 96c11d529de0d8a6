from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from betterlives.data_tools import data_tools_allowed
from evaluations.selectors.surveys import surveys_asking_earlier_wording

from .data_tools import response_erase
from .models import Answer, Evaluation, Response, normalise_code


def earlier_wording_notice(code):
    """Said in the framework admin when a survey question gets a new revision (registered
    from EvaluationsConfig.ready(), see domains/admin.py)."""
    count = surveys_asking_earlier_wording(code)
    if not count:
        return ""
    return ngettext(
        "%(count)d survey still asks the earlier wording. Its facilitators see "
        "the newer wording on the survey's page, and can use it for questions "
        "nobody has answered yet.",
        "%(count)d surveys still ask the earlier wording. Their facilitators see "
        "the newer wording on each survey's page, and can use it for questions "
        "nobody has answered yet.", count) % {"count": count}


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["title", "council", "status", "period_start", "period_end"]
    list_filter = ["status", "council"]
    search_fields = ["title"]


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ["item", "choice", "comment", "comment_tag", "comment_hidden", "saved_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("item__question")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    """Survey responses, to read and to erase: for a person who asks for their answers to be
    deleted (found by the resume code they kept). Site administrators only; changing or
    deleting here is turned off so that every erasing goes through the audit trail."""

    list_display = ["id", "survey", "council", "status", "channel", "started_at",
                    "submitted_at"]
    list_filter = ["status", "channel", "survey__audience", "survey__evaluation__council"]
    list_select_related = ["survey__evaluation__council"]
    search_fields = ["resume_code"]
    search_help_text = _("Search by the response's resume code, for example ACDE-FGHJ.")
    fields = ["survey", "status", "channel", "language", "helped", "started_at",
              "last_saved_at", "submitted_at"]
    readonly_fields = fields
    inlines = [AnswerInline]
    actions = ["erase_responses"]

    @admin.display(description=_("council"), ordering="survey__evaluation__council__name")
    def council(self, response):
        return response.survey.evaluation.council

    def get_search_results(self, request, queryset, search_term):
        """Only an exact resume code finds a response, typed with or without the hyphen."""
        code = normalise_code(search_term)
        if not code:
            return queryset, False
        return queryset.filter(resume_code=code), False

    def has_module_permission(self, request):
        return data_tools_allowed(request.user)

    def has_view_permission(self, request, obj=None):
        return data_tools_allowed(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_erase_permission(self, request):
        return data_tools_allowed(request.user)

    @admin.action(description=_("Erase the selected survey responses"),
                  permissions=["erase"])
    def erase_responses(self, request, queryset):
        queryset = queryset.select_related("survey__evaluation__council").annotate(
            answer_count=Count("answers"))
        if request.POST.get("confirm") == "yes":
            count = 0
            for response in queryset:
                response_erase(response=response, user=request.user)
                count += 1
            self.message_user(request, ngettext(
                "%(count)d survey response was erased.",
                "%(count)d survey responses were erased.", count,
            ) % {"count": count}, messages.SUCCESS)
            return None
        return TemplateResponse(request, "admin/evaluations/response/erase_confirm.html", {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Erase survey responses"),
            "responses": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        })
