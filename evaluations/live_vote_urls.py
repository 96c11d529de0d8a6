"""Phones in a workshop's live vote: no account, reached by code. Under /v/."""

from django.urls import path

from evaluations.views import live_vote_phones

app_name = "votes"

urlpatterns = [
    path("<str:code>/", live_vote_phones.JoinView.as_view(), name="join"),
    path("<str:code>/vote/", live_vote_phones.VoteView.as_view(), name="vote"),
    path("<str:code>/state.json", live_vote_phones.VoteStateView.as_view(), name="state"),
]
