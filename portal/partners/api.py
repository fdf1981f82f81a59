"""The employer API (/api/partners/): an organisation's HR system lists the coming retirements,
prepares retirement dossiers, attaches their documents, signs and sends them, and answers the
fund's corrections.

Gate: ``EmployerAPIView`` (``portal.partners.api_auth``): an API token, the scope each method
needs, a budget of requests per token; never a session. Every query starts from the token's
``Scope`` (``scope.of_token``), through the same services as the partners' pages
(``portal.partners.dossiers``): another organisation's civil servant or dossier is a 404, with the
same message as one that does not exist. No account acts: the audit rows name the token
(``tokens.label``), with ``via`` "employer", and the civil servant reads that their employer's HR
service acted on their file.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from config.schema import ErrorSerializer
from portal import audit
from portal.casework import workflow
from portal.casework.api import check_step
from portal.files import uploads
from portal.partners import dossiers, selectors, tokens
from portal.partners import scope as scopes
from portal.partners.api_auth import HasScope, TokenAuthentication, TokenRateThrottle
from portal.partners.choices import ApiScope
from portal.partners.serializers import (
    CorrectionSerializer,
    DocumentUploadSerializer,
    DossierCreateSerializer,
    DossierDetailSerializer,
    DossierDocumentSerializer,
    DossierSummarySerializer,
    RetirementSerializer,
)

TAG = "Employers"
# The errors every operation of this API may answer, beyond those config.schema.AutoSchema adds.
ERRORS = {
    401: OpenApiResponse(ErrorSerializer, description="No API token, or a token unknown or revoked"),
    403: OpenApiResponse(ErrorSerializer, description="The token does not have the scope this request needs"),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests with this token: see Retry-After"),
}
REFUSED = OpenApiResponse(OpenApiTypes.OBJECT, description="Refused: {detail} or {step: {field: [messages]}}")
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Your system's key for this dossier: sending the same key again returns the same dossier (200) "
    "and changes nothing.",
)


def not_found():
    """One message for a civil servant or dossier that does not exist and for one of another organisation."""
    return exceptions.NotFound(_("No such civil servant or dossier in your organisation."))


def refused(error):
    """NotAllowed / TransitionRefused: their str() is already in the request's language."""
    return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)


class EmployerAPIView(generics.GenericAPIView):
    """Base class of the employer API: a token (never a session), its scopes, its request budget.

    ``required_scopes``: {HTTP method: ApiScope}; ``self.scope`` is the token's, from which every
    query starts; ``self.as_token`` gives the services the token's name and the request's context."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [HasScope]
    throttle_classes = [TokenRateThrottle]
    parser_classes = [JSONParser]
    required_scopes = {}

    @cached_property
    def scope(self):
        return scopes.of_token(self.request.auth)

    @cached_property
    def as_token(self):
        """The keyword arguments every service call takes: no account, the token's label, the context."""
        return {"actor": None, "label": tokens.label(self.request.auth), "context": self.context}

    @property
    def context(self):
        return audit.AuditContext.from_request(self.request._request)

    def handle_exception(self, exc):
        if isinstance(exc, dossiers.NotFound):
            exc = not_found()
        return super().handle_exception(exc)

    def dossier(self):
        reference = self.kwargs["reference"]
        if "\x00" in reference:
            raise not_found()  # PostgreSQL cannot even compare text with a NUL: no reference has one
        return dossiers.dossier_in_scope(self.scope, reference)

    def detail(self, dossier, code=status.HTTP_200_OK):
        fresh = dossiers.dossier_in_scope(self.scope, dossier.case.reference)
        return Response(DossierDetailSerializer(fresh).data, status=code)


