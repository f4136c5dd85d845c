"""A Celery task run by a real worker on Redis against the test database (PostgreSQL)."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.services import celery_worker, wait_for


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_password_reset_letter(client, tmp_path):
    UserFactory(username="ivanova", email="ivanova@example.ru")
    mail_dir = tmp_path / "mail"
    with celery_worker(EMAIL_URL=f"filemail:///{mail_dir}"):
        response = client.post(reverse("password_reset"), {"email": "IVANOVA@example.ru"})
        assert response.status_code == 302
        letters = wait_for(lambda: list(mail_dir.glob("*.log")) if mail_dir.exists() else [])
    letter = letters[0].read_text()
    assert "To: ivanova@example.ru" in letter
    assert "Ваш логин: ivanova" in letter
    assert "http://testserver/accounts/reset/" in letter


@pytest.mark.django_db
def test_an_unknown_email_gets_the_same_answer_and_no_letter(client, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.ru"})
    assert response.status_code == 302
    assert mailoutbox == []
