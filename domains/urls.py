from django.urls import path

from . import views

app_name = "domains"

urlpatterns = [
    path("", views.FrameworkOverviewView.as_view(), name="overview"),
    path("domains/<int:number>/", views.DomainDetailView.as_view(), name="detail"),
    path("good-lives/", views.GoodLivesLibraryView.as_view(), name="good_lives"),
    path("pictures/<int:pk>/", views.council_picture, name="council_picture"),
]
