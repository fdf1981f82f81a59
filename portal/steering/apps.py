from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from config.post_migrate import connect_after_every_app


class SteeringConfig(AppConfig):
    name = "portal.steering"
    label = "steering"
    verbose_name = _("Steering")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from portal.steering import activity, dashboard, figures, permissions  # noqa: F401 - series and panels register

        user_logged_in.connect(activity.record_sign_in, dispatch_uid="steering-active-week")
        # The group "Management" comes with the schema, never with the demo.
        connect_after_every_app(permissions.ensure_groups, dispatch_uid="steering-groups")
