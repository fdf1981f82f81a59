"""OpenAPI schema scope: our own DRF APIs only.

Wagtail's content API (v2) and its admin API are not DRF-spectacular friendly and
are documented in the README instead.
"""

DOCUMENTED_PREFIXES = ("/api/portal/", "/api/search/")


def only_our_apis(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(DOCUMENTED_PREFIXES)]
