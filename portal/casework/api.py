"""A person's requests in the JSON API (/api/portal/procedures/): list, procedures they may start,
create, detail, answer a step, upload documents, submit, withdraw, download a document.

Gate: ``AccountAPIView``. ``portal.api_base.MemberAPIView`` refuses an account without a member
file, but a widow applies for a survivor's pension before she has one (Audience.ACCOUNT); so this
base class only requires a logged-in account, with the same authentication (the settings' session
authentication with CSRF). The write budget (config/throttle.py) and ``no-store``
(config/security.py) are middleware and apply here as everywhere. Requests are always read through
``selectors.applicant_case``: another person's reference is a 404.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from portal.api_base import AccountAPIView
from portal.casework import procedures, selectors, services, workflow
from portal.casework.choices import RequestStatus
from portal.casework.models import DocumentRequest
from portal.casework.serializers import (
    CaseCreateSerializer,
    CaseDetailSerializer,
    CaseSummarySerializer,
    DocumentSerializer,
    ProcedureSerializer,
    UploadSerializer,
    startable_procedures,
)
from portal.files import downloads, uploads

REFUSED = OpenApiResponse(OpenApiTypes.OBJECT, description="Refused: {detail} or {field: [messages]}")


class RequestsAPIView(AccountAPIView):
    """A signed-in account, linked to a member file or not: its requests only (another's is a 404)."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_case(self):
        return selectors.applicant_case(self.request.user, self.kwargs["reference"])

    def detail(self, case, code=status.HTTP_200_OK):
        return Response(CaseDetailSerializer(selectors.applicant_case(self.request.user, case.reference)).data, code)


def refused(error):
    """NotAllowed / TransitionRefused: their str() is already in the request's language."""
    return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)


def check_step(step, data):
    """(cleaned data, None) or (None, {field: [messages]}): ``data`` checked by the step's form.

    The form reads what a web form would post: JSON numbers and booleans become text (a count of
    3 is "3", false is "false"), and a list or an object, which no question takes, is refused here
    rather than handed to a field that expects text."""
    if not isinstance(data, dict):
        return None, {"non_field_errors": [_("Enter a valid value.")]}
    posted, errors = {}, {}
    for field, value in data.items():
        if isinstance(value, bool):
            posted[field] = "true" if value else "false"
        elif value is None or isinstance(value, str | int | float):
            posted[field] = "" if value is None else str(value)
        else:
            errors[field] = [_("Enter a valid value.")]
    if errors:
        return None, errors
    form = step.form(data=posted)
    if form.is_valid():
        return form.cleaned_data, None
    return None, {
        # A form-wide error reads like DRF's own.
        ("non_field_errors" if field == "__all__" else field): [str(message) for message in messages]
        for field, messages in form.errors.items()
    }


def step_errors(procedure, answers):
    """(cleaned data by step, errors by step): every provided step checked with its form."""
    cleaned, errors = {}, {}
    for name, data in answers.items():
        step = procedure.step(name)
        if step is None:
            errors[name] = {"non_field_errors": [_("This step does not exist.")]}
            continue
        cleaned[name], problems = check_step(step, data)
        if problems:
            errors[name] = problems
    return cleaned, errors


class CaseListCreate(RequestsAPIView, generics.ListAPIView):
    serializer_class = CaseSummarySerializer

    def get_queryset(self):
        open_requests = DocumentRequest.objects.filter(status=RequestStatus.OPEN)
        return (
            selectors.applicant_cases(self.request.user)
            .prefetch_related(Prefetch("document_requests", queryset=open_requests, to_attr="open_requests_list"))
            # The annotation's GROUP BY drops the model's ordering: newest first, stable across pages.
            .order_by("-created_at", "-pk")
        )

    @extend_schema(
        request=CaseCreateSerializer,
        responses={201: CaseDetailSerializer, 400: REFUSED},
        description="Start (or resume) the draft of a procedure and answer the steps given. "
        "Every step is checked before anything is stored: one invalid step and nothing is written.",
    )
    def post(self, request):
        serializer = CaseCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        procedure = procedures.get(serializer.validated_data["procedure"])
        answers = serializer.validated_data["answers"]
        cleaned, errors = step_errors(procedure, answers)
        if errors:
            return Response({"answers": errors}, status=status.HTTP_400_BAD_REQUEST)
        try:
            with transaction.atomic():
                case = services.start(
                    procedure, actor=request.user, member=self.member, language=translation.get_language() or "fr"
                )
                # In the procedure's order, so that the draft reopens after the last answered step.
                for name in procedure.step_names():
                    if name in cleaned:
                        case = services.save_step(case, name, cleaned[name], actor=request.user)
        except services.NotAllowed as error:
            return refused(error)
        return self.detail(case, status.HTTP_201_CREATED)


