"""The directory of pensioners' associations: French and Arabic, the region filter, the footer link, the
procedure box, the editors' form behind the review workflow, the demo page, and the home page's way
into the partners' space."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from cms import permissions
from cms.models import Association, AssociationDirectoryPage
from demo import pages as demo_pages
from tests.cms.conftest import publish
from tests.portal.text import shown, text

pytestmark = pytest.mark.django_db

ROWS = [
    {
        "name": "Amicale des retraités de Casablanca",
        "region": "casablanca-settat",
        "city": "Casablanca",
        "languages": ["ar", "darija", "fr"],
        "phone": "+212 5 22 40 50 60",
        "email": "accueil@arc.example.org",
    },
    {
        "name": "Association Tifawin des retraités du Souss",
        "region": "souss-massa",
        "city": "Agadir",
        "languages": ["amazigh", "ar"],
        "phone": "+212 5 28 21 22 23",
        "website": "https://souss.example.org",
    },
    {"name": "Retraités marocains de l'étranger", "region": "abroad", "email": "aide@rme.example.org"},
]
BY_INVITATION = (
    "Access is by invitation only: the fund or your administration's HR administrator invites you by e-mail."
)
ARABIC_NAMES = ["ودادية متقاعدي الدار البيضاء", "جمعية تيفاوين لمتقاعدي سوس", "المتقاعدون المغاربة بالخارج"]


def directory(tree, *, live=True):
    page = AssociationDirectoryPage(title="Associations de retraités", slug="associations", intro="Aide bénévole.")
    page.associations = [Association(sort_order=i, **row) for i, row in enumerate(ROWS)]
    tree.homes["fr"].add_child(instance=page)
    if not live:
        page.save_revision()
        return page
    publish(page)
    arabic = page.copy_for_translation(tree.locales["ar"])
    arabic.title = "جمعيات المتقاعدين"
    arabic.associations = [
        Association(sort_order=i, **{**row, "name": name})
        for i, (row, name) in enumerate(zip(ROWS, ARABIC_NAMES, strict=True))
    ]
    publish(arabic)
    return page


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return text(response)


def test_the_directory_lists_the_associations_in_french_and_arabic(client, tree):
    page = directory(tree)
    html = get(client, page.get_url())
    assert '<html lang="fr" dir="ltr">' in html
    for row in ROWS:
        assert row["name"] in html
    assert shown("Souss-Massa", "fr") in html and shown("Abroad", "fr") in html
    # In the order of the list of languages, whatever the order they were ticked in.
    assert f"{shown('Arabic', 'fr')}, {shown('Amazigh', 'fr')}" in html
    # Phone numbers, e-mail addresses and websites read left to right in both languages.
    assert '<a href="tel:+212522405060" dir="ltr">+212 5 22 40 50 60</a>' in html
    assert '<a href="https://souss.example.org" rel="noopener" dir="ltr">' in html

    arabic = page.get_translation(tree.locales["ar"])
    html = get(client, arabic.get_url())
    assert '<html lang="ar" dir="rtl">' in html
    for name in ARABIC_NAMES:
        assert name in html
    assert shown("Souss-Massa", "ar") in html and shown("Languages spoken", "ar") in html
    assert '<a href="mailto:aide@rme.example.org" dir="ltr">' in html


def test_the_region_filter_keeps_the_associations_of_a_region(client, tree):
    page = directory(tree)
    html = get(client, page.get_url() + "?region=souss-massa")
    assert "Association Tifawin" in html
    assert "Amicale des retraités de Casablanca" not in html
    # Only the regions that have an association are offered, the chosen one selected.
    assert '<option value="souss-massa" selected>' in html
    assert 'value="dakhla-oued-ed-dahab"' not in html
    # An unknown region is no error: the whole list.
    html = get(client, page.get_url() + "?region=atlantis")
    assert all(row["name"] in html for row in ROWS)


def test_the_footer_links_the_directory_of_the_language_when_it_is_visible(client, tree):
    page = directory(tree)
    arabic = page.get_translation(tree.locales["ar"])
    html = get(client, "/fr/search/")  # a page outside the CMS: the footer is on every page
    assert f'<li><a href="{page.get_url()}">Associations de retraités</a></li>' in html
    html = get(client, "/ar/search/")
    assert f'<li><a href="{arabic.get_url()}">جمعيات المتقاعدين</a></li>' in html
    page.unpublish()
    assert page.get_url() not in get(client, "/fr/search/")
    assert arabic.get_url() in get(client, "/ar/search/")


def test_a_procedure_ticked_by_its_editor_shows_the_associations_box(client, tree):
    page = directory(tree)
    helped = tree.procedure(slug="pension-reversion", title="Pension de réversion", associations_help=True)
    plain = tree.procedure()
    html = get(client, helped.get_url())
    assert 'id="associations-help"' in html
    assert shown("Pensioners' associations can help you", "fr") in html
    assert f'<a href="{page.get_url()}">Associations de retraités</a>' in html
    assert 'id="associations-help"' not in get(client, plain.get_url())
    # Its Arabic translation links the Arabic directory.
    arabic = helped.copy_for_translation(tree.locales["ar"])
    arabic.title = "معاش ذوي الحقوق"
    publish(arabic)
    html = get(client, arabic.get_url())
    assert shown("Pensioners' associations can help you", "ar") in html
    assert page.get_translation(tree.locales["ar"]).get_url() in html
    # Without a visible directory, the box promises nothing.
    page.unpublish()
    assert 'id="associations-help"' not in get(client, helped.get_url())


def test_an_association_needs_a_way_to_reach_it():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Association(name="Sans contact", region="oriental").clean()
    Association(name="Avec un site", region="oriental", website="https://oriental.example.org").clean()


def _staff(email, group):
    permissions.ensure_editorial_groups()
    user = get_user_model().objects.create_user(email, email, "Long-enough-password-42", is_staff=True)
    user.groups.add(permissions.group_named(group))
    return user


def test_an_editor_adds_the_directory_with_checkboxes_and_it_waits_for_approval(client, tree):
    editor = _staff("editeur@example.org", permissions.COMMUNICATIONS)
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=("cms", "associationdirectorypage", tree.homes["fr"].pk))
    response = client.get(url)
    assert response.status_code == 200
    form = response.content.decode()
    data = querydict_from_html(form, form_id="page-edit-form")
    data.update(title="Associations de retraités", slug="associations", intro="Aide bénévole.")
    data.update(nested_form_data({"associations": {"TOTAL_FORMS": 1, "INITIAL_FORMS": 0}}))
    data.update(
        {
            "associations-0-name": "Retraités solidaires de Fès-Meknès",
            "associations-0-region": "fes-meknes",
            "associations-0-city": "Meknès",
            "associations-0-phone": "+212 5 35 60 70 80",
            "associations-0-ORDER": "1",
        }
    )
    data.setlist("associations-0-languages", ["amazigh", "fr"])
    data.update(nested_form_data({"body": streamfield([])}))
    data["action-submit"] = "1"
    # Every value of each field (a QueryDict's items() would keep only the last ticked language).
    response = client.post(url, {name: data.getlist(name) for name in data})
    assert response.status_code == 302, response.content.decode()[:3000]
    page = AssociationDirectoryPage.objects.get(slug="associations", locale__language_code="fr")
    assert not page.live  # the same review as every page: Publishing approves it
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    draft = page.get_latest_revision_as_object()
    assert [(a.name, a.languages) for a in draft.associations.all()] == [
        ("Retraités solidaires de Fès-Meknès", ["amazigh", "fr"])
    ]


def test_the_demo_directory_is_translated_and_loading_it_again_changes_nothing(client, tree):
    site = demo_pages.DemoSite(tree.locales, tree.homes, tree.taxonomy)
    pages = site.association_directory()
    assert set(pages) == {"fr", "ar"}
    assert pages["ar"].translation_key == pages["fr"].translation_key
    for code, page in pages.items():
        count = Page.objects.get(pk=page.pk).specific.associations.count()
        assert 5 <= count <= 6, code
    html = get(client, pages["ar"].get_url())
    assert "جمعية تيفاوين لمتقاعدي سوس" in html and "example.org" in html
    revisions = Page.objects.get(pk=pages["fr"].pk).revisions.count()
    site.association_directory()
    assert Page.objects.get(pk=pages["fr"].pk).revisions.count() == revisions


def test_the_home_page_leads_hr_services_to_their_space_and_says_access_is_by_invitation(client, tree):
    for language in ("fr", "ar"):
        home = tree.homes[language]
        html = get(client, home.get_url())
        assert 'id="employer-access"' in html
        assert f'href="/{language}/partners/"' in html
        assert shown("Access for HR services", language) in html
        assert shown(BY_INVITATION, language) in html


def test_a_procedure_page_stays_cheap_with_the_box(client, tree, django_assert_max_num_queries):
    directory(tree)
    helped = tree.procedure(slug="pension-reversion", title="Pension de réversion", associations_help=True)
    client.get(helped.get_url())  # warms the site's caches, as every visitor after the first finds them
    with django_assert_max_num_queries(28):  # tests/cms/test_queries.py's bound
        assert client.get(helped.get_url() + "?x=1").status_code == 200
