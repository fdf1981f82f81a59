import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

PASSWORD = "Correct-Horse-Battery-9"


@pytest.fixture
def superuser():
    user = get_user_model().objects.create_superuser("admin@example.org", "admin@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_admin_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_staff_log_in_through_the_site_login_and_reach_the_admin(client, superuser):
    response = client.post("/fr/accounts/login/", {"login": "admin@example.org", "password": PASSWORD})
    assert response.status_code == 302
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [] or "/admin/" in response.redirect_chain[-1][0]


def test_wrong_password_is_refused(client, superuser):
    response = client.post("/fr/accounts/login/", {"login": "admin@example.org", "password": "wrong-password"})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302
