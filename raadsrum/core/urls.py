from django.urls import path

from raadsrum.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("mine-raad/", views.my_councils, name="my_councils"),
    path("healthz", views.healthz, name="healthz"),
]
