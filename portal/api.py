"""The member JSON API (/api/portal/): the logged-in member's own file, read-only, plus attestations.

Session authentication with CSRF (DRF's SessionAuthentication). Every queryset starts from
``request.member``: another member's payment or dossier is a 404. An account not linked to
a file gets 403.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from portal import attestations, career, payments
from portal.access import current_member
from portal.serializers import (
    AttestationRequestSerializer,
    AttestationSerializer,
    CareerSerializer,
    DossierSerializer,
    PaymentSerializer,
    ProfileSerializer,
    YearlyTotalSerializer,
)


class IsEnrolledMember(permissions.BasePermission):
    message = _("This account is not linked to a member file yet.")

    def has_permission(self, request, view):
        request.member = current_member(request)
        return request.member is not None


class MemberAPIView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsEnrolledMember]


class Profile(MemberAPIView):
    @extend_schema(responses=ProfileSerializer)
    def get(self, request):
        return Response(ProfileSerializer(request.member).data)


class Career(MemberAPIView):
    @extend_schema(responses=CareerSerializer)
    def get(self, request):
        member = request.member
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
        return self.request.member.payments.all()


class PaymentDetail(MemberAPIView, generics.RetrieveAPIView):
    serializer_class = PaymentSerializer

    def get_queryset(self):
        return self.request.member.payments.all()


class PaymentTotals(MemberAPIView):
    @extend_schema(responses=YearlyTotalSerializer(many=True))
    def get(self, request):
        return Response(YearlyTotalSerializer(payments.yearly_totals(request.member), many=True).data)


class DossierList(MemberAPIView, generics.ListAPIView):
    serializer_class = DossierSerializer

    def get_queryset(self):
        return self.request.member.dossiers.prefetch_related("events")


class DossierDetail(MemberAPIView):
    @extend_schema(responses=DossierSerializer)
    def get(self, request, reference):
        dossier = get_object_or_404(request.member.dossiers.prefetch_related("events"), reference=reference)
        return Response(DossierSerializer(dossier).data)


class Attestations(MemberAPIView, generics.ListAPIView):
    """GET: attestations already issued. POST {"language": "fr"|"ar"}: issue one and receive the PDF."""

    serializer_class = AttestationSerializer

    def get_queryset(self):
        return self.request.member.attestations.all()

    @extend_schema(
        request=AttestationRequestSerializer,
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The attestation")},
    )
    def post(self, request):
        serializer = AttestationRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attestation = attestations.issue(request, request.member, serializer.validated_data["language"])
        response = HttpResponse(attestations.render_pdf(request.member, attestation), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="attestation-{attestation.kind}.pdf"'
        response["X-Verification-Code"] = attestations.code_of(attestation)
        return response
