"""Listen to cms and portal changes and enqueue index tasks in the same transaction.

cms and portal never import search: search connects here (SearchConfig.ready).
Every handler only enqueues: the task re-reads the database when it runs.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import copy_for_translation_done, page_published, page_unpublished, post_page_move

from config.tasks import enqueue_with_transaction
from search import privacy, tasks

DISPATCH = "search.signals"


def page_changed(sender, instance, **kwargs):
    enqueue_with_transaction(tasks.index_page, instance.pk)


def page_tree_changed(sender, instance, **kwargs):
    enqueue_with_transaction(tasks.index_page_tree, instance.pk)


def translation_created(sender, source_obj, target_obj, **kwargs):
    if isinstance(target_obj, Page):
        enqueue_with_transaction(tasks.index_page, target_obj.pk)


def restriction_changed(sender, instance, **kwargs):
    if instance.page_id:
        enqueue_with_transaction(tasks.index_page_tree, instance.page_id)


def claim_changed(sender, instance, **kwargs):
    enqueue_with_transaction(tasks.index_claim, instance.pk)


def claim_message_changed(sender, instance, **kwargs):
    enqueue_with_transaction(tasks.index_claim, instance.claim_id)


def member_changed(sender, instance, **kwargs):
    # The member's name and numbers are copied into their claims' documents.
    for claim_id in instance.claims.values_list("pk", flat=True):
        enqueue_with_transaction(tasks.index_claim, claim_id)


def member_names_changed(sender, instance, **kwargs):
    # Their name words are stripped from logged queries (search.privacy).
    privacy.add_member_names(instance)


def connect():
    page_published.connect(page_changed, dispatch_uid=f"{DISPATCH}.published")
    page_unpublished.connect(page_changed, dispatch_uid=f"{DISPATCH}.unpublished")
    # Connected to the base Page row, which every page type's deletion (and its descendants') removes.
    post_delete.connect(page_changed, sender=Page, dispatch_uid=f"{DISPATCH}.page_deleted")
    post_page_move.connect(page_tree_changed, dispatch_uid=f"{DISPATCH}.moved")
    copy_for_translation_done.connect(translation_created, dispatch_uid=f"{DISPATCH}.translated")
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid=f"{DISPATCH}.restricted")
    post_delete.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid=f"{DISPATCH}.unrestricted")

    # Listened to by label, not imported: search depends on cms and portal, never the other way round.
    claim = apps.get_model("claims", "Claim")
    post_save.connect(claim_changed, sender=claim, dispatch_uid=f"{DISPATCH}.claim_saved")
    post_delete.connect(claim_changed, sender=claim, dispatch_uid=f"{DISPATCH}.claim_deleted")
    message = apps.get_model("claims", "ClaimMessage")
    post_save.connect(claim_message_changed, sender=message, dispatch_uid=f"{DISPATCH}.message_saved")
    post_delete.connect(claim_message_changed, sender=message, dispatch_uid=f"{DISPATCH}.message_deleted")
    member = apps.get_model("portal", "Member")
    post_save.connect(member_names_changed, sender=member, dispatch_uid=f"{DISPATCH}.member_names")
    post_save.connect(member_changed, sender=member, dispatch_uid=f"{DISPATCH}.member_saved")
