"""Pages for people who run an evaluation. Included under /councils/<council_slug>/evaluations/."""

from django.urls import path

from .views import facilitator, paper

app_name = "evaluations"

survey = "<int:pk>/surveys/<str:audience>/"

urlpatterns = [
    path("new/", facilitator.EvaluationCreateView.as_view(), name="create"),
    path("<int:pk>/", facilitator.EvaluationDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", facilitator.EvaluationEditView.as_view(), name="edit"),
    path("<int:pk>/archive/", facilitator.EvaluationArchiveView.as_view(), name="archive"),
    path("<int:pk>/unarchive/", facilitator.EvaluationUnarchiveView.as_view(),
         name="unarchive"),
    path("<int:pk>/responses/", facilitator.ResponseMonitorView.as_view(), name="monitor"),
    path(survey, facilitator.SurveySetupView.as_view(), name="survey"),
    path(survey + "dates/", facilitator.SurveyDatesView.as_view(), name="survey_dates"),
    path(survey + "questions/add/", facilitator.OwnQuestionAddView.as_view(),
         name="own_question_add"),
    path(survey + "questions/<int:item_pk>/remove/", facilitator.OwnQuestionRemoveView.as_view(),
         name="own_question_remove"),
    path(survey + "close/", facilitator.SurveyCloseView.as_view(), name="survey_close"),
    path(survey + "reopen/", facilitator.SurveyReopenView.as_view(), name="survey_reopen"),
    path(survey + "share/", facilitator.SurveyShareView.as_view(), name="share"),
    path(survey + "poster/", facilitator.SurveyPosterView.as_view(), name="poster"),
    path(survey + "paper.pdf", paper.PaperQuestionnaireView.as_view(), name="paper_pdf"),
    path(survey + "paper/new/", paper.PaperResponseView.as_view(), name="paper_entry"),
]
