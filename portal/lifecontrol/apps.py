from django.apps import AppConfig

from config.post_migrate import connect_after_every_app


class LifeControlConfig(AppConfig):
    name = "portal.lifecontrol"
    label = "lifecontrol"
    verbose_name = "Life control"

    def ready(self):

        from portal import audit
        from portal.lifecontrol import notifications, permissions
        from portal.lifecontrol.choices import AuditAction
        from portal.notifications import kinds

        audit.register_choices(AuditAction)
        for kind in notifications.KINDS:
            kinds.register(kind)
        connect_after_every_app(permissions.ensure_groups, dispatch_uid="lifecontrol-groups")
        from portal.lifecontrol import steering  # noqa: F401 - registers its steering series and panel
