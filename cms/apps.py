from django.apps import AppConfig

from config.post_migrate import connect_after_every_app


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Editorial content"

    def ready(self):
        from cms import cache_signals, permissions

        cache_signals.connect()
        # After every app's migrate signal, not only ours: Wagtail's permission rows, root page and root
        # collection may come after this app's. Idempotent, like portal's and claims' groups.
        connect_after_every_app(permissions.ensure_editorial_groups, dispatch_uid="cms-editorial-groups")
