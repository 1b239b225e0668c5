from django.urls import path

from raadsrum.meetings import views

app_name = "meetings"
urlpatterns = [
    path("raad/<slug:council>/", views.council_page, name="council"),
]
