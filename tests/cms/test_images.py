"""Image uploads through the admin: type, size and pixel checks with clear errors, nothing saved on refusal."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model

from cms import images, permissions

pytestmark = pytest.mark.django_db


def _png(width, height):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (11, 79, 138)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def editor_client(client):
    permissions.ensure_editorial_groups()
    user = get_user_model().objects.create_user(
        "e@example.org", "e@example.org", "Long-enough-password-42", is_staff=True
    )
    user.groups.add(permissions.group_named(permissions.COMMUNICATIONS))
    client.force_login(user)
    return client


def _upload(client, name, content, content_type="image/png"):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(reverse("wagtailimages:add"), {"title": "Illustration", "file": upload})


def test_a_good_image_is_accepted(editor_client):
    response = _upload(editor_client, "agence.png", _png(1200, 675))
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="Illustration").count() == 1


@pytest.mark.parametrize(
    ("size", "message"),
    [
        ((320, 200), "elle doit mesurer au moins 640 × 360 pixels"),
        ((3000, 500), "Cette image est trop allongée"),
    ],
)
def test_dimensions_are_checked_with_a_clear_message(editor_client, size, message):
    response = _upload(editor_client, "petite.png", _png(*size))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_image_model().objects.exists()


def test_a_file_that_is_not_an_image_is_refused(editor_client):
    response = _upload(editor_client, "facture.png", b"%PDF-1.4 not an image at all")
    assert response.status_code == 200
    assert (
        "Format d&#x27;image non supporté" in response.content.decode() or "pas une image" in response.content.decode()
    )
    assert not get_image_model().objects.exists()


def test_a_forbidden_extension_is_refused(editor_client):
    response = _upload(editor_client, "logo.gif", _png(800, 600), content_type="image/gif")
    assert response.status_code == 200
    assert "Format d&#x27;image non supporté. Formats supportés : JPG, JPEG, PNG, WEBP." in response.content.decode()
    assert not get_image_model().objects.exists()


def test_a_too_heavy_file_is_refused(editor_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024
    response = _upload(editor_client, "lourde.png", _png(1200, 675) + b"\0" * 2048)
    assert response.status_code == 200
    assert not get_image_model().objects.exists()


def test_too_many_pixels_are_refused(editor_client, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1000 * 600
    response = _upload(editor_client, "grande.png", _png(1200, 675))
    assert response.status_code == 200
    assert not get_image_model().objects.exists()


def test_dimension_rules_directly():
    images.check_dimensions(640, 360)
    with pytest.raises(ValidationError):
        images.check_dimensions(9000, 4000)
