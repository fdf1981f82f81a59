from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringConfig(AppConfig):
    name = "portal.steering"
    label = "steering"
    verbose_name = _("Steering")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from portal.steering import activity, dashboard, figures, permissions  # noqa: F401 - series and panels register

        user_logged_in.connect(activity.record_sign_in, dispatch_uid="steering-active-week")
        # The group "Management" comes with the schema, never with the demo.
        post_migrate.connect(permissions.ensure_groups, dispatch_uid="steering-groups")
