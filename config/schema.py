"""OpenAPI schema scope: our own DRF APIs only.

Wagtail's content API (v2) and its admin API are not DRF-spectacular friendly and
are documented in the README instead.
"""

from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny

DOCUMENTED_PREFIXES = ("/api/portal/", "/api/search/", "/api/simulator/", "/api/partners/", "/api/open-data/")


def only_our_apis(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(DOCUMENTED_PREFIXES)]


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Why the request was refused, in the request's language")


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema, plus the error answers DRF gives that it leaves out.

    Clients (and the API fuzzing test) rely on every status code being documented:
    403 where a permission other than AllowAny guards the view (SessionAuthentication
    answers 403, not 401, to an anonymous request), 404 for an object named in the path
    or a page number past the end of a list, 400 for an invalid request body and 415 for
    one in a format it does not read, 429 on every write beyond the member's budget
    (config/throttle.py answers it before the view runs, so the view cannot declare it).
    """

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = {}
        if self.method in ("POST", "PUT", "PATCH"):
            errors["400"] = OpenApiResponse(
                OpenApiTypes.OBJECT, description="Invalid data: field name to a list of messages, or detail"
            )
            errors["415"] = OpenApiResponse(ErrorSerializer, description="A request body this API cannot read")
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            errors["429"] = OpenApiResponse(
                ErrorSerializer, description="Too many changes in a short time: try again after Retry-After seconds"
            )
        if any(not isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            errors["403"] = OpenApiResponse(
                ErrorSerializer, description="Not logged in, no member file, or no CSRF token"
            )
        if "{" in self.path or (self._is_list_view() and self._get_paginator()):
            errors["404"] = OpenApiResponse(ErrorSerializer, description="No such object, or no such page")
        for code, response in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses
