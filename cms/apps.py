from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Editorial content"

    def ready(self):
        from cms import cache_signals

        cache_signals.connect()
