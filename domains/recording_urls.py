"""Addresses of councils' recordings, without a namespace: the public recording under
/framework/recordings/, and a council's recordings page under /councils/<council_slug>/."""

from django.urls import include, path

from .views import recordings

council_recordings = [
    path("", recordings.CouncilRecordingListView.as_view(), name="recordings"),
    path("add/", recordings.CouncilRecordingAddView.as_view(), name="recording_add"),
    path("<int:recording_pk>/remove/", recordings.CouncilRecordingRemoveView.as_view(),
         name="recording_remove"),
]

urlpatterns = [
    path("councils/<slug:council_slug>/recordings/", include(council_recordings)),
    path("framework/recordings/<int:pk>/", recordings.council_recording,
         name="council_recording"),
]
