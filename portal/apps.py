from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Member portal"

    def ready(self):
        from portal import permissions

        # After every app's migrate: the Wagtail admin's permission rows may come after ours.
        post_migrate.connect(permissions.ensure_groups, dispatch_uid="portal-groups")
