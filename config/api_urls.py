"""JSON APIs: content (Wagtail API v2), the member portal, search, the simulator, employers' HR systems, the
fund's open data, and the OpenAPI schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from cms.api import api_router

urlpatterns = [
    path("v2/", api_router.urls),
    path("portal/claims/", include("portal.claims.api_urls")),
    path("portal/procedures/", include("portal.casework.api_urls")),
    path("portal/", include("portal.api_urls")),
    path("search/", include("search.api_urls")),
    path("simulator/", include("portal.simulator.api_urls")),
    path("partners/", include("portal.partners.api_urls")),
    path("open-data/", include("portal.steering.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
