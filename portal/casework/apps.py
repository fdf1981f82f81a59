from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CaseworkConfig(AppConfig):
    name = "portal.casework"
    label = "casework"
    verbose_name = "Requests (online procedures)"

    def ready(self):
        from portal import audit
        from portal.casework import permissions
        from portal.casework.choices import AuditAction

        audit.register_choices(AuditAction)
        post_migrate.connect(permissions.ensure_groups, dispatch_uid="casework-groups")
