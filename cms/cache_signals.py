"""Which changes empty the page cache (cms.page_cache): anything a public page may show."""

from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from cms.page_cache import clear_on_commit
from cms.snippets import Audience, Category, SiteAlert

DISPATCH = "cms.page_cache"


def _page_saved(sender, instance, **kwargs):
    # post_save names the concrete class (ProcedurePage...), never Page: filter here.
    if isinstance(instance, Page):
        clear_on_commit()


def connect():
    for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
        signal.connect(clear_on_commit, dispatch_uid=f"{DISPATCH}.{id(signal)}")
    # Deleting a page deletes its base row (and its descendants').
    post_delete.connect(clear_on_commit, sender=Page, dispatch_uid=f"{DISPATCH}.page_deleted")
    # Any page save, drafts included: a script or a data migration that changes a live page
    # without publishing a revision must not leave visitors the old version. Editors save
    # drafts a few times an hour; the cost is a few more misses.
    post_save.connect(_page_saved, dispatch_uid=f"{DISPATCH}.page_saved")
    for model in (
        SiteAlert,
        Category,
        Audience,
        PageViewRestriction,
        Site,
        Locale,
        get_document_model(),
        get_image_model(),
    ):
        post_save.connect(clear_on_commit, sender=model, dispatch_uid=f"{DISPATCH}.saved.{model._meta.label}")
        post_delete.connect(clear_on_commit, sender=model, dispatch_uid=f"{DISPATCH}.deleted.{model._meta.label}")
