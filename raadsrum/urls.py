from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from raadsrum.api import api

urlpatterns = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("raadsrum.core.urls")),
    path("", include("raadsrum.meetings.urls")),
    path("", include("raadsrum.meetings.staff_urls")),
    path("", include("raadsrum.meetings.calendar_urls")),
    path("", include("raadsrum.archive.urls")),
    path("", include("raadsrum.archive.upload_urls")),
    path("", include("raadsrum.cases.urls")),
    path("", include("raadsrum.positivelist.urls")),
    path("", include("raadsrum.monitoring.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
