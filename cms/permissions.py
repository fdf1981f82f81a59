"""The editorial groups, what they may do in the Wagtail admin, and the moderation workflow.

Created after every `migrate` (cms/apps.py), never by the demo: a production install that
never loads the demo has them too. Idempotent, and the code is the reference: running it again
puts back the rights written here (rights added to other groups by hand are left alone).

Communications: create, edit, translate and submit pages for moderation; prepare snippets
(categories, audiences, alerts as drafts); upload images and documents and choose any of them
for a page. Publishing: everything Communications does, plus approve the moderation task,
publish, unpublish and schedule, and delete.

Images and documents follow Wagtail's ownership rule (`CollectionOwnershipPermissionPolicy`):
"change" on a collection lets a user edit *and delete* every item in it (Wagtail has no
separate check for deletion), and "add" lets a user edit and delete the items they uploaded
themselves. So Communications holds only "add" and "choose": it may correct or remove its own
uploads, never a colleague's file that a live page links to. Publishing holds "add", "change",
"choose" and "delete" on the root collection.

Neither group gets any permission on member data or claims: those live in other apps whose
permissions are never granted here.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
)

COMMUNICATIONS = "Communications"
PUBLISHING = "Publishing"
# Wagtail creates this workflow (with a task for its "Moderators" group) in its own migrations.
DEFAULT_WORKFLOW = "Moderators approval"
APPROVAL_TASK = "Publishing approval"

_PAGE_PERMISSIONS = {
    COMMUNICATIONS: ["add_page", "change_page"],
    PUBLISHING: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
# Granted on the root collection (Wagtail checks image and document rights per collection).
_MEDIA_APPS = ("wagtailimages", "wagtaildocs")
_MEDIA_ACTIONS = {
    COMMUNICATIONS: ["add", "choose"],
    PUBLISHING: ["add", "change", "choose", "delete"],
}
_SNIPPETS = ["category", "audience", "sitealert"]
_SEARCH_TOOLS = ["synonym", "promotedresult"]
_COMMON = [
    ("wagtailadmin", "access_admin"),
    ("simple_translation", "submit_translation"),
    *[("cms", f"add_{name}") for name in _SNIPPETS],
    *[("cms", f"change_{name}") for name in _SNIPPETS],
    # Search tools belong to the people who write the content: synonyms, promoted results
    # and the report of what visitors typed (anonymous, no member data).
    *[("search", f"{action}_{model}") for model in _SEARCH_TOOLS for action in ("add", "change", "delete", "view")],
    ("search", "view_querylog"),
]
_MODEL_PERMISSIONS = {
    COMMUNICATIONS: _COMMON,
    PUBLISHING: [*_COMMON, ("cms", "publish_sitealert"), *[("cms", f"delete_{name}") for name in _SNIPPETS]],
}


def _permissions(pairs):
    """The permission rows that exist (after an app's first migrate, a later app's rows may not exist yet)."""
    wanted = set(pairs)
    rows = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in wanted}, codename__in={code for _, code in wanted}
    ).select_related("content_type")
    return [p for p in rows if (p.content_type.app_label, p.codename) in wanted]


def _media_permissions(name):
    model = {"wagtailimages": "image", "wagtaildocs": "document"}
    return _permissions([(app, f"{action}_{model[app]}") for app in _MEDIA_APPS for action in _MEDIA_ACTIONS[name]])


def group_named(name):
    return Group.objects.get(name=name)


def ensure_editorial_groups(**kwargs):
    """Create or repair both groups, their rights and the workflow (connected to post_migrate)."""
    root = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    if root is None or root_collection is None:  # wagtailcore's own data migration has not run yet
        return {}
    groups = {}
    for name, codenames in _PAGE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for permission in _permissions([("wagtailcore", codename) for codename in codenames]):
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
        group.permissions.add(*_permissions(_MODEL_PERMISSIONS[name]))
        _set_media_permissions(group, name, root_collection)
        groups[name] = group
    ensure_moderation_workflow(groups[PUBLISHING])
    return groups


def _set_media_permissions(group, name, root_collection):
    """Exactly the image and document rights above on the root collection; none held globally.

    Exact, not only added: an install made before deletion was reserved to Publishing had given
    Communications "change" (which in Wagtail includes deleting anyone's file).
    """
    wanted = _media_permissions(name)
    held = GroupCollectionPermission.objects.filter(
        group=group, collection=root_collection, permission__content_type__app_label__in=_MEDIA_APPS
    )
    held.exclude(permission__in=wanted).delete()
    for permission in wanted:
        GroupCollectionPermission.objects.get_or_create(group=group, collection=root_collection, permission=permission)
    group.permissions.remove(*group.permissions.filter(content_type__app_label__in=_MEDIA_APPS))


def ensure_moderation_workflow(publishing):
    """Every page goes through one approval task that the Publishing group (only) completes."""
    workflow = Workflow.objects.filter(name=DEFAULT_WORKFLOW).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=DEFAULT_WORKFLOW, active=True)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    tasks = [t.specific for t in workflow.tasks.all()]
    task = next((t for t in tasks if isinstance(t, GroupApprovalTask)), None)
    if task is None:
        task = GroupApprovalTask.objects.create(name=APPROVAL_TASK)
        workflow.workflow_tasks.create(task=task, sort_order=0)
    task.groups.set([publishing])
    WorkflowPage.objects.update_or_create(page=Page.get_first_root_node(), defaults={"workflow": workflow})
    return workflow
