from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PositiveListConfig(AppConfig):
    name = "raadsrum.positivelist"
    label = "positivelist"
    verbose_name = _("Positivlisten")
    default_auto_field = "django.db.models.BigAutoField"
