"""The one function that tells a member something: channels, addresses, keys, transactions."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from portal.notifications import centre, kinds, quiet_hours, rendering
from portal.notifications.choices import Channel, DeliveryStatus
from portal.notifications.models import Contact, Delivery, Notification
from tests.portal import factories


@pytest.fixture
def kind():
    """A kind of this test's own (taken out again, so that no other test sees it)."""
    registered = kinds.register(
        kinds.Kind(
            code="test.event",
            label="An event",
            title="Event %(reference)s",
            sms="Event %(reference)s, see the portal",
            url_name="portal:dashboard",
            defaults=(Channel.EMAIL, Channel.SMS),
            in_preferences=False,
        )
    )
    yield registered
    kinds._kinds.pop(registered.code)


@pytest.fixture
def mandatory(kind):
    registered = kinds.register(
        kinds.Kind(code="test.warning", label="W", title="Warning", sms="Warning", mandatory=True, in_preferences=False)
    )
    yield registered
    kinds._kinds.pop(registered.code)


@pytest.fixture
def member(db):
    return factories.MemberFactory(user=factories.UserFactory(), phone="0612345678")


def channels(notification):
    return sorted(notification.deliveries.values_list("channel", flat=True))


@pytest.mark.django_db
def test_one_delivery_per_chosen_channel_to_the_accounts_address_and_the_files_mobile(
    kind, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = centre.notify(kind, member=member, params={"reference": "REC-1"}, key="test:1")
    assert notification.account == member.user
    assert channels(notification) == ["email", "sms"]
    email = notification.deliveries.get(channel=Channel.EMAIL)
    assert email.destination == member.user.email and email.status == DeliveryStatus.SENT
    assert notification.deliveries.get(channel=Channel.SMS).destination == "+212612345678"
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "Event REC-1"


@pytest.mark.django_db
def test_the_same_event_told_twice_is_told_once(kind, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = centre.notify(kind, member=member, params={"reference": "REC-1"}, key="test:1")
    with django_capture_on_commit_callbacks(execute=True):
        again = centre.notify(kind, member=member, params={"reference": "REC-1"}, key="test:1")
    assert again.pk == first.pk
    assert Notification.objects.count() == 1 and Delivery.objects.count() == 2
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_members_choice_is_followed_and_a_mandatory_kind_ignores_it(kind, mandatory, member):
    Contact.objects.create(account=member.user, channels={kind.code: ["email"], mandatory.code: []})
    assert channels(centre.notify(kind, member=member, params={"reference": "R"})) == ["email"]
    assert channels(centre.notify(mandatory, member=member)) == ["email", "sms"]


@pytest.mark.django_db
def test_a_verified_mobile_wins_over_the_files_and_an_unverified_one_is_not_used(kind, member):
    contact = Contact.objects.create(account=member.user, mobile="+33612345678")
    sms = centre.notify(kind, member=member, params={"reference": "R"}).deliveries.get(channel=Channel.SMS)
    assert sms.destination == "+212612345678"
    contact.mobile_verified_at = timezone.now()
    contact.save()
    sms = centre.notify(kind, member=member, params={"reference": "R"}).deliveries.get(channel=Channel.SMS)
    assert sms.destination == "+33612345678"


@pytest.mark.django_db
def test_a_member_without_an_account_is_reached_at_the_files_addresses(kind):
    member = factories.MemberFactory(user=None, phone="0522123456")  # a landline: no text message
    notification = centre.notify(kind, member=member, params={"reference": "R"})
    assert notification.account is None
    assert [(d.channel, d.destination) for d in notification.deliveries.all()] == [("email", member.email)]


@pytest.mark.django_db(transaction=True)
def test_nothing_is_said_when_the_callers_transaction_rolls_back(kind, member):
    with pytest.raises(RuntimeError), transaction.atomic():
        centre.notify(kind, member=member, params={"reference": "R"})
        raise RuntimeError
    assert Notification.objects.count() == 0 and Delivery.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_words_follow_the_language_asked_and_per_language_values(kind, member):
    notification = centre.notify(kind, member=member, params={"reference_fr": "un", "reference_ar": "واحد"})
    assert rendering.render(notification, "ar").title == "Event واحد"
    assert rendering.render(notification, "fr").path == "/fr/portal/"


@pytest.mark.django_db
def test_notify_many_tells_each_member_once_even_when_run_again(kind):
    members = [factories.MemberFactory(user=factories.UserFactory() if n % 2 else None) for n in range(5)]
    queryset = members[0].__class__.objects.filter(pk__in=[m.pk for m in members])
    assert centre.notify_many(kind, queryset, params={"reference": "A"}, key_prefix="test:a", batch=2) == 5
    assert centre.notify_many(kind, queryset, params={"reference": "A"}, key_prefix="test:a", batch=2) == 0
    assert Notification.objects.count() == 5
    assert Delivery.objects.filter(channel=Channel.SMS).count() == 5  # the factory's phone is a mobile


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        ("12:00", "12:00"),
        ("20:59", "20:59"),
        ("21:00", "08:00+1"),
        ("23:30", "08:00+1"),
        ("03:00", "08:00"),
        ("08:00", "08:00"),
    ],
)
def test_quiet_hours_push_a_text_message_to_the_morning(settings, local, expected):
    settings.NOTIFICATIONS_QUIET_HOURS = "21:00-08:00"
    day = datetime.date(2026, 12, 1)
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time.fromisoformat(local)))
    allowed = timezone.localtime(quiet_hours.next_allowed(moment))
    clock, _plus, days = expected.partition("+")
    assert allowed.time() == datetime.time.fromisoformat(clock)
    assert allowed.date() == day + datetime.timedelta(days=int(days or 0))
