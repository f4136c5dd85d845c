"""Personal data under 152-ФЗ: who sees birth dates and contacts, one person's data as a
download, anonymisation after the retention period with the figures intact."""

import datetime
import json

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from orgs import personal_data
from orgs.models import Role, StaffMember, User
from orgs.tasks import anonymise_personal_data
from orgs.tenancy import scopes_disabled
from tests.factories import StaffMemberFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher(cast):
    return StaffMemberFactory(
        organisation=cast.school_a,
        last_name="Кыпчакова",
        birth_date=datetime.date(1990, 5, 17),
        email="kypchakova@example.ru",
        phone="+7 913 000-11-22",
        hired_on=datetime.date(2015, 9, 1),
    )


def card(client, user, person):
    client.force_login(user)
    return client.get(reverse("orgs:staff_card", args=[person.pk])).content.decode()


def test_birth_dates_for_the_employer_contacts_also_for_the_methodist(client, cast, teacher):
    page = card(client, cast.curator_a, teacher)
    assert "17.05.1990" in page and "kypchakova@example.ru" in page
    page = card(client, cast.methodist_m1, teacher)
    assert "17.05.1990" not in page and "kypchakova@example.ru" in page
    page = card(client, cast.coordinator_r1, teacher)
    assert "17.05.1990" not in page and "kypchakova@example.ru" not in page
    assert "Кыпчакова" in page


def test_the_api_hides_the_same_fields(client, cast, teacher):
    client.force_login(cast.coordinator_r1)
    body = client.get(f"/api/v1/staff/{teacher.pk}/").json()
    assert (body["birth_date"], body["email"], body["phone"]) == (None, "", "")
    client.force_login(cast.curator_a)
    assert client.get(f"/api/v1/staff/{teacher.pk}/").json()["birth_date"] == "1990-05-17"


def test_one_persons_data_downloads_as_json_for_the_employer(client, cast, teacher):
    client.force_login(cast.director_a)
    response = client.get(reverse("orgs:personal_data", args=[teacher.pk]))
    data = json.loads(response.content)
    assert data["педагог"]["фамилия"] == "Кыпчакова"
    assert data["педагог"]["дата рождения"] == "1990-05-17"
    # Every app that keeps something about people answers: pairs, events, the bank, surveys.
    assert {
        "наставничество",
        "мероприятия плана",
        "участие в мероприятиях",
        "банк практик",
        "анкеты",
        "ответы неанонимных анкет",
    } <= data.keys()
    assert "attachment" in response["Content-Disposition"]
    client.force_login(cast.methodist_m1)
    assert client.get(reverse("orgs:personal_data", args=[teacher.pk])).status_code == 403


def leave(person, years_ago: int):
    person.employment_status = StaffMember.Status.LEFT
    person.left_on = datetime.date.today() - datetime.timedelta(days=365 * years_ago + 2)
    person.leave_reason = "переезд в Барнаул"
    person.save()


def test_anonymising_before_the_retention_period_is_refused(client, cast, teacher):
    leave(teacher, 1)
    client.force_login(cast.curator_a)
    response = client.post(reverse("orgs:anonymise", args=[teacher.pk]), follow=True)
    assert "по истечении срока хранения" in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.last_name == "Кыпчакова"


def test_anonymisation_removes_identity_everywhere_and_keeps_the_figures(client, cast, teacher):
    account = UserFactory(username="kypchakova", staff_member=teacher, email="k@example.ru")
    member(Role.CURATOR, cast.school_a, username="other")
    leave(teacher, 4)
    working_before = StaffMember.objects.filter(organisation=cast.school_a).count()
    assert anonymise_personal_data() == 1
    assert anonymise_personal_data() == 0  # idempotent
    teacher.refresh_from_db()
    assert teacher.last_name == "Обезличено" and teacher.birth_date is None
    assert (teacher.email, teacher.phone, teacher.leave_reason) == ("", "", "")
    # What the retention figures need stays.
    assert teacher.hired_on == datetime.date(2015, 9, 1) and teacher.left_on is not None
    assert StaffMember.objects.filter(organisation=cast.school_a).count() == working_before
    account = User.objects.get(pk=account.pk)
    assert not account.is_active and account.email == "" and not account.has_usable_password()
    with scopes_disabled():
        trail = " ".join(
            json.dumps(e.changes_dict, ensure_ascii=False) + e.object_repr
            for e in LogEntry.objects.get_for_object(teacher)
        )
    assert "Кыпчакова" not in trail and "1990-05-17" not in trail and "Барнаул" not in trail
    page = card(client, cast.curator_a, teacher)
    assert "Кыпчакова" not in page and "Обезличен" in page


def test_the_rule_helpers_agree_with_the_retention_setting(cast, teacher, settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 10
    leave(teacher, 4)
    assert not personal_data.may_anonymise(teacher)
