from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "raadsrum.core"
    label = "core"
    verbose_name = "Rådsrum"
