"""The one place that builds the Elasticsearch client from settings."""

from functools import lru_cache

from django.conf import settings
from elasticsearch import Elasticsearch

NOT_CONFIGURED = "not configured"
UNREACHABLE = "unreachable"
OK = "ok"


def is_configured():
    return bool(settings.ELASTICSEARCH["URL"])


@lru_cache(maxsize=4)
def _client_for(url, username, password, api_key, ca_certs, timeout):
    options = {"request_timeout": timeout, "retry_on_timeout": False, "max_retries": 0}
    if api_key:
        options["api_key"] = api_key
    elif username:
        options["basic_auth"] = (username, password)
    if ca_certs:
        options["ca_certs"] = ca_certs
    return Elasticsearch(url, **options)


def get_client():
    """Return a client, or None when Elasticsearch is not configured."""
    conf = settings.ELASTICSEARCH
    if not conf["URL"]:
        return None
    return _client_for(
        conf["URL"], conf["USERNAME"], conf["PASSWORD"], conf["API_KEY"], conf["CA_CERTS"], conf["TIMEOUT"]
    )


def index_name(base):
    """Prefix index and alias names so several sites or test runs can share a cluster."""
    return f"{settings.ELASTICSEARCH['INDEX_PREFIX']}-{base}"


def state():
    """ok, not configured or unreachable, for health checks and the fallback notice."""
    client = get_client()
    if client is None:
        return NOT_CONFIGURED
    try:
        # cluster.health rather than ping(): minimal distributions answer GET / with 405.
        client.cluster.health(timeout="2s")
    except Exception:  # any transport or API error means search cannot be trusted now
        return UNREACHABLE
    return OK
