import tempfile

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit import changed_fields
from .data_tools import (
    council_answers_erase,
    council_erase_counts,
    council_export,
    data_tools_allowed,
)
from .models import AuditEvent, Council, Membership, StaffProfile
from .services import LANGUAGE_SETTINGS, council_languages_audit


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


class EraseConfirmForm(forms.Form):
    confirm_name = forms.CharField(label=_("Type the council's name to confirm"), max_length=200)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council

    def clean_confirm_name(self):
        typed = " ".join(self.cleaned_data["confirm_name"].split())
        if typed != self.council.name:
            raise forms.ValidationError(
                _("Type the council's name exactly as it is shown: %(name)s"),
                params={"name": self.council.name},
            )
        return typed


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "nation", "small_number_threshold", "free_text_retention_months",
                    "created_at"]
    list_filter = ["nation"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "nation", "logo", "small_number_threshold",
                           "free_text_retention_months"]}),
        (_("Contact details"), {
            "fields": ["contact_team", "contact_phone", "contact_email", "contact_address"],
            "description": _("Shown to the public on the survey's welcome page, its poster, "
                             "the Easy Read summary and the “You said, we did” page. When "
                             "they are empty, those say “Ask the person who gave you this "
                             "survey”."),
        }),
        (_("Languages"), {"fields": list(LANGUAGE_SETTINGS)}),
    ]
    inlines = [MembershipInline]
    actions = ["export_data", "erase_answers"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        # A new council shows Cymraeg first when it is in Wales (Council.save); it can be
        # changed once the council is saved.
        return [(name, {**options, "fields": [field for field in options["fields"]
                                              if field != "cymraeg_first"]})
                for name, options in fieldsets]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed = [name for name in LANGUAGE_SETTINGS if name in form.changed_data]
        if change and changed:
            council_languages_audit(council=obj, user=request.user, changes=changed_fields(
                {name: form.initial.get(name) for name in changed},
                {name: getattr(obj, name) for name in changed}))

    def has_data_tools_permission(self, request):
        return data_tools_allowed(request.user)

    def get_urls(self):
        return [
            path("<int:object_id>/erase-answers/",
                 self.admin_site.admin_view(self.erase_answers_view),
                 name="betterlives_council_erase_answers"),
            *super().get_urls(),
        ]

    def _one_council(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one council at a time."), messages.ERROR)
            return None
        return queryset.get()

    @admin.action(description=_("Export this council's data"), permissions=["data_tools"])
    def export_data(self, request, queryset):
        council = self._one_council(request, queryset)
        if council is None:
            return None
        # Kept in memory up to 20 MB, then in a private temporary file; closed (and so
        # deleted) once the download has been sent.
        file = tempfile.SpooledTemporaryFile(max_size=20 * 1024 * 1024)
        council_export(council=council, user=request.user, file=file)
        file.seek(0)
        filename = f"{council.slug}-data-{timezone.localdate():%Y-%m-%d}.zip"
        return FileResponse(file, as_attachment=True, filename=filename,
                            content_type="application/zip")

    @admin.action(description=_("Erase this council's survey answers"),
                  permissions=["data_tools"])
    def erase_answers(self, request, queryset):
        council = self._one_council(request, queryset)
        if council is None:
            return None
        return HttpResponseRedirect(
            reverse("admin:betterlives_council_erase_answers", args=[council.pk]))

    def erase_answers_view(self, request, object_id):
        if not data_tools_allowed(request.user):
            raise PermissionDenied
        council = get_object_or_404(Council, pk=object_id)
        form = EraseConfirmForm(request.POST or None, council=council)
        if request.method == "POST" and form.is_valid():
            erased = council_answers_erase(council=council, user=request.user)
            self.message_user(request, _(
                "The survey answers of %(council)s were erased: %(responses)d responses and "
                "%(answers)d answers deleted."
            ) % {**erased, "council": council.name}, messages.SUCCESS)
            return HttpResponseRedirect(
                reverse("admin:betterlives_council_change", args=[council.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Erase the survey answers of %(council)s") % {"council": council.name},
            "council": council,
            "counts": council_erase_counts(council),
            "evaluations": council.evaluations.all(),
            "form": form,
        }
        return TemplateResponse(
            request, "admin/betterlives/council/erase_answers.html", context,
            status=400 if request.method == "POST" else 200,
        )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail, to read only."""

    list_display = ["at", "council", "action", "object_type", "object_id", "user"]
    list_filter = ["council"]
    list_select_related = ["council", "user"]
    search_fields = ["action"]
    fields = readonly_fields = ["at", "council", "user", "action", "object_type", "object_id",
                                "scope", "changes"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class UserMembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["council"]


User = get_user_model()
admin.site.unregister(User)


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    verbose_name_plural = _("language")


@admin.register(User)
class BetterLivesUserAdmin(UserAdmin):
    inlines = [StaffProfileInline, UserMembershipInline]
