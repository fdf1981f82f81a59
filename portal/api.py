"""The member JSON API (/api/portal/): the logged-in member's own file, read-only, plus attestations,
the pension estimated from the file (``simulation/``) and the career's points to check (``career/anomalies/``).

The gate is ``portal.api_base.MemberAPIView``: every queryset starts from ``self.member``,
so another member's payment or dossier is a 404; an account not linked to a file gets 403.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.response import Response

from portal import attestation_pdf, attestations, career, career_flags, payments
from portal.api_base import MemberAPIView
from portal.pension_rules import schedule
from portal.serializers import (
    AnomalySerializer,
    AttestationRequestSerializer,
    AttestationSerializer,
    CareerSerializer,
    DossierSerializer,
    PaymentSerializer,
    ProfileSerializer,
    YearlyTotalSerializer,
)
from portal.simulator import api as simulator_api
from portal.simulator import situation
from portal.simulator.serializers import MemberQuerySerializer, SimulationSerializer


class Profile(MemberAPIView):
    @extend_schema(responses=ProfileSerializer)
    def get(self, request):
        return Response(ProfileSerializer(self.member).data)


class Career(MemberAPIView):
    @extend_schema(responses=CareerSerializer)
    def get(self, request):
        member = self.member
        periods = list(member.career_periods.all())
        service = career.total_service(periods)
        data = {
            "total_years": service.years,
            "total_months": service.months,
            "periods": periods,
            "contribution_years": member.contribution_years.order_by("year"),
        }
        return Response(CareerSerializer(data).data)


class PaymentList(MemberAPIView, generics.ListAPIView):
    serializer_class = PaymentSerializer

    def get_queryset(self):
        return self.member.payments.all()


class PaymentDetail(MemberAPIView, generics.RetrieveAPIView):
    serializer_class = PaymentSerializer

    def get_queryset(self):
        return self.member.payments.all()


class PaymentTotals(MemberAPIView):
    @extend_schema(responses=YearlyTotalSerializer(many=True))
    def get(self, request):
        return Response(YearlyTotalSerializer(payments.yearly_totals(self.member), many=True).data)


class DossierList(MemberAPIView, generics.ListAPIView):
    serializer_class = DossierSerializer

    def get_queryset(self):
        return self.member.dossiers.prefetch_related("events")


class DossierDetail(MemberAPIView):
    @extend_schema(responses=DossierSerializer)
    def get(self, request, reference):
        dossier = get_object_or_404(self.member.dossiers.prefetch_related("events"), reference=reference)
        return Response(DossierSerializer(dossier).data)


class Attestations(MemberAPIView, generics.ListAPIView):
    """GET: attestations already issued. POST {"language": "fr"|"ar"}: issue one and receive the PDF."""

    serializer_class = AttestationSerializer

    def get_queryset(self):
        return self.member.attestations.all()

    @extend_schema(
        request=AttestationRequestSerializer,
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The attestation")},
    )
    def post(self, request):
        serializer = AttestationRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attestation = attestations.issue(request, self.member, serializer.validated_data["language"])
        response = HttpResponse(attestation_pdf.render(attestation), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="attestation-{attestation.kind}.pdf"'
        response["X-Verification-Code"] = attestations.code_of(attestation)
        return response


class Simulation(MemberAPIView):
    """The pension estimated from the member's career as recorded today: at the legal date, at the
    earliest date, and at ``retirement_date`` if given; ``growth``: the yearly salary growth assumed."""

    @extend_schema(
        parameters=[MemberQuerySerializer],
        responses={
            200: SimulationSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="Field name to a list of messages"),
        },
    )
    def get(self, request):
        member, today, rules = self.member, timezone.localdate(), schedule.load()
        context = {"birth_date": member.birth_date, "today": today, "rules": rules}
        query = MemberQuerySerializer(data=request.query_params, context=context)
        query.is_valid(raise_exception=True)
        facts = situation.from_member(member, today=today, growth=query.validated_data["growth"])
        notice = _(
            "An estimate from your career as your file records it today and the rules in force, not a decision: "
            "the fund computes your pension when you retire. An error in your career changes the estimate."
        )
        answer = simulator_api.simulation(
            facts, rules, chosen=query.validated_data.get("retirement_date"), notice=notice
        )
        return Response(SimulationSerializer(answer).data)


class Anomalies(MemberAPIView):
    """The points to check in the member's career, and the correction request answering each, if any."""

    @extend_schema(responses=AnomalySerializer(many=True))
    def get(self, request):
        flags = career_flags.for_member(
            self.member, account=request.user, today=timezone.localdate(), rules=schedule.load()
        )
        return Response(AnomalySerializer(flags, many=True).data)
