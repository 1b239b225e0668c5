from django.urls import path

from raadsrum.archive import upload_views

app_name = "archive_upload"
urlpatterns = [
    path("arkiv/upload/", upload_views.upload, name="upload"),
    path("arkiv/upload/<int:pk>/", upload_views.batch, name="batch"),
    path("arkiv/upload/<int:pk>/status/", upload_views.batch_status, name="status"),
    path("arkiv/upload/<int:pk>/importer/", upload_views.batch_commit, name="commit"),
    path("arkiv/upload/<int:pk>/kasser/", upload_views.batch_discard, name="discard"),
]
