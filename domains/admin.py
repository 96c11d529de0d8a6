"""Admin screens for framework content. Provisional and unchecked items are easy to find.
Every text is edited in English and in Welsh side by side (modeltranslation's TranslationAdmin)."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from . import models
from .pictures import checked_picture
from .recordings import ACCEPT, checked_recording, council_recording_save
from .services import council_picture_save, revisioned_item_save

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
class ResourceAdmin(TranslationAdmin):
    list_display = ["code", "title", "domain", "kind", "is_current", "source_checked"]
    list_filter = ["domain", "kind", "is_current", *SOURCE_FILTERS]
    search_fields = ["code", "title", "description"]


@admin.register(models.GoodLivesTheme)
class GoodLivesThemeAdmin(TranslationAdmin):
    list_display = ["code", "title", "source_checked", "ours"]
    list_filter = SOURCE_FILTERS


@admin.register(models.GoodLivesAction)
class GoodLivesActionAdmin(TranslationAdmin):
    list_display = ["code", "short_text", "theme", "is_current", "source_checked"]
    list_filter = ["theme", "audiences", "is_current", *SOURCE_FILTERS]
    search_fields = ["code", "text"]
    filter_horizontal = ["audiences"]

    @admin.display(description=_("idea for change"))
    def short_text(self, obj):
        return obj.text[:80]


@admin.register(models.CrossReference)
class CrossReferenceAdmin(TranslationAdmin):
    list_display = ["domain", "action", "reason"]
    list_filter = ["domain"]
    autocomplete_fields = ["action"]


admin.site.register(models.GoodLivesAudience, TranslationAdmin)


@admin.register(models.FrameworkVersion)
class FrameworkVersionAdmin(TranslationAdmin):
    list_display = ["version", "title", "is_current", "loaded_at"]


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
