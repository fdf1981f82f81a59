"""The editorial groups, what they may do in the Wagtail admin, and the moderation workflow.

Communications: create, edit, translate and submit pages for moderation; prepare
snippets (categories, audiences, alerts as drafts). Publishing: everything
Communications does, plus approve the moderation task, publish, unpublish and
schedule. Neither group gets any permission on member data or claims: those
live in other apps whose permissions are never granted here.
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
_SNIPPETS = ["category", "audience", "sitealert"]
_SEARCH_TOOLS = ["synonym", "promotedresult"]
_COMMON = [
    ("wagtailadmin", "access_admin"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
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
    PUBLISHING: [
        *_COMMON,
        ("wagtailimages", "delete_image"),
        ("wagtaildocs", "delete_document"),
        ("cms", "publish_sitealert"),
        *[("cms", f"delete_{name}") for name in _SNIPPETS],
    ],
}


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def group_named(name):
    return Group.objects.get(name=name)


def ensure_editorial_groups():
    root = Page.get_first_root_node()
    groups = {}
    for name, codenames in _PAGE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=_permission("wagtailcore", codename)
            )
        model_permissions = [_permission(app, codename) for app, codename in _MODEL_PERMISSIONS[name]]
        group.permissions.add(*model_permissions)
        # Wagtail checks image and document permissions per collection: grant them on the root collection.
        root_collection = Collection.get_first_root_node()
        for permission in model_permissions:
            if permission.content_type.app_label in ("wagtailimages", "wagtaildocs"):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
        groups[name] = group
    ensure_moderation_workflow(groups[PUBLISHING])
    return groups


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
