"""The brute-force guard counts failures per account, whatever spelling of it was typed, and
per address across accounts; the lock says its time in Russian; password reset is throttled
per address and per account."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

RIGHT = settings.DEMO_PASSWORD


def log_in(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


@pytest.fixture
def target(db):
    return UserFactory(username="bf.target", email="Target.Person@example.ru")


@pytest.mark.parametrize(
    "spelling",
    [
        "BF.TARGET",
        " bf.target",
        "bf.target ",
        "target.person@example.ru",
        "TARGET.PERSON@EXAMPLE.RU",
    ],
)
def test_every_spelling_of_an_account_counts_towards_one_lock(client, target, spelling):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "bf.target", "wrong-password")
    log_in(client, spelling, "wrong-password")
    # Locked for every spelling, from any address, even with the right password.
    for login in ("bf.target", spelling, "target.person@example.ru"):
        assert log_in(client, login, RIGHT, address="10.9.9.9").status_code == 429, login


def test_spellings_do_not_give_fresh_tries_below_the_limit(client, target):
    """Four failures under four spellings still leave the fifth try: one account, one count."""
    for login in ("BF.TARGET", " bf.target", "target.person@example.ru", "Bf.Target"):
        log_in(client, login, "wrong-password")
    assert log_in(client, "bf.target", RIGHT).status_code == 302


def test_one_password_sprayed_over_many_accounts_from_one_address_is_stopped(client, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 6
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
        UserFactory(username=f"sprayed{n}")
        log_in(client, f"sprayed{n}", "Summer2026!")  # one try each: no account reaches 5
    victim = UserFactory(username="another.teacher")
    assert log_in(client, victim.username, RIGHT).status_code == 429
    # The same person from another address signs in: the address was blocked, not the account.
    assert log_in(client, victim.username, RIGHT, address="10.0.0.2").status_code == 302


def test_a_sprayer_cannot_reset_the_address_count_with_a_valid_account_of_their_own(
    client, settings
):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 6
    insider = UserFactory(username="insider")
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
        UserFactory(username=f"sprayed{n}")
        log_in(client, f"sprayed{n}", "Summer2026!")
    assert log_in(client, insider.username, RIGHT).status_code == 302  # resets nothing shared
    client.post(reverse("logout"))
    log_in(client, UserFactory(username="one.more").username, "Summer2026!")
    assert log_in(client, insider.username, RIGHT).status_code == 429


def test_the_lock_says_its_time_in_russian(client, target):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "bf.target", "wrong-password")
    html = log_in(client, "bf.target", RIGHT).content.decode()
    assert "через 15 минут" in html
    assert "PT15M" not in html


def reset(client, email, address):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_password_reset_is_throttled_per_address(
    client, celery_eager, django_capture_on_commit_callbacks, settings
):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 3
    people = [UserFactory(username=f"forgetful{n}") for n in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        responses = [reset(client, person.email, "10.0.0.1") for person in people]
    assert [r.status_code for r in responses] == [302, 302, 302, 200]
    assert "Слишком много запросов на восстановление пароля" in responses[-1].content.decode()
    assert "через 1 час" in responses[-1].content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people[:3])


def test_password_reset_is_throttled_per_account(
    client, celery_eager, django_capture_on_commit_callbacks, settings
):
    settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT = 2
    person = UserFactory(username="forgetful", email="forgetful@example.ru")
    with django_capture_on_commit_callbacks(execute=True):
        responses = [
            reset(client, email, f"10.0.0.{n}")
            for n, email in enumerate(
                ["forgetful@example.ru", " FORGETFUL@example.ru", "forgetful@EXAMPLE.RU"]
            )
        ]
    assert [r.status_code for r in responses] == [302, 302, 200]
    assert [m.to[0] for m in mail.outbox] == [person.email] * 2
