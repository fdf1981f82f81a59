"""The public content API (Wagtail API v2) at /api/v2/."""

from rest_framework.permissions import AllowAny
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet


class PublicPagesAPIViewSet(PagesAPIViewSet):
    # The project-wide DRF default is "authenticated only" (member API); content is public.
    permission_classes = [AllowAny]


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    permission_classes = [AllowAny]


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    permission_classes = [AllowAny]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
