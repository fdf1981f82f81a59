from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "portal.claims"
    label = "claims"
    verbose_name = "Claims"
