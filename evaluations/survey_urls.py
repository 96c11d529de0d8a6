"""Pages for respondents: no account, reached by link, QR code or short code. Under /s/,
with the action plan's "You said, we did" page (actionplans/survey_urls.py)."""

from django.urls import path

from evaluations.views import responses, responses_start

app_name = "surveys"

urlpatterns = [
    path("", responses_start.CodeView.as_view(), name="code"),
    path("<str:token>/", responses_start.StartView.as_view(), name="start"),
    # For a tablet passed round a workshop: keeps nobody's answers for the next person.
    path("<str:token>/shared/", responses_start.SharedStartView.as_view(), name="shared"),
    path("<str:token>/welcome/", responses_start.WelcomeView.as_view(), name="welcome"),
    path("<str:token>/q/<int:number>/", responses.QuestionView.as_view(), name="question"),
    path("<str:token>/helped/", responses.HelpedView.as_view(), name="helped"),
    path("<str:token>/check/", responses.CheckView.as_view(), name="check"),
    path("<str:token>/send/", responses.SendView.as_view(), name="send"),
    path("<str:token>/sent/", responses.SentView.as_view(), name="sent"),
    path("<str:token>/stop/", responses.StopView.as_view(), name="stop"),
    # Stop trying the survey ("try it" mode, started from the facilitator's survey page).
    path("<str:token>/stop-trying/", responses_start.StopTryingView.as_view(),
         name="stop_trying"),
]
