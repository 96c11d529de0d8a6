"""Pages for people who run an evaluation. Included under /councils/<council_slug>/evaluations/."""

from django.urls import path

from .views import (
    council_check,
    evaluations,
    exports,
    live_vote_present,
    live_votes,
    paper,
    results,
    step_two,
    surveys,
    workshop_pack,
    workshops,
)

app_name = "evaluations"

survey = "<int:pk>/surveys/<str:audience>/"
workshop = "<int:pk>/workshops/<int:workshop_pk>/"
vote = workshop + "votes/<int:vote_pk>/"

urlpatterns = [
    path("new/", evaluations.EvaluationCreateView.as_view(), name="create"),
    path("<int:pk>/", evaluations.EvaluationDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", evaluations.EvaluationEditView.as_view(), name="edit"),
    path("<int:pk>/archive/", evaluations.EvaluationArchiveView.as_view(), name="archive"),
    path("<int:pk>/unarchive/", evaluations.EvaluationUnarchiveView.as_view(),
         name="unarchive"),
    path("<int:pk>/responses/", evaluations.ResponseMonitorView.as_view(), name="monitor"),
    path(survey, surveys.SurveySetupView.as_view(), name="survey"),
    path(survey + "dates/", surveys.SurveyDatesView.as_view(), name="survey_dates"),
    path(survey + "questions/add/", surveys.OwnQuestionAddView.as_view(),
         name="own_question_add"),
    path(survey + "questions/<int:item_pk>/remove/", surveys.OwnQuestionRemoveView.as_view(),
         name="own_question_remove"),
    path(survey + "questions/<int:item_pk>/newer-wording/",
         surveys.NewerWordingView.as_view(), name="newer_wording"),
    path(survey + "close/", surveys.SurveyCloseView.as_view(), name="survey_close"),
    path(survey + "reopen/", surveys.SurveyReopenView.as_view(), name="survey_reopen"),
    path(survey + "try/", surveys.SurveyTryView.as_view(), name="survey_try"),
    path(survey + "tests/delete/", surveys.PracticeResponsesDeleteView.as_view(),
         name="practice_delete"),
    path(survey + "share/", surveys.SurveyShareView.as_view(), name="share"),
    path(survey + "poster/", surveys.SurveyPosterView.as_view(), name="poster"),
    path(survey + "paper.pdf", paper.PaperQuestionnaireView.as_view(), name="paper_pdf"),
    path(survey + "paper/<int:report_pk>/", paper.PaperQuestionnaireStatusView.as_view(),
         name="paper_pdf_status"),
    path(survey + "paper/<int:report_pk>/download/",
         paper.PaperQuestionnaireDownloadView.as_view(), name="paper_pdf_download"),
    path(survey + "paper/new/", paper.PaperResponseView.as_view(), name="paper_entry"),
    # Workshops and their ratings
    path("<int:pk>/workshops/", workshops.WorkshopListView.as_view(), name="workshops"),
    path("<int:pk>/workshops/new/", workshops.WorkshopCreateView.as_view(),
         name="workshop_create"),
    path(workshop, workshops.WorkshopDetailView.as_view(), name="workshop"),
    path(workshop + "edit/", workshops.WorkshopEditView.as_view(), name="workshop_edit"),
    path(workshop + "domains/<int:number>/", workshops.WorkshopRatingView.as_view(),
         name="workshop_rating"),
    path(workshop + "pack.pdf", workshop_pack.WorkshopPackView.as_view(), name="workshop_pack"),
    path(workshop + "pack/<int:report_pk>/", workshop_pack.WorkshopPackStatusView.as_view(),
         name="workshop_pack_status"),
    path(workshop + "pack/<int:report_pk>/download/",
         workshop_pack.WorkshopPackDownloadView.as_view(), name="workshop_pack_download"),
    # Live votes in a workshop (the facilitator's side; phones use /v/<code>/)
    path(workshop + "votes/start/", live_votes.VoteStartView.as_view(), name="vote_start"),
    path(vote, live_votes.VoteScreenView.as_view(), name="vote_screen"),
    path(vote + "tally.json", live_votes.VoteTallyView.as_view(), name="vote_tally"),
    path(vote + "move/", live_votes.VoteMoveView.as_view(), name="vote_move"),
    path(vote + "close-domain/", live_votes.VoteCloseDomainView.as_view(),
         name="vote_close_domain"),
    path(vote + "end/", live_votes.VoteEndView.as_view(), name="vote_end"),
    path(vote + "reveal/", live_votes.VoteRevealView.as_view(), name="vote_reveal"),
    path(vote + "open/", live_votes.VoteOpenView.as_view(), name="vote_open"),
    path(vote + "delete/", live_votes.VoteDeleteView.as_view(), name="vote_delete"),
    path(vote + "present/", live_vote_present.VotePresentView.as_view(), name="vote_present"),
    path(vote + "present.json", live_vote_present.VotePresentStateView.as_view(),
         name="vote_present_state"),
    # The council's own check
    path("<int:pk>/council-check/", council_check.CouncilCheckView.as_view(),
         name="council_check"),
    path("<int:pk>/council-check/domains/<int:number>/",
         council_check.CouncilCheckDomainView.as_view(), name="council_check_domain"),
    # Results, comments and exports
    path("<int:pk>/results/", results.ResultsOverviewView.as_view(), name="results"),
    path("<int:pk>/results/domains/<int:number>/", results.ResultsDomainView.as_view(),
         name="results_domain"),
    path("<int:pk>/results/comments/", results.CommentListView.as_view(), name="comments"),
    path("<int:pk>/results/comments/<int:answer_pk>/", results.CommentReviewView.as_view(),
         name="comment_review"),
    path("<int:pk>/results/export/<str:table>.<str:file_format>",
         exports.ExportView.as_view(), name="export"),
    # Step 2: choose domains, then review each in depth
    path("<int:pk>/choose-domains/", step_two.ChooseDomainsView.as_view(), name="choose_domains"),
    path("<int:pk>/reviews/", step_two.ReviewListView.as_view(), name="reviews"),
    path("<int:pk>/reviews/<int:number>/", step_two.ReviewView.as_view(), name="review"),
    path("<int:pk>/reviews/<int:number>/evidence/", step_two.ReviewEvidenceAddView.as_view(),
         name="review_evidence_add"),
    path("<int:pk>/history/", step_two.AuditHistoryView.as_view(), name="history"),
]
