"""The document a claim becomes for staff search and a member's search of their own claims.

The text a member may search (``text``) is the description and the messages
``visible_to_member()`` returns; agents' internal notes go to the ``internal_*`` fields,
which only staff search reads (search/claim_search.py).
"""

from django.db.models import Prefetch

from portal.claims.models import Claim, ClaimMessage
from search import analysis
from search.page_documents import checksum

# Two lists read by claim_document, loaded with the claims in one query each.
_VISIBLE = Prefetch("messages", queryset=ClaimMessage.objects.visible_to_member(), to_attr="member_visible_messages")
_INTERNAL = Prefetch("messages", queryset=ClaimMessage.objects.hidden_from_member(), to_attr="internal_messages")


def _for_index():
    return Claim.objects.select_related("member", "assigned_to").prefetch_related(_VISIBLE, _INTERNAL)


def _bodies(claim, attribute, queryset):
    messages = getattr(claim, attribute, None)
    if messages is None:  # a claim loaded elsewhere, without the prefetch
        messages = queryset
    return [m.body for m in sorted(messages, key=lambda m: (m.created_at, m.pk))]


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
    visible = _bodies(claim, "member_visible_messages", claim.messages.visible_to_member())
    internal = _bodies(claim, "internal_messages", claim.messages.hidden_from_member())
    public_text = "\n".join([claim.description or "", *visible])
    internal_text = "\n".join(internal)
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
    yield from _for_index().iterator(chunk_size=200)


def get_claim(claim_id):
    return _for_index().filter(pk=claim_id).first()
