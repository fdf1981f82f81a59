"""/api/search/ and /api/search/autocomplete/: public, read-only JSON."""

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from portal.api_base import MemberAPIView
from search import claim_search, service
from search.query_log import Visitor
from search.results import FACETS


def _language(request):
    language = request.GET.get("lang") or getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class HighlightSerializer(serializers.Serializer):
    """The matched words, for clients that show them: HTML, escaped, matches wrapped in <mark>."""

    title = serializers.CharField(help_text="The title as HTML: escaped, matched words in <mark>")
    snippet = serializers.CharField(
        help_text="As HTML: the passages of the body (or the summary) where the words matched, matches in <mark>"
    )


class HitSerializer(serializers.Serializer):
    page_id = serializers.IntegerField()
    title = serializers.CharField(source="plain_title", help_text="Plain text, as the editors wrote it (not HTML)")
    summary = serializers.CharField(help_text="Plain text (not HTML)")
    highlight = HighlightSerializer(source="*", help_text="HTML with <mark> around the matches; see its fields")
    url = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    language = serializers.CharField()
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


def _hit_data(hit):
    return {
        "page_id": hit.page_id,
        "title": hit.plain_title,
        "summary": hit.summary,
        "highlight": {"title": hit.title, "snippet": hit.snippet},
        "url": hit.url,
        "kind": hit.kind,
        "kind_label": str(hit.kind_label),
        "language": hit.language,
        "category_label": hit.category_label,
        "date": None if hit.date is None else str(hit.date),
    }


def results_data(results):
    """ResultsSerializer(results).data, written out: the serializers above describe the answer (the schema),
    and building it through them cost more than a millisecond per search, a tenth of the site's own time.
    tests/search/test_api_answer.py holds the two to the same output."""
    return {
        "query": results.request.query,
        "language": results.request.language,
        "page": results.request.page,
        "pages": results.pages,
        "total": results.total,
        "backend": results.backend,
        "degraded": results.degraded,
        "did_you_mean": results.did_you_mean,
        "promoted": [_hit_data(hit) for hit in results.promoted],
        "results": [_hit_data(hit) for hit in results.hits],
        "facets": {
            name: [
                {"value": value.value, "label": value.label, "count": value.count, "selected": value.selected}
                for value in results.facets.get(name, ())
            ]
            for name in FACETS
        },
    }


class SuggestionSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()
    kind = serializers.CharField()


COMMON = [
    OpenApiParameter("q", str, description="What the visitor typed"),
    OpenApiParameter(
        "lang", str, enum=[code for code, _name in settings.LANGUAGES], description="Language of the results to prefer"
    ),
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
    """Titles and summaries are plain text; the highlighted HTML is apart, in each result's `highlight`."""
    search_request = service.parse_request(request.GET, _language(request))
    results = service.run(search_request, visitor=Visitor.from_request(request))
    return Response(results_data(results))


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


class MyClaims(MemberAPIView):
    """The logged-in member's own claims matching q (the member filter is inside the search query)."""

    @extend_schema(parameters=[OpenApiParameter("q", str)], responses=ClaimResultsSerializer)
    def get(self, request):
        results = claim_search.member_search(self.member, request.GET.get("q", ""))
        return Response(ClaimResultsSerializer(results).data)


my_claims = MyClaims.as_view()
