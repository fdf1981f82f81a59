"""The public content API (Wagtail API v2) at /api/v2/.

On top of Wagtail's own filters (type, locale, translation_of, child_of...)
pages can be filtered by category and audience slug. Responses to anonymous
requests may be cached by browsers and shared caches for a short time; a
signed-in request (which could see restricted items) is private.

Wagtail's own `?search=` is switched off (WAGTAILAPI_SEARCH_ENABLED): it would rank
with Wagtail's database backend, differently from the site's search. Clients
search with /api/search/, which answers exactly as the search page does.
Pages are the ones cms.visibility lets a visitor see, and `html_url` is on the
public address (SITE_URL), not on the Site record's host.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.cache import patch_cache_control, patch_vary_headers
from rest_framework.filters import BaseFilterBackend
from rest_framework.permissions import AllowAny
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageHtmlUrlField, PageParentField, PageSerializer, get_serializer_class
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.api_fields import public_url
from cms.models import FaqPage, NewsPage, ProcedurePage
from cms.visibility import public_pages

# Query parameter -> lookup on the page models that carry that taxonomy.
TAXONOMY_FILTERS = {
    "category": ("category__slug", (ProcedurePage, NewsPage, FaqPage)),
    "audience": ("audiences__slug", (ProcedurePage, NewsPage, FaqPage)),
}
# Model fields that Wagtail's FieldsFilter must leave alone: the filters above handle them by slug.
_TAXONOMY_FIELDS = {"category", "category_id", "audiences"}


class TaxonomyFilter(BaseFilterBackend):
    """?category=<slug> and ?audience=<slug>, on every page type that has them."""

    def filter_queryset(self, request, queryset, view):
        for parameter, (lookup, models) in TAXONOMY_FILTERS.items():
            value = request.GET.get(parameter)
            if value is None:
                continue
            matching = Q()
            for model in models:
                matching |= Q(pk__in=model.objects.filter(**{lookup: value}).values("pk"))
            queryset = queryset.filter(matching)
        return queryset


class PublicHtmlUrlField(PageHtmlUrlField):
    """meta.html_url on the public address (see public_url)."""

    def to_representation(self, page):
        return public_url(page)


class PublicParentField(PageParentField):
    """meta.parent, whose own html_url is on the public address too."""

    def to_representation(self, value):
        serializer_class = get_serializer_class(
            value.__class__,
            ["id", "type", "detail_url", "html_url", "title"],
            meta_fields=["type", "detail_url", "html_url"],
            base=PublicPageSerializer,
        )
        return serializer_class(context=self.context).to_representation(value)


class PublicPageSerializer(PageSerializer):
    html_url = PublicHtmlUrlField(read_only=True)
    parent = PublicParentField(read_only=True)


class CachedPublicResponseMixin:
    permission_classes = [AllowAny]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            if request.user.is_authenticated:
                patch_cache_control(response, private=True, no_cache=True)
            else:
                patch_cache_control(response, public=True, max_age=settings.CMS_API_CACHE_SECONDS)
            patch_vary_headers(response, ["Cookie"])
        return response


class PublicPagesAPIViewSet(CachedPublicResponseMixin, PagesAPIViewSet):
    base_serializer_class = PublicPageSerializer
    filter_backends = [*PagesAPIViewSet.filter_backends[:-1], TaxonomyFilter, PagesAPIViewSet.filter_backends[-1]]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(TAXONOMY_FILTERS)

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        fields = super().get_available_fields(model, db_fields_only)
        if db_fields_only:
            fields = [name for name in fields if name not in _TAXONOMY_FIELDS]
        return fields

    def get_base_queryset(self):
        return public_pages(super().get_base_queryset())

    def filter_queryset(self, queryset):
        try:
            return super().filter_queryset(queryset)
        except (ValidationError, ValueError) as error:
            # e.g. ?type=cms.NewsPage&date=yesterday: the client's mistake, not a server error.
            raise BadRequestError(f"filter error: {error}") from error


class PublicImagesAPIViewSet(CachedPublicResponseMixin, ImagesAPIViewSet):
    pass


class PublicDocumentsAPIViewSet(CachedPublicResponseMixin, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
