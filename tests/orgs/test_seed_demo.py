import io
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from orgs.demo.seed import ACCOUNTS
from orgs.models import Membership, Municipality, Organisation, StaffMember, User

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Municipality, Organisation, StaffMember, User, Membership)
    }


def test_seed_demo_builds_the_demo_region_and_a_second_run_changes_nothing(client, settings):
    settings.DEBUG = True  # the documented demo password is for development only
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
        # Few young specialists, most staff over 35.
        assert 1 <= young <= staff.count() // 3, organisation

    # Every demo login reaches its home page with the documented password.
    for username in ["admin", *(a.username for a in ACCOUNTS)]:
        response = log_in(client, username, settings.DEMO_PASSWORD)
        assert response.status_code == 200, username
        assert response.redirect_chain[-1][0] != reverse("login"), username
        client.post(reverse("logout"))


def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-without-debug"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()


def test_with_the_flag_every_account_gets_its_own_random_password_printed_once(settings):
    settings.DEBUG = False
    out = io.StringIO()
    call_command("seed_demo", "--allow-without-debug", stdout=out)
    printed = dict(re.findall(r"^  ([\w.]+): (\S+)$", out.getvalue(), re.M))
    logins = ["admin", *(a.username for a in ACCOUNTS)]
    assert sorted(printed) == sorted(logins)
    assert len(set(printed.values())) == len(logins)
    assert settings.DEMO_PASSWORD not in out.getvalue()
    for username, password in printed.items():
        user = User.objects.get(username=username)
        assert user.check_password(password), username
        assert not user.check_password(settings.DEMO_PASSWORD), username
        assert not user.is_staff or user.is_superuser, username  # the admin is not theirs
    hashes = dict(User.objects.values_list("username", "password"))

    again = io.StringIO()
    call_command("seed_demo", "--allow-without-debug", stdout=again)
    assert not set(printed.values()) & set(again.getvalue().split())  # printed once only
    assert dict(User.objects.values_list("username", "password")) == hashes


ROOT = Path(settings.BASE_DIR)


def test_the_production_like_runs_never_load_the_demo():
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^services-run:.*?(?=^\S)", makefile, re.M | re.S).group(0)
    assert "manage.py migrate" in recipe and "seed_demo" not in recipe
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for name, service in compose["services"].items():
        started = str(service.get("command", "")) + str(service.get("entrypoint", ""))
        assert "seed_demo" not in started, name
    assert "seed_demo" not in (ROOT / "Dockerfile").read_text()


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
