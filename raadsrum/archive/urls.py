from django.urls import path

from raadsrum.archive import views

app_name = "archive"
urlpatterns = [
    path("arkiv/soeg/", views.search, name="search"),
]