class ProcedureList(RequestsAPIView):
    @extend_schema(responses={200: ProcedureSerializer(many=True)})
    def get(self, request):
        rows = []
        for procedure in startable_procedures():
            answer = services.may_start(procedure, actor=request.user, member=self.member)
            rows.append(
                {
                    "code": procedure.code,
                    "title": str(procedure.title),
                    "summary": str(procedure.summary),
                    "steps": [{"name": step.name, "title": str(step.title)} for step in procedure.steps],
                    "allowed": bool(answer),
                    "reason": str(getattr(answer, "reason", "") or ""),
                    "from_date": getattr(answer, "from_date", None),
                }
            )
        return Response(ProcedureSerializer(rows, many=True).data)


class CaseDetail(RequestsAPIView):
    @extend_schema(responses={200: CaseDetailSerializer})
    def get(self, request, reference):
        return Response(CaseDetailSerializer(self.get_case()).data)


class CaseStep(RequestsAPIView):
    def _save(self, request, reference, step):
        case = self.get_case()
        definition = case.definition
        if definition is None or definition.step(step) is None:
            raise Http404
        data = request.data.dict() if hasattr(request.data, "dict") else request.data  # a form post: one value each
        cleaned, errors = check_step(definition.step(step), data)
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        try:
            case = services.save_step(case, step, cleaned, actor=request.user)
        except services.NotAllowed as error:
            return refused(error)
        return self.detail(case)

    @extend_schema(request=OpenApiTypes.OBJECT, responses={200: CaseDetailSerializer, 400: REFUSED})
    def put(self, request, reference, step):
        return self._save(request, reference, step)

    @extend_schema(request=OpenApiTypes.OBJECT, responses={200: CaseDetailSerializer, 400: REFUSED})
    def patch(self, request, reference, step):
        return self._save(request, reference, step)


class CaseDocuments(RequestsAPIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={201: DocumentSerializer(many=True), 400: REFUSED},
        description="Attach files to a line of the checklist: `target` (the line's `key`) and `files`; or, like "
        "the web page, one file field per line named by the line's `key` (several lines in one post). All or "
        "nothing: a refused file, or a line that is not part of the request, and nothing is stored.",
    )
    def post(self, request, reference):
        case = self.get_case()
        target = (request.data.get("target") or "").strip()
        if target:
            groups = [("files", target, request.FILES.getlist("files"))]
        elif "files" in request.FILES:
            return Response({"target": [_("This field is required.")]}, status=status.HTTP_400_BAD_REQUEST)
        else:
            groups = [(key, key, request.FILES.getlist(key)) for key in request.FILES]
        if not any(files for _field, _key, files in groups):
            return Response({"files": [_("Choose a file to send.")]}, status=status.HTTP_400_BAD_REQUEST)
        checked, errors = [], {}
        for field, key, files in groups:
            try:
                checked.append((key, uploads.validate_uploads(files)))
            except ValidationError as error:
                errors[field] = [str(message) for message in error.messages]
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        try:
            stored = services.send_documents(case, actor=request.user, uploads=checked)
        except (services.NotAllowed, workflow.TransitionRefused) as error:
            return refused(error)
        return Response(DocumentSerializer(stored, many=True).data, status=status.HTTP_201_CREATED)


class CaseSubmit(RequestsAPIView):
    @extend_schema(
        request=None,
        responses={200: CaseDetailSerializer, 400: REFUSED},
        description="Send the draft to the fund. Submitting twice is harmless: the first one counted.",
    )
    def post(self, request, reference):
        try:
            case = services.submit(self.get_case(), actor=request.user)
        except (services.NotAllowed, workflow.TransitionRefused) as error:
            return refused(error)
        return self.detail(case)


class CaseWithdraw(RequestsAPIView):
    @extend_schema(request=None, responses={200: CaseDetailSerializer, 400: REFUSED})
    def post(self, request, reference):
        try:
            case = services.withdraw(self.get_case(), actor=request.user)
        except (services.NotAllowed, workflow.TransitionRefused) as error:
            return refused(error)
        return self.detail(case)


class DocumentDownload(RequestsAPIView):
    @extend_schema(
        responses={
            (200, media_type): OpenApiResponse(OpenApiTypes.BINARY, description="The file")
            for media_type in uploads.EXTENSIONS
        }
    )
    def get(self, request, reference, document_id):
        return downloads.serve(selectors.case_document(self.get_case(), document_id))
