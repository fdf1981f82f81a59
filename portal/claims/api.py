"""The member's claims API (/api/portal/claims/): list, detail, create, reply, attachment download.

The gate is ``portal.api_base.MemberAPIView``. Every queryset is the requesting member's
claims: another member's reference is a 404. Accounts that are not enrolled to a member
file get 403.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from portal.api_base import MemberAPIView
from portal.claims import selectors, services, workflow
from portal.claims.models import Claim
from portal.claims.serializers import (
    ClaimCreateSerializer,
    ClaimDetailSerializer,
    ClaimSummarySerializer,
    MessageSerializer,
    ReplySerializer,
)
from portal.files import downloads, uploads


class MemberClaimsView(MemberAPIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return Claim.objects.filter(member=self.member).select_related("dossier")

    def get_claim(self):
        return selectors.member_claim(self.member, self.kwargs["reference"])


class ClaimListCreate(MemberClaimsView, generics.ListAPIView):
    serializer_class = ClaimSummarySerializer

    @extend_schema(
        request={"multipart/form-data": ClaimCreateSerializer, "application/json": ClaimCreateSerializer},
        responses={201: ClaimDetailSerializer, 400: OpenApiResponse(description="Invalid data or refused file")},
    )
    def post(self, request):
        serializer = ClaimCreateSerializer(data=request.data, context={"member": self.member})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        claim = services.file_claim(services.NewClaim.filed_online(self.member, data), actor=request.user)
        return Response(ClaimDetailSerializer(claim).data, status=status.HTTP_201_CREATED)


class ClaimDetail(MemberClaimsView, generics.RetrieveAPIView):
    serializer_class = ClaimDetailSerializer

    def get_object(self):
        return self.get_claim()


class ClaimReply(MemberClaimsView):
    @extend_schema(
        request={"multipart/form-data": ReplySerializer, "application/json": ReplySerializer},
        responses={201: MessageSerializer, 400: OpenApiResponse(description="Invalid data, refused file or closed")},
    )
    def post(self, request, reference):
        claim = self.get_claim()
        serializer = ReplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            message = services.post_message(
                claim,
                actor=request.user,
                body=serializer.validated_data["body"],
                files=serializer.validated_data.get("attachments", []),
                from_member=True,
            )
        except workflow.TransitionRefused as refusal:
            return Response({"detail": str(refusal)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)


class AttachmentDownload(MemberClaimsView):
    @extend_schema(
        responses={
            (200, media_type): OpenApiResponse(OpenApiTypes.BINARY, description="The file")
            for media_type in uploads.EXTENSIONS  # what an upload is stored as: PDF, JPEG or PNG
        }
    )
    def get(self, request, reference, attachment_id):
        return downloads.serve(selectors.member_attachment(self.get_claim(), attachment_id))
