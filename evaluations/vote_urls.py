"""Phones in a workshop's live vote: no account, reached by code. Under /v/."""

from django.urls import path

from .views import live_votes

app_name = "votes"

urlpatterns = [
    path("<str:code>/", live_votes.JoinView.as_view(), name="join"),
    path("<str:code>/vote/", live_votes.VoteView.as_view(), name="vote"),
    path("<str:code>/state.json", live_votes.VoteStateView.as_view(), name="state"),
]
