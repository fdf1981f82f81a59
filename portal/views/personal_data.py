"""The member's right of access: download everything the portal holds about them (JSON or PDF)."""

import json

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal import audit, personal_data, personal_data_pdf
from portal.access import member_required
from portal.models import AuditAction


@require_safe
@member_required(owner_only=True)
def page(request):
    return render(request, "portal/personal_data.html")


def _attachment(request, content, content_type, extension, fmt):
    audit.record(request, AuditAction.PERSONAL_DATA_DOWNLOADED, member=request.member, details={"format": fmt})
    response = HttpResponse(content, content_type=content_type)
    number = request.member.affiliation_number
    response["Content-Disposition"] = f'attachment; filename="personal-data-{number}.{extension}"'
    return response


# The full RIB and the whole file are in these downloads: the password is asked again
# (as for a bank change), and the response is never cached (never_cache sets no-store).
@require_safe
@never_cache
@member_required(owner_only=True)
@reauthentication_required
def download_json(request):
    data = personal_data.collect(request.member)
    content = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return _attachment(request, content, "application/json; charset=utf-8", "json", "json")


@require_safe
@never_cache
@member_required(owner_only=True)
@reauthentication_required
def download_pdf(request):
    language = get_language() if get_language() in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    content = personal_data_pdf.render(personal_data.collect(request.member), language)
    return _attachment(request, content, "application/pdf", "pdf", f"pdf-{language}")
