"""The open-data API: the public figures as JSON (/api/open-data/figures/) and each table as CSV
(/api/open-data/<table>.csv). Public and read-only; the same tables as the transparency page, read
from the summary tables only, so a request costs a handful of small queries and needs no budget.

The language of the labels is ``?lang=`` or else the request's (Accept-Language), as in the search
API; the figures are the same in both.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from config.schema import ErrorSerializer
from portal.steering import public, read
from portal.steering.serializers import FiguresSerializer

LANG = OpenApiParameter(
    "lang",
    str,
    enum=[code for code, _name in settings.LANGUAGES],
    description="The language of captions and headers (else the request's Accept-Language)",
)


def _language(request):
    language = request.GET.get("lang") or getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _csv_address(slug, language):
    return f"{reverse('open-data:csv', args=[slug])}?lang={language}"


def _table_data(table, language):
    return {
        "slug": table.slug,
        "title": table.title,
        "caption": table.caption,
        "csv": _csv_address(table.slug, language),
        "columns": table.columns,
        "rows": [
            {"key": key, "values": [cell.value for cell in row], "suppressed": [cell.suppressed for cell in row]}
            for key, row in zip(table.keys, table.cells(), strict=True)
        ],
    }


class Figures(APIView):
    """Every public table: adoption, channels, service levels (last 12 months, newest first)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(operation_id="open_data_figures", tags=["Open data"], parameters=[LANG], responses=FiguresSerializer)
    def get(self, request):
        language = _language(request)
        with translation.override(language):
            data = FiguresSerializer(
                {
                    "language": language,
                    "computed_at": read.computed_at(),
                    "minimum": public.minimum(),
                    "tables": [_table_data(table, language) for table in public.tables()],
                }
            ).data
        return Response(data, headers={"Content-Language": language})


class CsvRenderer(BaseRenderer):
    """Lets a client ask for text/csv (the file itself is written by ``Table.as_csv``); an error
    asked for as CSV is its message alone."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return str(data.get("detail", "") if isinstance(data, dict) else data).encode()


class TableCsv(APIView):
    """One public table as CSV (UTF-8 with a byte-order mark, for spreadsheet programs)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    # One renderer: no ?format= (the address says CSV), and an error asked for as CSV is still readable.
    renderer_classes = [CsvRenderer]

    def perform_content_negotiation(self, request, force=False):
        # The file whatever the Accept header asks: a client asking for JSON gets the CSV, not a 406.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="open_data_table_csv",
        tags=["Open data"],
        parameters=[
            OpenApiParameter(
                "table",
                str,
                OpenApiParameter.PATH,
                enum=list(public.SLUGS),
                pattern=r"^[-a-zA-Z0-9_]+$",  # what Django's <slug:> routes
            ),
            LANG,
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description="A header line, then one line per row; a suppressed count is written "
                "<minimum (e.g. <10), a hidden figure x, no figure as an empty cell",
            ),
            (404, "application/json"): OpenApiResponse(ErrorSerializer, description="No such table"),
        },
    )
    def get(self, request, table):
        if table not in public.SLUGS:
            # In JSON, like every API's 404 (config/errors.py), whatever the client accepts.
            return JsonResponse({"detail": _("Not found.")}, status=404)
        language = _language(request)
        with translation.override(language):
            [found] = public.tables(only=table)
            content = found.as_csv()
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{table}-{language}.csv"'
        response["Content-Language"] = language
        return response