@extend_schema_view(
    get=extend_schema(
        tags=[TAG],
        responses={200: RetirementSerializer(many=True), **ERRORS},
        description="The organisation's civil servants in service who reach the age limit in the next 12 months, "
        "soonest first, with the date their dossier is due and where it stands. Needs `retirements:read`.",
    )
)
class RetirementList(EmployerAPIView):
    serializer_class = RetirementSerializer
    required_scopes = {"GET": ApiScope.READ_RETIREMENTS}

    def get(self, request):
        rows = selectors.upcoming_retirements(self.scope)
        page = self.paginate_queryset(rows)
        dossiers.listed(scope=self.scope, count=len(page), **self.as_token)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class DossierListCreate(EmployerAPIView):
    serializer_class = DossierSummarySerializer
    required_scopes = {"GET": ApiScope.READ_DOSSIERS, "POST": ApiScope.WRITE_DOSSIERS}

    def get_queryset(self):
        return self.scope.dossiers().select_related("case", "member").order_by("-created_at", "-pk")

    @extend_schema(
        tags=[TAG],
        responses={200: DossierSummarySerializer(many=True), **ERRORS},
        description="The organisation's retirement dossiers, newest first. Needs `dossiers:read`.",
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        dossiers.listed(scope=self.scope, count=len(page), **self.as_token)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        tags=[TAG],
        request=DossierCreateSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: DossierDetailSerializer, 200: DossierDetailSerializer, 400: REFUSED, 404: ErrorSerializer}
        | ERRORS,
        description="Open the retirement dossier of a civil servant of the organisation (or complete the one in "
        "progress: 200) with the answers of the steps given. Every step is checked by the same rules as the "
        "partners' pages before anything is stored: one invalid answer and nothing is written (400, by step and "
        "field). A civil servant who is not in the organisation is a 404. Needs `dossiers:write`.",
    )
    def post(self, request):
        body = DossierCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        source_key = self._source_key(request)
        if source_key:
            existing = self.scope.dossiers().filter(source_key=source_key).select_related("case").first()
            if existing is not None:
                return self.detail(existing)
        procedure = dossiers.procedure()
        cleaned, errors = {}, {}
        for step in procedure.steps:
            if step.name in data:
                cleaned[step.name], problems = check_step(step, data[step.name])
                if problems:
                    errors[step.name] = problems
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        member = self.scope.members().filter(affiliation_number=data["affiliation_number"].strip()).first()
        if member is None:
            raise not_found()
        try:
            with transaction.atomic():
                dossier, created = dossiers.start(
                    scope=self.scope,
                    member_pk=member.pk,
                    language=translation.get_language() or "fr",
                    source_key=source_key,
                    **self.as_token,
                )
                # In the procedure's order, so that the draft reopens after the last answered step.
                for name in procedure.step_names():
                    if name in cleaned:
                        dossier = dossiers.save_step(
                            scope=self.scope, dossier=dossier, step=name, cleaned_data=cleaned[name], **self.as_token
                        )
        except dossiers.NotAllowed as error:
            return refused(error)
        return self.detail(dossier, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def _source_key(self, request):
        """The caller's Idempotency-Key, hashed with the organisation (any length, any characters)."""
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key:
            return ""
        return hashlib.sha256(f"api:{self.scope.organisation.pk}:{key}".encode()).hexdigest()


@extend_schema_view(
    get=extend_schema(
        tags=[TAG],
        responses={200: DossierDetailSerializer, **ERRORS},
        description="A dossier: answers, checklist, documents and the events the sender reads (the fund's "
        "correction message among them). Needs `dossiers:read`.",
    )
)
class DossierDetail(EmployerAPIView):
    required_scopes = {"GET": ApiScope.READ_DOSSIERS}

    def get(self, request, reference):
        dossier = self.dossier()
        dossiers.viewed(scope=self.scope, member=dossier.member, **self.as_token)
        return Response(DossierDetailSerializer(dossier).data)


class DossierDocuments(EmployerAPIView):
    parser_classes = [MultiPartParser, FormParser]
    required_scopes = {"POST": ApiScope.WRITE_DOSSIERS}

    @extend_schema(
        tags=[TAG],
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: DossierDocumentSerializer(many=True), 400: REFUSED} | ERRORS,
        description="Attach one file to a line of the dossier's checklist (`kind`: the line's `key`). The file's "
        "content is checked (PDF, JPEG or PNG). In a draft, or while the fund waits for a correction. "
        "Needs `dossiers:write`.",
    )
    def post(self, request, reference):
        dossier = self.dossier()
        kind = str(request.data.get("kind") or "").strip()
        files = request.FILES.getlist("file")
        errors = {}
        if not kind:
            errors["kind"] = [_("This field is required.")]
        if not files:
            errors["file"] = [_("Choose a file to send.")]
        elif len(files) > 1:
            errors["file"] = [_("Send one file per request.")]
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        try:
            checked = uploads.validate_uploads(files)
        except ValidationError as error:
            return Response({"file": [str(message) for message in error.messages]}, status=status.HTTP_400_BAD_REQUEST)
        try:
            stored = dossiers.add_documents(
                scope=self.scope, dossier=dossier, uploads=[(kind, checked)], **self.as_token
            )
        except (dossiers.NotAllowed, workflow.TransitionRefused) as error:
            return refused(error)
        return Response(DossierDocumentSerializer(stored, many=True).data, status=status.HTTP_201_CREATED)


class DossierSubmit(EmployerAPIView):
    required_scopes = {"POST": ApiScope.SUBMIT_DOSSIERS}

    @extend_schema(
        tags=[TAG],
        request=None,
        responses={200: DossierDetailSerializer, 400: REFUSED} | ERRORS,
        description="Sign and send the dossier to the fund (sending twice is harmless: the first one counted). "
        "Refused (400) while an answer or a document is missing. Needs `dossiers:submit`.",
    )
    def post(self, request, reference):
        try:
            dossier = dossiers.submit(scope=self.scope, dossier=self.dossier(), **self.as_token)
        except (dossiers.NotAllowed, workflow.TransitionRefused) as error:
            return refused(error)
        return self.detail(dossier)


class DossierCorrection(EmployerAPIView):
    required_scopes = {"POST": ApiScope.WRITE_DOSSIERS}

    @extend_schema(
        tags=[TAG],
        request=CorrectionSerializer,
        responses={200: DossierDetailSerializer, 400: REFUSED} | ERRORS,
        description="Send back the dossier the fund asked to correct (after changing its answers with POST "
        "dossiers/ and its documents), with an optional message. Needs `dossiers:write`.",
    )
    def post(self, request, reference):
        body = CorrectionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            dossier = dossiers.send_correction(
                scope=self.scope,
                dossier=self.dossier(),
                message=body.validated_data.get("message", ""),
                **self.as_token,
            )
        except (dossiers.NotAllowed, workflow.TransitionRefused) as error:
            return refused(error)
        return self.detail(dossier)
