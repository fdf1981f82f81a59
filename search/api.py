"""/api/search/ and /api/search/autocomplete/: public, read-only JSON."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from portal.api import IsEnrolledMember
from search import claim_search, service


def _language(request):
    language = request.GET.get("lang") or getattr(request, "LANGUAGE_CODE", "fr")
    return language if language in ("fr", "ar") else "fr"


class HitSerializer(serializers.Serializer):
    page_id = serializers.IntegerField()
    title = serializers.CharField(help_text="HTML-escaped, matches wrapped in <mark>")
    url = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    language = serializers.CharField()
    snippet = serializers.CharField(help_text="HTML-escaped, matches wrapped in <mark>")
    category_label = serializers.CharField()
    date = serializers.CharField(allow_null=True)


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class FacetsSerializer(serializers.Serializer):
    kind = FacetValueSerializer(many=True)
    category = FacetValueSerializer(many=True)
    audience = FacetValueSerializer(many=True)


class ResultsSerializer(serializers.Serializer):
    query = serializers.CharField(source="request.query")
    language = serializers.CharField(source="request.language")
    page = serializers.IntegerField(source="request.page")
    pages = serializers.IntegerField()
    total = serializers.IntegerField()
    backend = serializers.CharField(help_text="elasticsearch, or database when search runs degraded")
    degraded = serializers.BooleanField()
    did_you_mean = serializers.CharField()
    promoted = HitSerializer(many=True)
    results = HitSerializer(many=True, source="hits")
    facets = FacetsSerializer()


class SuggestionSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()
    kind = serializers.CharField()


COMMON = [
    OpenApiParameter("q", str, description="What the visitor typed"),
    OpenApiParameter("lang", str, enum=["fr", "ar"], description="Language of the results to prefer"),
]


@extend_schema(
    parameters=[
        *COMMON,
        OpenApiParameter("kind", str),
        OpenApiParameter("category", str),
        OpenApiParameter("audience", str),
        OpenApiParameter("page", int),
    ],
    responses=ResultsSerializer,
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def search(request):
    search_request = service.parse_request(request.GET, _language(request))
    return Response(ResultsSerializer(service.run(search_request)).data)


@extend_schema(parameters=COMMON, responses=SuggestionSerializer(many=True))
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def autocomplete(request):
    suggestions = service.autocomplete(request.GET.get("q", ""), _language(request))
    return Response(SuggestionSerializer(suggestions, many=True).data)


class ClaimHitSerializer(serializers.Serializer):
    reference = serializers.CharField()
    subject = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()


class ClaimResultsSerializer(serializers.Serializer):
    query = serializers.CharField()
    total = serializers.IntegerField()
    degraded = serializers.BooleanField()
    results = ClaimHitSerializer(many=True, source="hits")


@extend_schema(parameters=[OpenApiParameter("q", str)], responses=ClaimResultsSerializer)
@api_view(["GET"])
@permission_classes([IsAuthenticated, IsEnrolledMember])
def my_claims(request):
    """The logged-in member's own claims matching q (the member filter is inside the search query)."""
    results = claim_search.member_search(request.member, request.GET.get("q", ""))
    return Response(ClaimResultsSerializer(results).data)
