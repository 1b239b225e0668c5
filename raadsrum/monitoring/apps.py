from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "raadsrum.monitoring"
    label = "monitoring"
    verbose_name = _("Monitorering af arbejdsmarkedet")
    default_auto_field = "django.db.models.BigAutoField"
