"""The editorial groups exist after `migrate` alone (no demo), with their rights on pages, images and documents.

Images and documents follow Wagtail's ownership rule: "change" on a collection includes deleting
anyone's item, "add" includes changing and deleting one's own. Deletion of a colleague's file is
Publishing's alone (security review, issue 24 item 10).
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import GroupApprovalTask, GroupPagePermission, Page, WorkflowPage
from wagtail.permissions import policy_registry

from cms import permissions

pytestmark = pytest.mark.django_db


def _staff(email, group_name):
    user = get_user_model().objects.create_user(email, email, "Long-enough-password-42", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def people():
    # No call to ensure_editorial_groups(): the groups must come from `migrate`.
    return {
        "communications": _staff("comms@example.org", permissions.COMMUNICATIONS),
        "colleague": _staff("comms2@example.org", permissions.COMMUNICATIONS),
        "publishing": _staff("pub@example.org", permissions.PUBLISHING),
    }


def _document(owner):
    document = get_document_model()(title=f"Formulaire de {owner.email}", uploaded_by_user=owner)
    document.file.save("formulaire.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    return document


def _image(owner):
    buffer = io.BytesIO()
    PILImage.new("RGB", (800, 450), (11, 79, 138)).save(buffer, format="PNG")
    image = get_image_model()(title=f"Illustration de {owner.email}", uploaded_by_user=owner)
    image.file = ImageFile(buffer, name="illustration.png")
    image.save()
    return image


MAKERS = {"document": _document, "image": _image}
MODELS = {"document": get_document_model, "image": get_image_model}


def test_groups_their_page_rights_and_the_workflow_exist_after_migrate():
    communications = Group.objects.get(name=permissions.COMMUNICATIONS)
    publishing = Group.objects.get(name=permissions.PUBLISHING)
    root = Page.get_first_root_node()

    def page_rights(group):
        return set(
            GroupPagePermission.objects.filter(group=group, page=root).values_list("permission__codename", flat=True)
        )

    assert page_rights(communications) == {"add_page", "change_page"}
    assert page_rights(publishing) == {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}
    for group in (communications, publishing):
        assert group.permissions.filter(codename="access_admin").exists()
        assert group.permissions.filter(codename="submit_translation").exists()
        assert not group.permissions.filter(content_type__app_label__in=("portal", "claims")).exists()
    assert publishing.permissions.filter(codename="publish_sitealert").exists()
    assert not communications.permissions.filter(codename="publish_sitealert").exists()

    workflow = WorkflowPage.objects.get(page=root).workflow
    assert workflow.active
    tasks = [task.specific for task in workflow.tasks.all()]
    approval = [task for task in tasks if isinstance(task, GroupApprovalTask)]
    assert len(approval) == 1 and list(approval[0].groups.all()) == [publishing]


def test_running_the_hook_again_changes_nothing():
    from wagtail.models import GroupCollectionPermission

    before = (GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count(), Group.objects.count())
    permissions.ensure_editorial_groups()
    after = (GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count(), Group.objects.count())
    assert before == after


@pytest.mark.parametrize("kind", ["document", "image"])
def test_each_group_s_rights_on_documents_and_images(people, kind):
    policy = policy_registry.get_by_type(MODELS[kind]())
    own = MAKERS[kind](people["communications"])
    colleague_s = MAKERS[kind](people["colleague"])
    comms, publisher = people["communications"], people["publishing"]

    for user in (comms, publisher):
        assert policy.user_has_permission(user, "add")
        assert policy.user_has_permission(user, "choose")
        assert policy.user_has_permission_for_instance(user, "choose", colleague_s)
    # Communications: its own uploads only.
    assert policy.user_has_permission_for_instance(comms, "change", own)
    assert policy.user_has_permission_for_instance(comms, "delete", own)
    assert not policy.user_has_permission_for_instance(comms, "change", colleague_s)
    assert not policy.user_has_permission_for_instance(comms, "delete", colleague_s)
    # Publishing: everyone's.
    for item in (own, colleague_s):
        assert policy.user_has_permission_for_instance(publisher, "change", item)
        assert policy.user_has_permission_for_instance(publisher, "delete", item)


@pytest.mark.parametrize("kind", ["document", "image"])
def test_communications_cannot_delete_a_colleague_s_file_through_the_admin(client, people, kind):
    app = {"document": "wagtaildocs", "image": "wagtailimages"}[kind]
    colleague_s = MAKERS[kind](people["colleague"])

    client.force_login(people["communications"])
    client.post(reverse(f"{app}:delete", args=[colleague_s.pk]))
    assert MODELS[kind]().objects.filter(pk=colleague_s.pk).exists()
    edit = client.get(reverse(f"{app}:edit", args=[colleague_s.pk]))
    assert edit.status_code in (302, 403)

    client.force_login(people["publishing"])
    client.post(reverse(f"{app}:delete", args=[colleague_s.pk]))
    assert not MODELS[kind]().objects.filter(pk=colleague_s.pk).exists()
