from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config import health

# Language-neutral routes: machines (APIs, health) and the admin.
urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    # Wagtail's own login form would bypass allauth's rate limits and second factor: one login page.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/", include("config.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# People's routes live under /fr/ and /ar/; Wagtail serves the page trees last.
urlpatterns += i18n_patterns(
    # Before allauth's: the account pages the portal replaces (portal/account_urls.py).
    path("", include("portal.account_urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("portal.urls")),
    path("", include("portal.claims.urls")),
    path("", include("portal.steering.urls")),
    path("", include("portal.casework.urls")),
    path("", include("portal.notifications.urls")),
    path("", include("portal.proxies.urls")),
    path("", include("portal.lifecontrol.urls")),
    path("", include("portal.simulator.urls")),
    path("partners/", include("portal.partners.urls")),
    path("", include("search.urls")),
    # Wagtail's own login form (for password-protected pages) would bypass allauth's rate limits and
    # second factor: send it to the one login page.
    path("_util/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler404 = "config.errors.not_found"
handler500 = "config.errors.server_error"
handler400 = "config.errors.bad_request"
