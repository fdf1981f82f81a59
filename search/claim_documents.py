"""The document a claim becomes for staff search and a member's search of their own claims.

Claims live in portal.claims; they are imported lazily so that search keeps
working (pages only) on a deployment without the claims app.
"""

from django.apps import apps

from search import analysis
from search.page_documents import checksum


def claim_model():
    try:
        return apps.get_model("claims", "Claim")
    except LookupError:
        return None


def _agent(claim):
    user = getattr(claim, "assigned_to", None)
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.get_username()}


def claim_document(claim):
    """Only what staff search needs: no national ID, bank account, address, phone or e-mail."""
    if claim is None:
        return None
    member = claim.member
    messages = sorted(claim.messages.all(), key=lambda m: (m.created_at, m.pk))
    public_text = "\n".join([claim.description or "", *(m.body for m in messages if not m.is_internal)])
    internal_text = "\n".join(m.body for m in messages if m.is_internal)
    names = " ".join(
        part
        for part in (
            getattr(member, "full_name", ""),
            getattr(member, "full_name_ar", ""),
        )
        if part
    )
    document = {
        "claim_id": claim.pk,
        "member_id": member.pk,
        "reference": claim.reference,
        "member_name": names,
        "member_name_folded": analysis.folded_text(names),
        "affiliation_number": member.affiliation_number or "",
        "pension_number": getattr(member, "pension_number", "") or "",
        "category": str(claim.category or ""),
        "status": claim.status,
        "channel": getattr(claim, "channel", "") or "",
        "agent": _agent(claim),
        "subject": claim.subject or "",
        "subject_terms": analysis.terms_text(claim.subject or ""),
        "subject_folded": analysis.folded_text(claim.subject or ""),
        "text": public_text,
        "text_terms": analysis.terms_text(public_text),
        "text_folded": analysis.folded_text(public_text),
        "internal_terms": analysis.terms_text(internal_text),
        "internal_folded": analysis.folded_text(internal_text),
        "created_at": claim.created_at.isoformat() if claim.created_at else None,
        "updated_at": claim.updated_at.isoformat() if getattr(claim, "updated_at", None) else None,
    }
    document["checksum"] = checksum(document)
    return document


def all_claims():
    model = claim_model()
    if model is None:
        return
    queryset = model.objects.select_related("member", "assigned_to").prefetch_related("messages")
    yield from queryset.iterator(chunk_size=200)


def get_claim(claim_id):
    model = claim_model()
    if model is None:
        return None
    return model.objects.select_related("member", "assigned_to").filter(pk=claim_id).first()
