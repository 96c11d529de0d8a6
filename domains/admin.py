"""Admin screens for framework content. Provisional and unchecked items are easy to find.
Every text is edited in English and in Welsh side by side (modeltranslation's TranslationAdmin)."""

import hashlib
import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from . import models
from .content_file import (
    ContentFileError,
    framework_content_import,
    framework_content_preview,
    framework_export,
)
from .pictures import checked_picture
from .recordings import ACCEPT, checked_recording, council_recording_save
from .services import council_picture_save, revisioned_item_save

SOURCE_FILTERS = ["source_checked", "ours"]

# What another app has to say when a survey question is saved as a new revision (a function
# of the question's code, giving words or ""): evaluations says how many surveys still ask
# the earlier wording. Added from that app's AppConfig.ready(), as this app sits below it.
_revision_notices = []


def revision_notice_add(notice):
    _revision_notices.append(notice)


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
class DomainAdmin(TranslationAdmin):
    list_display = ["number", "title", "provisional", "source_checked"]
    list_filter = ["provisional", *SOURCE_FILTERS]
    search_fields = ["title", "summary"]
    inlines = [StatementInline, EnablerInline]


class RevisionedAdmin(TranslationAdmin):
    list_display = ["code", "revision", "domain", "is_current", "source_checked", "ours"]
    list_filter = ["domain", "is_current", *SOURCE_FILTERS]
    search_fields = ["code"]
    readonly_fields = ["revision", "framework_version", "is_current"]

    def save_model(self, request, obj, form, change):
        stored = obj.pk
        revisioned_item_save(item=obj)
        if not change or obj.pk == stored:
            return
        self.message_user(
            request,
            _("The wording changed, so it was saved as revision %(revision)s. Answers "
              "already given keep the earlier wording.") % {"revision": obj.revision},
        )
        if isinstance(obj, models.SurveyQuestion):
            for notice in _revision_notices:
                words = notice(obj.code)
                if words:
                    self.message_user(request, words)


for model in (models.EnablerQuestion, models.InDepthQuestion):
    admin.site.register(model, type(f"{model.__name__}Admin", (RevisionedAdmin,), {
        "search_fields": ["code", "text"],
    }))


@admin.register(models.Statement)
class StatementAdmin(RevisionedAdmin):
    """The section says which part of the domain page a statement paraphrases."""

    list_display = ["code", "revision", "domain", "section", "is_current", "source_checked",
                    "ours"]
    list_filter = ["domain", "section", "is_current", *SOURCE_FILTERS]
    search_fields = ["code", "text"]


@admin.register(models.SurveyQuestion)
class SurveyQuestionAdmin(RevisionedAdmin):
    list_display = ["code", "revision", "domain", "audience", "is_current", "ours"]
    list_filter = ["audience", "domain", "is_current", *SOURCE_FILTERS]
    search_fields = ["code", "text"]


@admin.register(models.OutcomeIndicator)
class OutcomeIndicatorAdmin(RevisionedAdmin):
    search_fields = ["code", "name", "description"]


@admin.register(models.Resource)
class ResourceAdmin(TranslationAdmin):
    list_display = ["code", "title", "domain", "kind", "is_current", "source_checked"]
    list_filter = ["domain", "kind", "is_current", *SOURCE_FILTERS]
    search_fields = ["code", "title", "description"]


@admin.register(models.GoodLivesTheme)
class GoodLivesThemeAdmin(TranslationAdmin):
    """A theme is a Good Lives chapter (with its number) or our own grouping (ours)."""

    list_display = ["code", "title", "chapter", "ours", "source_checked"]
    list_filter = SOURCE_FILTERS


