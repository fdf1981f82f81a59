"""The editorial groups and what they may do in the Wagtail admin.

Communications: create, edit, submit for moderation. Publishing: also
approve and publish. Neither group gets any permission on member data.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page

COMMUNICATIONS = "Communications"
PUBLISHING = "Publishing"

_PAGE_PERMISSIONS = {
    COMMUNICATIONS: ["add_page", "change_page"],
    PUBLISHING: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
_MODEL_PERMISSIONS = {
    COMMUNICATIONS: [
        ("wagtailadmin", "access_admin"),
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
    ],
    PUBLISHING: [
        ("wagtailadmin", "access_admin"),
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "delete_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "delete_document"),
    ],
}


def ensure_editorial_groups():
    root = Page.get_first_root_node()
    for name, codenames in _PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for codename in codenames:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
        for app_label, codename in _MODEL_PERMISSIONS[name]:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
