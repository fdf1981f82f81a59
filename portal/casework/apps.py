from django.apps import AppConfig
from django.db.models.signals import post_migrate


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
        post_migrate.connect(permissions.ensure_groups, dispatch_uid="casework-groups")
