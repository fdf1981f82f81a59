from django.apps import AppConfig

from config.post_migrate import connect_after_every_app


class ProxiesConfig(AppConfig):
    name = "portal.proxies"
    label = "proxies"
    verbose_name = "Helped access (proxies, legal representatives, the counter)"

    def ready(self):

        from portal import audit
        from portal.notifications import kinds
        from portal.proxies import notifications, permissions, signals  # noqa: F401 (signals: logout ends a counter session)
        from portal.proxies.choices import AuditAction

        audit.register_choices(AuditAction)
        for kind in notifications.KINDS:
            kinds.register(kind)
        connect_after_every_app(permissions.ensure_groups, dispatch_uid="proxies-groups")
