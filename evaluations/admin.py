from django.contrib import admin

from .models import Evaluation


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["title", "council", "status", "period_start", "period_end"]
    list_filter = ["status", "council"]
    search_fields = ["title"]
