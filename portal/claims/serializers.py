"""The member's claims in the portal JSON API (what a member may see: never internal notes)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.claims import selectors, workflow
from portal.claims.choices import Category
from portal.claims.forms import MAX_TEXT
from portal.claims.models import Claim, ClaimAttachment, ClaimMessage
from portal.files import uploads


class AttachmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ClaimAttachment
        fields = ["id", "name", "content_type", "size", "download_url"]

    def get_download_url(self, attachment) -> str:
        return reverse(
            "claims-api:attachment", kwargs={"reference": attachment.claim.reference, "attachment_id": attachment.pk}
        )


class MessageSerializer(serializers.ModelSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = ClaimMessage
        fields = ["id", "body", "from_member", "created_at", "attachments"]


class ClaimSummarySerializer(serializers.ModelSerializer):
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Claim
        fields = [
            "reference",
            "category",
            "category_label",
            "subject",
            "status",
            "status_label",
            "channel",
            "created_at",
            "updated_at",
            "due_at",
            "closed_at",
        ]
        read_only_fields = fields


class ClaimDetailSerializer(ClaimSummarySerializer):
    dossier = serializers.SlugRelatedField(slug_field="reference", read_only=True, allow_null=True)
    messages = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()
    can_reply = serializers.SerializerMethodField()
    can_reopen = serializers.SerializerMethodField()

    class Meta(ClaimSummarySerializer.Meta):
        fields = [
            *ClaimSummarySerializer.Meta.fields,
            "description",
            "dossier",
            "messages",
            "attachments",
            "can_reply",
            "can_reopen",
        ]
        read_only_fields = fields

    @extend_schema_field(MessageSerializer(many=True))
    def get_messages(self, claim):
        visible = claim.messages.visible_to_member().prefetch_related("attachments__claim")
        return MessageSerializer(visible, many=True).data

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, claim):
        return AttachmentSerializer(selectors.claim_files(claim), many=True).data

    def get_can_reply(self, claim) -> bool:
        return workflow.is_open(claim)

    def get_can_reopen(self, claim) -> bool:
        return workflow.can_reopen(claim)


class _AttachmentsMixin(serializers.Serializer):
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=None,
        write_only=True,
        help_text="Up to 5 files (PDF, JPEG, PNG; 10 MB each), as multipart/form-data.",
    )

    def validate_attachments(self, files):
        try:
            return uploads.validate_uploads(files)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


class ClaimCreateSerializer(_AttachmentsMixin):
    category = serializers.ChoiceField(choices=Category.choices)
    subject = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=MAX_TEXT)
    dossier = serializers.CharField(required=False, allow_blank=True, help_text="Reference of one of your dossiers.")

    def validate_dossier(self, reference):
        if not reference:
            return None
        dossier = self.context["member"].dossiers.filter(reference=reference).first()
        if dossier is None:
            raise serializers.ValidationError(_("You have no dossier with this reference."))
        return dossier


class ReplySerializer(_AttachmentsMixin):
    body = serializers.CharField(max_length=MAX_TEXT)
