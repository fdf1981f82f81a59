"""factory_boy factories for member files (the real models, saved to the real database)."""

import datetime
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from portal import rib
from portal.models import CareerPeriod, Dossier, DossierEvent, Member, PensionPayment

PASSWORD = "Correct-Horse-Battery-9"


def valid_rib(n):
    prefix = f"011780{n:016d}"
    return f"{prefix}{rib.check_key(prefix):02d}"


class UserFactory(factory.django.DjangoModelFactory):
    """An account with a confirmed e-mail address.

    Model fields pass through (``is_staff``, ``is_superuser``, ``first_name``);
    ``groups=[names]`` adds groups (created if missing); ``verified=False`` leaves the
    address unconfirmed; ``second_factor=True`` activates a TOTP device (staff must have
    one: portal.middleware).
    """

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.SelfAttribute("username")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        user.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    @factory.post_generation
    def groups(user, create, extracted, **kwargs):
        if create and extracted:
            user.groups.set([Group.objects.get_or_create(name=name)[0] for name in extracted])

    @factory.post_generation
    def second_factor(user, create, extracted, **kwargs):
        if create and extracted:
            TOTP.activate(user, generate_totp_secret())


class MemberFactory(factory.django.DjangoModelFactory):
    """A complete member file (contact details and a RIB with a valid key); ``user=`` links an account."""

    class Meta:
        model = Member

    core_id = factory.Sequence(lambda n: f"CORE-T-{n:06d}")
    affiliation_number = factory.Sequence(lambda n: f"AF{n:010d}")
    national_id = factory.Sequence(lambda n: f"T{n:06d}")
    first_name = "Salma"
    last_name = factory.Sequence(lambda n: f"Berrada{n}")
    first_name_ar = "سلمى"
    last_name_ar = "برادة"
    birth_date = datetime.date(1970, 5, 20)
    status = "contributing"
    email = factory.Sequence(lambda n: f"file{n}@example.org")
    phone = "0612345678"
    address_line = "1, rue de Fès"
    postal_code = "10000"
    city = "Rabat"
    bank_rib = factory.Sequence(valid_rib)


class CareerPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareerPeriod

    member = factory.SubFactory(MemberFactory)
    core_id = factory.Sequence(lambda n: f"CAR-T-{n}")
    administration = "Ministère de la Santé"
    grade = "Infirmière"
    start_date = datetime.date(2000, 1, 1)
    end_date = datetime.date(2009, 12, 31)
    contribution_base = Decimal("7000.00")


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PensionPayment

    member = factory.SubFactory(MemberFactory)
    core_id = factory.Sequence(lambda n: f"PAY-T-{n}")
    period = datetime.date(2025, 1, 1)
    gross = Decimal("8000.00")
    deductions = factory.LazyFunction(lambda: [{"kind": "amo", "amount": "361.60"}, {"kind": "ir", "amount": "400.00"}])
    net = Decimal("7238.40")
    payment_date = datetime.date(2025, 1, 28)


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    member = factory.SubFactory(MemberFactory)
    core_id = factory.Sequence(lambda n: f"DOS-T-{n}")
    reference = factory.Sequence(lambda n: f"RET-2026-{n:06d}")
    kind = "retirement"
    status = "in_progress"
    opened_on = datetime.date(2026, 1, 5)
    next_step_fr = "Calcul de la pension"
    next_step_ar = "احتساب المعاش"
    expected_on = datetime.date(2027, 3, 1)


class DossierEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DossierEvent

    dossier = factory.SubFactory(DossierFactory)
    core_id = factory.Sequence(lambda n: f"EV-T-{n}")
    date = datetime.date(2026, 1, 5)
    step = "open"
    message_fr = "Demande reçue."
    message_ar = "تم استلام الطلب."
