from django.apps import AppConfig

from config.post_migrate import connect_after_every_app


class CaseworkConfig(AppConfig):
    name = "portal.casework"
    label = "casework"
    verbose_name = "Requests (online procedures)"

    def ready(self):
        from portal import audit
        from portal.casework import notifications, permissions
        from portal.casework.choices import AuditAction
        from portal.notifications import kinds

        audit.register_choices(AuditAction)
        for kind in notifications.KINDS:
            kinds.register(kind)
        connect_after_every_app(permissions.ensure_groups, dispatch_uid="casework-groups")
