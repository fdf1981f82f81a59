"""The editorial workflow through the real admin views: Communications submits, Publishing approves.

Also: scheduled publishing (go-live and expiry) with Wagtail's publish_scheduled command, and revisions.
"""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from cms import permissions
from cms.models import ProcedurePage
from tests.cms.conftest import publish

pytestmark = pytest.mark.django_db


def _staff(email, group):
    permissions.ensure_editorial_groups()
    user = get_user_model().objects.create_user(email, email, "Long-enough-password-42", is_staff=True)
    user.groups.add(permissions.group_named(group))
    return user


@pytest.fixture
def editor():
    return _staff("editeur@example.org", permissions.COMMUNICATIONS)


@pytest.fixture
def publisher():
    return _staff("publication@example.org", permissions.PUBLISHING)


STREAMS = ("documents_to_bring", "steps", "body")


def _form(client, url, page=None):
    """The admin form as the browser would send it (StreamFields are built by JavaScript there: added here)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    streams = {}
    for name in STREAMS:
        value = getattr(page, name, None) or []
        streams[name] = streamfield([(block.block_type, dict(block.value)) for block in value])
    data.update(nested_form_data(streams))
    return data


def _submit(client, url, data, action):
    data[action] = "1"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def _approve(client, page):
    task_state = Page.objects.get(pk=page.pk).current_workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    return client.post(url)


def test_editor_writes_translates_submits_and_publisher_approves(client, tree, editor, publisher):
    # Communications creates a procedure in French and submits it for moderation.
    client.force_login(editor)
    add_url = reverse("wagtailadmin_pages:add", args=("cms", "procedurepage", tree.procedure_index.pk))
    data = _form(client, add_url)
    data.update(
        title="Demander une attestation de pension",
        slug="attestation-pension",
        summary="L'attestation indique la nature et le montant de la pension.",
        eligibility=rich_text("<ul><li>Tout pensionné</li></ul>"),
        processing_time="Immédiat",
        cost="Gratuit",
    )
    _submit(client, add_url, data, "action-submit")
    french = ProcedurePage.objects.get(slug="attestation-pension", locale__language_code="fr")
    assert not french.live
    assert french.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    # ... translates it into Arabic with Wagtail's translation view, edits and submits the Arabic page.
    translate_url = reverse("simple_translation:submit_page_translation", args=(french.pk,))
    response = client.post(translate_url, {"locales": [tree.locales["ar"].pk]})
    assert response.status_code == 302
    arabic = french.get_translation(tree.locales["ar"])
    edit_url = reverse("wagtailadmin_pages:edit", args=(arabic.pk,))
    data = _form(client, edit_url, arabic.specific)
    data.update(title="طلب شهادة المعاش", summary="تبين الشهادة نوع ومبلغ المعاش.")
    _submit(client, edit_url, data, "action-submit")
    assert not Page.objects.get(pk=arabic.pk).live

    # Communications cannot approve its own work.
    response = _approve(client, french)
    assert response.status_code == 403 or response["Location"] == "/admin/"  # Wagtail's "permission denied"
    assert not Page.objects.get(pk=french.pk).live
    assert Page.objects.get(pk=french.pk).current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    # Publishing approves both: live on the site and in the API, in both languages.
    client.force_login(publisher)
    for page in (french, arabic):
        assert _approve(client, page).status_code == 302
        assert Page.objects.get(pk=page.pk).live
    client.logout()
    assert client.get("/fr/demarches/attestation-pension/").status_code == 200
    assert "طلب شهادة المعاش" in client.get("/ar/demarches/attestation-pension/").content.decode()
    items = client.get("/api/v2/pages/?type=cms.ProcedurePage&slug=attestation-pension").json()["items"]
    assert {item["meta"]["locale"] for item in items} == {"fr", "ar"}
    # Every step left a revision.
    assert french.revisions.count() >= 1 and arabic.revisions.count() >= 1


def test_communications_cannot_publish_even_by_forging_the_button(client, tree, editor):
    page = tree.procedure(slug="brouillon", title="Brouillon", live=False)
    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    data = _form(client, edit_url, page)
    data["title"] = "Brouillon modifié"
    _submit(client, edit_url, data, "action-publish")
    page.refresh_from_db()
    assert not page.live
    assert page.get_latest_revision().as_object().title == "Brouillon modifié"  # saved as a draft, not lost
    # Nor unpublish a live page.
    live = tree.procedure(slug="en-ligne", title="En ligne")
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=(live.pk,)))
    assert response.status_code in (302, 403)
    assert Page.objects.get(pk=live.pk).live


def test_publishing_can_publish_directly(client, tree, publisher):
    page = tree.procedure(slug="brouillon", title="Brouillon", live=False)
    client.force_login(publisher)
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    _submit(client, edit_url, _form(client, edit_url, page), "action-publish")
    assert Page.objects.get(pk=page.pk).live


def test_editorial_groups_have_no_member_or_claims_permission(editor, publisher):
    for user in (editor, publisher):
        codenames = user.get_all_permissions()
        assert not [p for p in codenames if p.startswith(("portal.", "claims."))]
        assert user.has_perm("wagtailadmin.access_admin")
    assert not editor.has_perm("cms.publish_sitealert") and publisher.has_perm("cms.publish_sitealert")


def test_scheduled_publishing_and_expiry(client, tree, publisher):
    page = tree.procedure(slug="programmee", title="Programmée", live=False)
    client.force_login(publisher)
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    data = _form(client, edit_url, page)
    go_live = timezone.localtime() + datetime.timedelta(hours=1)
    data["go_live_at"] = go_live.strftime("%Y-%m-%d %H:%M")
    _submit(client, edit_url, data, "action-publish")
    page.refresh_from_db()
    assert not page.live and page.get_latest_revision().approved_go_live_at is not None
    client.logout()
    assert client.get("/fr/demarches/programmee/").status_code == 404

    # An hour later, the scheduler (manage.py publish_scheduled, run by cron) publishes it.
    # (Time is moved by rewriting the schedule in the stored revision: no clock mocking.)
    revision = page.get_latest_revision()
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert page.live
    assert client.get("/fr/demarches/programmee/").status_code == 200

    # Expiry: hidden at once, then unpublished by the same command.
    page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save()
    assert client.get("/fr/demarches/programmee/").status_code == 404
    call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert not page.live and page.expired


def test_revisions_are_kept(tree):
    page = tree.procedure()
    for summary in ("Première version.", "Deuxième version."):
        page.summary = summary
        publish(page)
    assert page.revisions.count() >= 3
    assert (
        page.revisions.order_by("created_at").first().as_object().summary == "Prouver chaque année que l'on est en vie."
    )
