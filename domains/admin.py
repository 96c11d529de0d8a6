"""Admin screens for framework content. Provisional and unchecked items are easy to find."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import models
from .services import revisioned_item_save

SOURCE_FILTERS = ["source_checked", "ours"]


class CurrentItemInline(admin.TabularInline):
    """Read-only list on the domain page; each item is edited on its own page, where a change
    of wording is saved as a new revision."""

    extra = 0
    show_change_link = True
    can_delete = False
    fields = readonly_fields = ["code", "revision", "is_current", "text"]

    def has_add_permission(self, request, obj=None):
        return False


class StatementInline(CurrentItemInline):
    model = models.Statement


class EnablerInline(CurrentItemInline):
    model = models.EnablerQuestion


@admin.register(models.Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "provisional", "source_checked"]
    list_filter = ["provisional", *SOURCE_FILTERS]
    search_fields = ["title", "summary"]
    inlines = [StatementInline, EnablerInline]


class RevisionedAdmin(admin.ModelAdmin):
    list_display = ["code", "revision", "domain", "is_current", "source_checked", "ours"]
    list_filter = ["domain", "is_current", *SOURCE_FILTERS]
    search_fields = ["code"]
    readonly_fields = ["revision", "framework_version", "is_current"]

    def save_model(self, request, obj, form, change):
        revisioned_item_save(item=obj)
        if obj.revision > 1 and change:
            self.message_user(
                request,
                _("The wording changed, so it was saved as revision %(revision)s. Answers "
                  "already given keep the earlier wording.") % {"revision": obj.revision},
            )


for model in (models.Statement, models.EnablerQuestion, models.InDepthQuestion):
    admin.site.register(model, type(f"{model.__name__}Admin", (RevisionedAdmin,), {
        "search_fields": ["code", "text"],
    }))


@admin.register(models.SurveyQuestion)
class SurveyQuestionAdmin(RevisionedAdmin):
    list_display = ["code", "revision", "domain", "audience", "is_current", "ours"]
    list_filter = ["audience", "domain", "is_current", *SOURCE_FILTERS]
    search_fields = ["code", "text"]


@admin.register(models.OutcomeIndicator)
class OutcomeIndicatorAdmin(RevisionedAdmin):
    search_fields = ["code", "name", "description"]


@admin.register(models.Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "domain", "kind", "is_current", "source_checked"]
    list_filter = ["domain", "kind", "is_current", *SOURCE_FILTERS]
    search_fields = ["code", "title", "description"]


@admin.register(models.GoodLivesTheme)
class GoodLivesThemeAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "source_checked", "ours"]
    list_filter = SOURCE_FILTERS


@admin.register(models.GoodLivesAction)
class GoodLivesActionAdmin(admin.ModelAdmin):
    list_display = ["code", "short_text", "theme", "is_current", "source_checked"]
    list_filter = ["theme", "audiences", "is_current", *SOURCE_FILTERS]
    search_fields = ["code", "text"]
    filter_horizontal = ["audiences"]

    @admin.display(description=_("idea for change"))
    def short_text(self, obj):
        return obj.text[:80]


@admin.register(models.CrossReference)
class CrossReferenceAdmin(admin.ModelAdmin):
    list_display = ["domain", "action", "reason"]
    list_filter = ["domain"]
    autocomplete_fields = ["action"]


admin.site.register(models.GoodLivesAudience)


@admin.register(models.FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "is_current", "loaded_at"]
