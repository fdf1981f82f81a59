"""JSON shapes of the member API. The RIB is only ever sent masked."""

from django.conf import settings
from django.utils.translation import get_language
from rest_framework import serializers

from portal import attestations, career_flags
from portal.models import Attestation, CareerPeriod, ContributionYear, Dossier, DossierEvent, Member, PensionPayment


class ProfileSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    full_name = serializers.CharField()
    full_name_ar = serializers.CharField()
    bank_rib_masked = serializers.CharField(source="masked_rib")

    class Meta:
        model = Member
        fields = [
            "affiliation_number",
            "pension_number",
            "national_id",
            "first_name",
            "last_name",
            "first_name_ar",
            "last_name_ar",
            "full_name",
            "full_name_ar",
            "birth_date",
            "status",
            "status_label",
            "email",
            "phone",
            "address_line",
            "postal_code",
            "city",
            "bank_rib_masked",
            "updated_at",
        ]


class CareerPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = CareerPeriod
        fields = ["administration", "grade", "start_date", "end_date", "contribution_base"]


class ContributionYearSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContributionYear
        fields = ["year", "contribution_base", "employee_amount", "employer_amount"]


class CareerSerializer(serializers.Serializer):
    total_years = serializers.IntegerField()
    total_months = serializers.IntegerField()
    periods = CareerPeriodSerializer(many=True)
    contribution_years = ContributionYearSerializer(many=True)


class DeductionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)


class PaymentSerializer(serializers.ModelSerializer):
    deductions = DeductionSerializer(source="deduction_lines", many=True)

    class Meta:
        model = PensionPayment
        fields = ["id", "period", "gross", "deductions", "net", "payment_date"]


class YearlyTotalSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    count = serializers.IntegerField()
    gross = serializers.DecimalField(max_digits=14, decimal_places=2)
    deductions = serializers.DecimalField(max_digits=14, decimal_places=2)
    net = serializers.DecimalField(max_digits=14, decimal_places=2)


class DossierEventSerializer(serializers.ModelSerializer):
    step_label = serializers.CharField(source="get_step_display")
    message = serializers.SerializerMethodField()

    class Meta:
        model = DossierEvent
        fields = ["date", "step", "step_label", "message"]

    def get_message(self, event) -> str:
        return event.message(get_language())


class DossierSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    status_label = serializers.CharField(source="get_status_display")
    next_step = serializers.SerializerMethodField()
    events = DossierEventSerializer(many=True)

    class Meta:
        model = Dossier
        fields = [
            "reference",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "opened_on",
            "closed_on",
            "next_step",
            "expected_on",
            "events",
        ]

    def get_next_step(self, dossier) -> str:
        return dossier.next_step(get_language())


class AttestationSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    verification_code = serializers.SerializerMethodField()

    class Meta:
        model = Attestation
        fields = ["kind", "kind_label", "language", "issued_on", "verification_code"]

    def get_verification_code(self, attestation) -> str:
        return attestations.code_of(attestation)


class AttestationRequestSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=[code for code, _name in settings.LANGUAGES])


class AnomalyRequestSerializer(serializers.Serializer):
    """The correction request answering a flag."""

    reference = serializers.CharField()
    status = serializers.CharField(help_text="draft, submitted, under_review, info_requested or accepted")
    status_label = serializers.CharField(source="get_status_display")
    submitted_at = serializers.DateTimeField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)


class AnomalySerializer(serializers.Serializer):
    """A point to check in the career (``portal.career_flags``), as the career page shows it."""

    kind = serializers.CharField(
        source="anomaly.kind",
        help_text="gap, overlap, no_contributions, low_contributions, salary_drop or before_affiliation",
    )
    key = serializers.CharField(help_text="Stable while the file does not change; a correction request names it")
    start = serializers.DateField(source="anomaly.start")
    end = serializers.DateField(source="anomaly.end", allow_null=True)
    title = serializers.CharField()
    meaning = serializers.CharField()
    details = serializers.SerializerMethodField(help_text="The figures of the flag; amounts as strings, dates ISO")
    state = serializers.CharField(help_text="open, draft, reported or accepted")
    request = AnomalyRequestSerializer(source="case", allow_null=True)

    def get_details(self, flag) -> dict:
        return career_flags.json_safe(flag.anomaly.details)
