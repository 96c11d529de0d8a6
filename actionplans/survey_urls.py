"""The action plan's page at the survey's own address, under /s/ with the survey's pages
(betterlives/urls.py puts them together in the "surveys" namespace)."""

from django.urls import path

from actionplans.views.you_said import PublicYouSaidView

urlpatterns = [
    # What the council heard and will do, once the facilitator publishes it (Easy Read).
    path("<str:token>/you-said/", PublicYouSaidView.as_view(), name="you_said"),
]
