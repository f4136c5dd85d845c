import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from orgs.demo.seed import ACCOUNTS
from orgs.models import Membership, Municipality, Organisation, StaffMember, User

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Municipality, Organisation, StaffMember, User, Membership)
    }


def test_seed_demo_builds_the_demo_region_and_a_second_run_changes_nothing(client):
    call_command("seed_demo", stdout=io.StringIO())
    first = counts()
    ongudai_staff = list(
        StaffMember.objects.filter(organisation__municipality__name="Онгудайский район")
        .order_by("pk")
        .values_list("last_name", "first_name", "birth_date")
    )
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first
    assert (
        list(
            StaffMember.objects.filter(organisation__municipality__name="Онгудайский район")
            .order_by("pk")
            .values_list("last_name", "first_name", "birth_date")
        )
        == ongudai_staff
    )

    ongudai = set(
        Organisation.objects.filter(municipality__name="Онгудайский район").values_list(
            "short_name", flat=True
        )
    )
    assert ongudai == {
        "Онгудайская СОШ",
        "Еловская СОШ",
        "Туектинская ООШ",
        "Каракольская СОШ",
        "Шашикманская СОШ",
        "Ининская СОШ",
        "Теньгинская СОШ",
    }
    assert Organisation.objects.filter(municipality__name="Город Кедровый").count() == 4
    for organisation in Organisation.objects.exclude(kind=Organisation.Kind.METHOD_CENTRE):
        staff = StaffMember.objects.filter(organisation=organisation)
        assert 15 <= staff.count() <= 60, organisation
        young = staff.young_specialists().count()
        # Seed 000: few young specialists, most staff over 35.
        assert 1 <= young <= staff.count() // 3, organisation

    # Every demo login reaches its home page with the documented password.
    for username in ["admin", *(a.username for a in ACCOUNTS)]:
        response = log_in(client, username, settings.DEMO_PASSWORD)
        assert response.status_code == 200, username
        assert response.redirect_chain[-1][0] != reverse("login"), username
        client.post(reverse("logout"))


def log_in(client, username, password):
    """Through the login form, as a person does (the brute-force guard needs the request)."""
    return client.post(reverse("login"), {"username": username, "password": password}, follow=True)


def test_a_person_can_log_in_with_their_email(client, cast):
    response = log_in(client, "CURATOR_A@example.ru", settings.DEMO_PASSWORD)
    assert response.redirect_chain[-1][0] == reverse("orgs:workspace", args=[cast.school_a.pk])


def test_five_wrong_passwords_lock_the_login_even_for_the_right_one(client, cast):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "curator_a", "wrong-password")
    response = log_in(client, "curator_a", settings.DEMO_PASSWORD)
    assert response.status_code == 429
    assert "Вход временно заблокирован" in response.content.decode()
    # Another person at the same address is not locked out.
    assert log_in(client, "director_a", settings.DEMO_PASSWORD).status_code == 200


def test_a_wrong_password_is_refused_in_russian(client, cast):
    response = client.post(reverse("login"), {"username": "curator_a", "password": "wrong"})
    assert response.status_code == 200
    assert "Пожалуйста, введите правильные" in response.content.decode()
