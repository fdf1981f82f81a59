"""The member JSON API (/api/portal/): the logged-in member's own file, read-only, plus attestations.

The gate is ``portal.api_base.MemberAPIView``: every queryset starts from ``self.member``,
so another member's payment or dossier is a 404; an account not linked to a file gets 403.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.response import Response

from portal import attestation_pdf, attestations, career, payments
from portal.api_base import MemberAPIView
from portal.serializers import (
    AttestationRequestSerializer,
    AttestationSerializer,
    CareerSerializer,
    DossierSerializer,
    PaymentSerializer,
    ProfileSerializer,
    YearlyTotalSerializer,
)


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
