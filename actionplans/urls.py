"""The action plan of one evaluation. Included under
/councils/<council_slug>/evaluations/<pk>/plan/."""

from django.urls import path

from .views import actions, plan, reports

app_name = "actionplans"

action = "actions/<int:action_pk>/"

urlpatterns = [
    path("", plan.PlanView.as_view(), name="plan"),
    path("good-lives/", plan.GoodLivesView.as_view(), name="good_lives"),
    path("domains/<int:number>/actions/new/", actions.ActionCreateView.as_view(),
         name="action_create"),
    path(action, actions.ActionDetailView.as_view(), name="action"),
    path(action + "edit/", actions.ActionEditView.as_view(), name="action_edit"),
    path(action + "remove/", actions.ActionDeleteView.as_view(), name="action_delete"),
    path(action + "progress/", actions.ProgressAddView.as_view(), name="progress_add"),
    path("sign-off/", plan.SignOffView.as_view(), name="sign_off"),
    path("sign-off/new/", plan.SignOffCreateView.as_view(), name="sign_off_create"),
    path("you-said-we-did/", plan.YouSaidWeDidView.as_view(), name="you_said"),
    path("you-said-we-did/publish/", plan.YouSaidPublishView.as_view(),
         name="you_said_publish"),
    path("you-said-we-did/take-down/", plan.YouSaidUnpublishView.as_view(),
         name="you_said_unpublish"),
    path("reports/", reports.ReportListView.as_view(), name="reports"),
    path("reports/make/", reports.ReportMakeView.as_view(), name="report_make"),
    path("reports/<int:report_pk>/download/", reports.ReportDownloadView.as_view(),
         name="report_download"),
]