@admin.register(models.GoodLivesAction)
class GoodLivesActionAdmin(TranslationAdmin):
    """Each idea says what it is: from a Good Lives chapter, from another Learning Disability
    England publication, an example of local practice, or ours."""

    list_display = ["code", "short_text", "theme", "kind", "provenance", "is_current",
                    "source_checked"]
    list_filter = ["kind", "theme", "audiences", "is_current", "source_checked"]
    search_fields = ["code", "text", "publication", "place"]
    filter_horizontal = ["audiences"]
    readonly_fields = ["ours"]

    @admin.display(description=_("idea for change"))
    def short_text(self, obj):
        return obj.text[:80]


@admin.register(models.CrossReference)
class CrossReferenceAdmin(TranslationAdmin):
    list_display = ["domain", "action", "reason"]
    list_filter = ["domain"]
    autocomplete_fields = ["action"]


admin.site.register(models.GoodLivesAudience, TranslationAdmin)


class ContentUploadForm(forms.Form):
    upload = forms.FileField(
        label=_("Content file"),
        help_text=_("A YAML file downloaded from this page and edited, with a new version. "
                    "Smaller than 5 MB."),
        widget=forms.FileInput(attrs={"accept": ".yaml,.yml,text/yaml"}),
    )

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if upload.size > CONTENT_FILE_MOST_BYTES:
            raise forms.ValidationError(_("The file must be smaller than 5 MB."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                _("The file must be text in UTF-8, as it was when it was downloaded.")
            ) from error


CONTENT_FILE_MOST_BYTES = 5 * 1024 * 1024
# The uploaded file waits in the session between its preview and "Load this content".
CONTENT_SESSION_KEY = "framework_content_file"


@admin.register(models.FrameworkVersion)
class FrameworkVersionAdmin(TranslationAdmin):
    """The versions loaded, with the whole content to download as one file, and an edited
    file to upload, preview and load as a new version (domains.content_file)."""

    list_display = ["version", "title", "is_current", "loaded_at"]
    change_list_template = "admin/domains/frameworkversion/change_list.html"

    def get_urls(self):
        return [
            path("content/download/", self.admin_site.admin_view(self.download_view),
                 name="domains_frameworkversion_download"),
            path("content/load/", self.admin_site.admin_view(self.load_view),
                 name="domains_frameworkversion_load"),
            *super().get_urls(),
        ]

    def download_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        version = models.FrameworkVersion.objects.filter(is_current=True).first()
        if version is None:
            self.message_user(request, _("No framework content is loaded yet."), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:domains_frameworkversion_changelist"))
        stream = io.StringIO()
        framework_export(stream)
        response = HttpResponse(stream.getvalue(), content_type="text/yaml; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="better-lives-framework-{version.version}.yaml"')
        return response

    def load_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        applying = request.method == "POST" and "apply" in request.POST
        uploading = request.method == "POST" and not applying
        form = ContentUploadForm(*((request.POST, request.FILES) if uploading else ()))
        context = {"form": form, "problems": [], "preview": None}
        if applying:
            return self._load_apply(request, context)
        if uploading and form.is_valid():
            text = form.cleaned_data["upload"]
            try:
                context["preview"] = framework_content_preview(text=text)
            except ContentFileError as error:
                context["problems"] = error.problems
            else:
                digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
                request.session[CONTENT_SESSION_KEY] = {"sha256": digest, "text": text}
                context["sha256"] = digest
        return self._load_page(request, context)

    def _load_apply(self, request, context):
        stored = request.session.get(CONTENT_SESSION_KEY) or {}
        if not stored or stored.get("sha256") != request.POST.get("sha256"):
            context["problems"] = [_("The file you previewed is no longer here. Upload it "
                                     "again to see what it would change.")]
            return self._load_page(request, context)
        try:
            summary = framework_content_import(text=stored["text"])
        except ContentFileError as error:
            context["problems"] = error.problems
            return self._load_page(request, context)
        del request.session[CONTENT_SESSION_KEY]
        self.message_user(request, _(
            "Version %(version)s was loaded: %(changes)d changes.") % {
            "version": summary.version, "changes": len(summary.changes)}, messages.SUCCESS)
        if summary.left_alone:
            self.message_user(request, _(
                "%(count)d changes made by an administrator since the last load were left as "
                "they are.") % {"count": len(summary.left_alone)}, messages.WARNING)
        return HttpResponseRedirect(reverse("admin:domains_frameworkversion_changelist"))

    def _load_page(self, request, context):
        failed = request.method == "POST" and (context["problems"] or context["form"].errors)
        return TemplateResponse(request, "admin/domains/frameworkversion/load_content.html", {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Load framework content from a file"),
            **context,
        }, status=400 if failed else 200)


class CouncilQuestionPictureForm(forms.ModelForm):
    """The upload is checked by what the file contains (domains.pictures), not its name."""

    upload = forms.FileField(
        label=_("Picture file"),
        help_text=_("A PNG or JPEG file the council has the right to use. SVG is not "
                    "accepted. Leave empty to keep the picture already saved."),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )

    class Meta:
        model = models.CouncilQuestionPicture
        fields = ["council", "question", "upload", "alt_text", "licence"]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            if not self.instance.pk:
                raise forms.ValidationError(_("Choose a PNG or JPEG picture to upload."))
            return None
        self.checked = checked_picture(upload)
        return upload

    def clean_alt_text(self):
        alt = (self.cleaned_data.get("alt_text") or "").strip()
        if not alt:
            raise forms.ValidationError(
                _("Say what the picture shows, so that people who cannot see it know.")
            )
        return alt


@admin.register(models.CouncilQuestionPicture)
class CouncilQuestionPictureAdmin(admin.ModelAdmin):
    form = CouncilQuestionPictureForm
    list_display = ["council", "question", "alt_text", "updated_at"]
    list_filter = ["council"]
    search_fields = ["council__name", "question__code", "alt_text"]
    readonly_fields = ["preview"]
    autocomplete_fields = ["council"]

    @admin.display(description=_("Picture now"))
    def preview(self, obj):
        if not obj.pk:
            return "—"
        return format_html('<img src="{}" alt="{}" width="120">', obj.get_absolute_url(),
                           obj.alt_text)

    def save_model(self, request, obj, form, change):
        checked = getattr(form, "checked", None)
        if checked is None:
            obj.save()
            return
        image, content_type = checked
        council_picture_save(picture=obj, image=image, content_type=content_type)


class CouncilRecordingForm(forms.ModelForm):
    """The upload is checked by what the file contains (domains.recordings), not its name."""

    upload = forms.FileField(
        label=_("Recording file"),
        help_text=_("An MP3, M4A, OGG or WAV file, smaller than 10 MB, of a person reading "
                    "the question or page. Leave empty to keep the recording already saved."),
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )

    class Meta:
        model = models.CouncilRecording
        fields = ["council", "question", "page", "language", "upload", "transcript"]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            if not self.instance.pk:
                raise forms.ValidationError(_("Choose an MP3, M4A, OGG or WAV file to upload."))
            return None
        self.checked = checked_recording(upload)
        return upload


@admin.register(models.CouncilRecording)
class CouncilRecordingAdmin(admin.ModelAdmin):
    form = CouncilRecordingForm
    list_display = ["council", "question", "page", "language", "updated_at"]
    list_filter = ["council", "language", "page"]
    search_fields = ["council__name", "question__code", "transcript"]
    readonly_fields = ["player"]
    autocomplete_fields = ["council"]

    @admin.display(description=_("Recording now"))
    def player(self, obj):
        if not obj.pk:
            return "—"
        return format_html('<audio controls preload="none" src="{}"></audio>',
                           obj.get_absolute_url())

    def save_model(self, request, obj, form, change):
        checked = getattr(form, "checked", None)
        if checked is None:
            obj.save()
            return
        audio, content_type = checked
        council_recording_save(recording=obj, audio=audio, content_type=content_type)
