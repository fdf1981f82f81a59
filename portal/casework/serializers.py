"""A person's requests in the portal JSON API (what the applicant may see: never agents' notes)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.casework import checklist, procedures, selectors
from portal.casework.choices import FINAL, DocumentKind, RequestStatus, Status
from portal.casework.models import Case, CaseDocument, CaseEvent, DocumentRequest


class DocumentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    name = serializers.CharField(source="original_name", read_only=True)
    review_label = serializers.CharField(source="get_review_display", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = CaseDocument
        fields = [
            "id",
            "kind",
            "kind_label",
            "name",
            "content_type",
            "size",
            "created_at",
            "review",
            "review_label",
            "review_note",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, document) -> str:
        return reverse(
            "casework-api:document", kwargs={"reference": document.case.reference, "document_id": document.pk}
        )


class AwaitedDocumentSerializer(serializers.ModelSerializer):
    """A document the fund asked for and is waiting for; ``key`` is the upload's ``target``."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    key = serializers.SerializerMethodField()

    class Meta:
        model = DocumentRequest
        fields = ["id", "key", "kind", "kind_label", "message", "due_on"]
        read_only_fields = fields

    def get_key(self, request) -> str:
        return f"request-{request.pk}"


class CaseSummarySerializer(serializers.ModelSerializer):
    title = serializers.SerializerMethodField()
    status_label = serializers.CharField(read_only=True)
    awaited_documents = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "reference",
            "procedure",
            "title",
            "status",
            "status_label",
            "created_at",
            "submitted_at",
            "due_at",
            "awaited_documents",
        ]
        read_only_fields = fields

    def get_title(self, case) -> str:
        return str(case.title)

    @extend_schema_field(AwaitedDocumentSerializer(many=True))
    def get_awaited_documents(self, case):
        # The list prefetches the open requests (``open_requests_list``); the detail reads them.
        awaited = getattr(case, "open_requests_list", None)
        if awaited is None:
            awaited = case.document_requests.filter(status=RequestStatus.OPEN)
        return AwaitedDocumentSerializer(awaited, many=True).data


class ChecklistItemSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The upload's `target` for this line")
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    label = serializers.CharField()
    satisfied = serializers.BooleanField()
    requested_by_the_fund = serializers.BooleanField()
    message = serializers.CharField(allow_blank=True)
    due_on = serializers.DateField(allow_null=True)
    documents = serializers.ListField(child=serializers.IntegerField(), help_text="ids of the documents sent for it")


class SummaryRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.CharField()


class SummarySectionSerializer(serializers.Serializer):
    step = serializers.CharField()
    title = serializers.CharField()
    rows = SummaryRowSerializer(many=True)


class EventSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    # Blank when the event changes no status (a note from the fund) or names no document.
    to_status = serializers.ChoiceField(choices=Status.choices, allow_blank=True, read_only=True)
    document_kind = serializers.ChoiceField(choices=DocumentKind.choices, allow_blank=True, read_only=True)
    status_label = serializers.SerializerMethodField()
    document_label = serializers.SerializerMethodField()

    class Meta:
        model = CaseEvent
        fields = ["kind", "kind_label", "to_status", "status_label", "document_kind", "document_label", "message"]
        fields += ["created_at"]
        read_only_fields = fields

    def get_status_label(self, event) -> str:
        return event.get_to_status_display() if event.to_status else ""

    def get_document_label(self, event) -> str:
        return event.get_document_kind_display() if event.document_kind else ""


class DecisionSerializer(serializers.Serializer):
    status = serializers.CharField()
    status_label = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField(allow_blank=True)


class CaseDetailSerializer(CaseSummarySerializer):
    step = serializers.CharField(read_only=True, help_text="The step a draft reopens at")
    dossier = serializers.SlugRelatedField(slug_field="reference", read_only=True, allow_null=True)
    summary = serializers.SerializerMethodField()
    checklist = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()

    class Meta(CaseSummarySerializer.Meta):
        fields = [
            *CaseSummarySerializer.Meta.fields,
            "step",
            "answers",
            "dossier",
            "summary",
            "checklist",
            "documents",
            "timeline",
            "decision",
        ]
        read_only_fields = fields

    @extend_schema_field(SummarySectionSerializer(many=True))
    def get_summary(self, case):
        definition = case.definition
        if definition is None:
            return []
        names = {str(step.title): step.name for step in definition.steps}
        return [
            {
                "step": names.get(str(title), ""),
                "title": str(title),
                "rows": [{"label": str(label), "value": str(value)} for label, value in rows],
            }
            for title, rows in procedures.summary(definition, case.answers)
        ]

    @extend_schema_field(ChecklistItemSerializer(many=True))
    def get_checklist(self, case):
        return [
            {
                "key": item.key,
                "kind": item.kind,
                "label": str(item.label),
                "satisfied": item.satisfied,
                "requested_by_the_fund": item.request is not None,
                "message": item.request.message if item.request is not None else "",
                "due_on": item.request.due_on if item.request is not None else None,
                "documents": [document.pk for document in item.documents],
            }
            for item in checklist.checklist(case)
        ]

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, case):
        return DocumentSerializer(case.documents.all(), many=True).data

    @extend_schema_field(EventSerializer(many=True))
    def get_timeline(self, case):
        return EventSerializer(selectors.timeline(case), many=True).data

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, case):
        if case.status not in FINAL:
            return None
        return {
            "status": case.status,
            "status_label": case.get_status_display(),
            "decided_at": case.decided_at,
            "reason": case.decision_reason,
        }


class ProcedureSerializer(serializers.Serializer):
    """A procedure and whether this person may start it now (and if not, why; or from when)."""

    code = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    steps = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    allowed = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)
    from_date = serializers.DateField(allow_null=True)


class CaseCreateSerializer(serializers.Serializer):
    procedure = serializers.ChoiceField(choices=[])
    answers = serializers.DictField(
        child=serializers.DictField(), required=False, default=dict, help_text="{step name: {field: value}}"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = [(p.code, str(p.title)) for p in startable_procedures()]


def startable_procedures():
    """The procedures a person starts from their space (not the public report, not the fund's)."""
    return [
        procedure
        for procedure in procedures.all_procedures()
        if procedure.audience in (procedures.Audience.MEMBER, procedures.Audience.ACCOUNT)
    ]


class UploadSerializer(serializers.Serializer):
    target = serializers.CharField(
        required=False, help_text="The checklist line's `key`: a document kind, or request-<id>"
    )
    files = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="PDF, JPEG or PNG, at most 5 files of 10 MB"
    )
