"""What the employer API reads and writes: coming retirements, dossiers, and the body of a new dossier.

The answers of a dossier are checked by the procedure's own step forms
(``portal.casework.procedures.employer_dossier``), not here: one home for the rules. These
serializers only give the body its shape (each step an object) and the answers their JSON form.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.casework import checklist, selectors
from portal.casework.choices import DocumentKind, DocumentReview, Status
from portal.casework.models import CaseDocument
from portal.casework.serializers import ChecklistItemSerializer, EventSerializer


class RetirementSerializer(serializers.Serializer):
    """One civil servant reaching the age limit (``selectors.Retirement``)."""

    affiliation_number = serializers.CharField(source="member.affiliation_number")
    first_name = serializers.CharField(source="member.first_name")
    last_name = serializers.CharField(source="member.last_name")
    first_name_ar = serializers.CharField(source="member.first_name_ar")
    last_name_ar = serializers.CharField(source="member.last_name_ar")
    birth_date = serializers.DateField(source="member.birth_date")
    unit = serializers.SerializerMethodField(help_text="The core system id of the civil servant's unit")
    retirement_date = serializers.DateField()
    due_on = serializers.DateField(help_text="The dossier is due at the fund by this day (9 months before)")
    dossier_reference = serializers.SerializerMethodField()
    dossier_status = serializers.SerializerMethodField()
    late = serializers.BooleanField(help_text="Not sent, or sent after its due date")

    def get_unit(self, row) -> str:
        return row.member.employer.core_id if row.member.employer_id else ""

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_dossier_reference(self, row):
        return row.dossier.case.reference if row.dossier is not None else None

    @extend_schema_field(serializers.ChoiceField(choices=Status.choices, allow_null=True))
    def get_dossier_status(self, row):
        return row.dossier.case.status if row.dossier is not None else None


class DossierDocumentSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    name = serializers.CharField(source="original_name", read_only=True)
    review = serializers.ChoiceField(choices=DocumentReview.choices, read_only=True)
    review_label = serializers.CharField(source="get_review_display", read_only=True)

    class Meta:
        model = CaseDocument
        fields = ["id", "kind", "kind_label", "name", "content_type", "size", "created_at", "review"]
        fields += ["review_label", "review_note"]
        read_only_fields = fields


class DossierSummarySerializer(serializers.Serializer):
    """A dossier in the list: whose, for which date, where it stands."""

    reference = serializers.CharField(source="case.reference")
    affiliation_number = serializers.CharField(source="member.affiliation_number")
    retirement_date = serializers.DateField()
    due_on = serializers.DateField()
    status = serializers.ChoiceField(source="case.status", choices=Status.choices)
    status_label = serializers.CharField(source="case.get_status_display")
    created_at = serializers.DateTimeField(source="case.created_at")
    submitted_at = serializers.DateTimeField(source="case.submitted_at", allow_null=True)


class DossierDetailSerializer(DossierSummarySerializer):
    """A dossier: its answers, what is still missing, its documents, and the events the sender reads
    (the fund's correction message among them; never the agents' internal notes)."""

    first_name = serializers.CharField(source="member.first_name")
    last_name = serializers.CharField(source="member.last_name")
    answers = serializers.DictField(source="case.answers", help_text="{step: {field: value}}")
    checklist = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()

    @extend_schema_field(ChecklistItemSerializer(many=True))
    def get_checklist(self, dossier):
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
            for item in checklist.checklist(dossier.case)
        ]

    @extend_schema_field(DossierDocumentSerializer(many=True))
    def get_documents(self, dossier):
        return DossierDocumentSerializer(dossier.case.documents.order_by("pk"), many=True).data

    @extend_schema_field(EventSerializer(many=True))
    def get_events(self, dossier):
        return EventSerializer(selectors.timeline(dossier.case), many=True).data


def _step(help_text):
    return serializers.DictField(required=False, help_text=help_text)


class DossierCreateSerializer(serializers.Serializer):
    """The body of POST dossiers/: whose dossier, and the answers of the steps given (each checked by
    the step's form). Posting again for the same civil servant completes the dossier in progress."""

    affiliation_number = serializers.CharField(max_length=30)
    service = _step("{service_confirmed: true, service_remarks: text}")
    position = _step("{grade: text, last_salary: amount in MAD}")
    decision = _step("{decision_number: text, decision_date: YYYY-MM-DD, leaving_date: YYYY-MM-DD}")


class DocumentUploadSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="The checklist line's `key`: leaving_decision or service_certificate")
    file = serializers.FileField(help_text="PDF, JPEG or PNG, at most 10 MB")


class CorrectionSerializer(serializers.Serializer):
    message = serializers.CharField(required=False, allow_blank=True, max_length=2000)
