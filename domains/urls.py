from django.urls import path

from .views import framework

app_name = "domains"

urlpatterns = [
    path("", framework.FrameworkOverviewView.as_view(), name="overview"),
    path("domains/<int:number>/", framework.DomainDetailView.as_view(), name="detail"),
    path("good-lives/", framework.GoodLivesLibraryView.as_view(), name="good_lives"),
    path("pictures/<int:pk>/", framework.council_picture, name="council_picture"),
]
