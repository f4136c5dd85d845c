"""API v1: tokens, scoping identical to the UI, JSON errors, staff writes."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from mentorship.api.models import ApiToken, hash_key
from orgs.models import StaffMember

pytestmark = pytest.mark.django_db


# Everyone the cast signs in as: a list is compared with the pages each of them opens.
PEOPLE = (
    "curator_a",
    "director_a",
    "psychologist_a",
    "methodist_m1",
    "methodist_m2",
    "coordinator_r1",
    "curator_b",
    "methodist_m3",
    "coordinator_r2",
    "mentor_a",
    "admin",
)


def api_as(user) -> APIClient:
    _, key = ApiToken.issue(user=user, name="тест")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def names(response):
    return {row.get("short_name") or row.get("last_name") for row in response.json()["results"]}


def test_without_credentials_the_api_answers_401_in_json(cast):
    response = APIClient().get("/api/v1/staff/")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"] == "Token"


def test_a_revoked_or_unknown_token_is_refused(cast):
    token, key = ApiToken.issue(user=cast.curator_a, name="старый")
    token.revoke()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/staff/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    assert client.get("/api/v1/staff/").status_code == 401


def test_only_the_hash_of_a_key_is_stored(cast):
    token, key = ApiToken.issue(user=cast.curator_a, name="ИС школы")
    assert key not in {token.key_hash, token.prefix}
    assert token.key_hash == hash_key(key)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("curator_a", {"Тадыева"}),
        ("methodist_m1", {"Тадыева", "Ябыштаева"}),
        ("coordinator_r1", {"Тадыева", "Ябыштаева", "Манзырова"}),
        ("curator_b", {"Корнилова"}),
        ("mentor_a", set()),
    ],
)
def test_a_token_sees_exactly_what_its_owner_sees_in_the_ui(cast, who, expected):
    response = api_as(getattr(cast, who)).get("/api/v1/staff/")
    assert response.status_code == 200
    assert names(response) == expected
    assert set(response.json()) == {"count", "next", "previous", "results"}


def test_organisations_filter_by_municipality(cast):
    client = api_as(cast.coordinator_r1)
    response = client.get("/api/v1/organisations/", {"municipality": cast.m2.pk})
    assert names(response) == {"Гимназия № 3"}


def test_a_foreign_object_is_404_in_json_and_never_403(cast):
    client = api_as(cast.curator_b)
    response = client.get(f"/api/v1/staff/{cast.teacher_a.pk}/")
    assert response.status_code == 404
    assert "Тадыева" not in response.content.decode()
    response = client.patch(f"/api/v1/staff/{cast.teacher_a.pk}/", {"position": "Директор"})
    assert response.status_code == 404
    assert StaffMember.objects.get(pk=cast.teacher_a.pk).position == "Учитель"


def test_a_curator_creates_staff_in_their_school_with_russian_validation(cast):
    client = api_as(cast.curator_a)
    bad = client.post("/api/v1/staff/", {"organisation": cast.school_a.pk, "last_name": "Иванова"})
    assert bad.status_code == 400
    assert "Обязательное поле." in bad.json()["first_name"]
    created = client.post(
        "/api/v1/staff/",
        {
            "organisation": cast.school_a.pk,
            "last_name": "Иванова",
            "first_name": "Анна",
            "position": "Учитель",
            "subjects": [],
            "career_started_on": "2025-09-01",
        },
    )
    assert created.status_code == 201, created.json()
    assert created.json()["young_specialist"] is True
    person = StaffMember.objects.get(pk=created.json()["id"])
    assert person.municipality_id == cast.m1.pk


def test_staff_cannot_be_created_in_a_foreign_school(cast):
    client = api_as(cast.curator_a)
    response = client.post(
        "/api/v1/staff/",
        {
            "organisation": cast.school_b.pk,
            "last_name": "Чужая",
            "first_name": "Анна",
            "position": "Учитель",
        },
    )
    assert response.status_code == 400
    assert "organisation" in response.json()
    assert not StaffMember.objects.filter(last_name="Чужая").exists()


def test_a_methodist_reads_but_may_not_write_school_staff(cast):
    client = api_as(cast.methodist_m1)
    response = client.patch(f"/api/v1/staff/{cast.teacher_a.pk}/", {"position": "Директор"})
    assert response.status_code == 403
    assert StaffMember.objects.get(pk=cast.teacher_a.pk).position == "Учитель"


def test_a_curator_marks_a_person_as_left(cast):
    client = api_as(cast.curator_a)
    url = f"/api/v1/staff/{cast.teacher_a.pk}/leave/"
    assert client.post(url, {"left_on": "2999-01-01"}).status_code == 400
    response = client.post(url, {"left_on": "2025-06-30", "reason": "переезд"})
    assert response.status_code == 200
    person = StaffMember.objects.get(pk=cast.teacher_a.pk)
    assert person.employment_status == "left"
    assert str(person.left_on) == "2025-06-30"


def test_the_schema_and_the_docs_are_served_without_a_cdn(cast, client):
    client.force_login(cast.curator_a)
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/staff/" in schema.content
    docs = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "cdn" not in docs.lower()


def test_a_person_creates_a_token_sees_it_once_and_revokes_it(cast, client):
    client.force_login(cast.curator_a)
    page = client.post(reverse("api_tokens"), {"name": "Школьная ИС"}).content.decode()
    token = ApiToken.objects.get(user=cast.curator_a)
    assert "Скопируйте ключ сейчас" in page
    assert client.get(reverse("api_tokens")).content.decode().count("Скопируйте ключ") == 0
    client.post(reverse("api_token_revoke", args=[token.pk]))
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_nobody_revokes_another_persons_token(cast, client):
    token, _ = ApiToken.issue(user=cast.curator_b, name="чужой")
    client.force_login(cast.curator_a)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_every_change_is_recorded_with_who_when_and_from_where(cast):
    from auditlog.models import LogEntry

    client = api_as(cast.curator_a)
    client.patch(
        f"/api/v1/staff/{cast.teacher_a.pk}/",
        {"position": "Учитель математики"},
        REMOTE_ADDR="10.20.30.40",
    )
    entry = LogEntry.objects.get_for_object(cast.teacher_a).latest("timestamp")
    assert entry.actor == cast.curator_a
    assert entry.remote_addr == "10.20.30.40"
    assert entry.changes_dict["position"] == ["Учитель", "Учитель математики"]


def test_dashboards_give_the_overview_figures_to_their_readers_only(cast):
    import datetime

    from tests.factories import StaffMemberFactory

    StaffMemberFactory(organisation=cast.school_a, career_started_on=datetime.date.today())
    body = api_as(cast.methodist_m1).get(f"/api/v1/dashboards/municipality/{cast.m1.pk}/").json()
    rows = {row["short_name"]: row for row in body["organisations"]}
    assert rows["Онгудайская СОШ"]["teachers"] == 2
    assert rows["Онгудайская СОШ"]["young_specialists"] == 1
    assert rows["Онгудайская СОШ"]["young_share"] == 50.0
    assert body["totals"]["teachers"] == 3
    school = api_as(cast.curator_a).get(f"/api/v1/dashboards/organisation/{cast.school_a.pk}/")
    assert school.json()["staff"]["teachers"] == 2
    assert school.json()["pairs"]["active"] == 0
    assert (
        api_as(cast.curator_a).get(f"/api/v1/dashboards/municipality/{cast.m1.pk}/").status_code
        == 403
    )
    assert (
        api_as(cast.methodist_m3).get(f"/api/v1/dashboards/municipality/{cast.m1.pk}/").status_code
        == 404
    )
    assert (
        api_as(cast.curator_b)
        .get(f"/api/v1/dashboards/organisation/{cast.school_a.pk}/")
        .status_code
        == 404
    )


def test_a_caller_over_the_rate_limit_gets_429_in_json(cast, monkeypatch):
    from django.core.cache import cache
    from rest_framework.throttling import SimpleRateThrottle

    cache.clear()
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"user": "3/minute", "anon": "3/minute"}
    )
    client = api_as(cast.curator_a)
    statuses = [client.get("/api/v1/regions/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/regions/")
    assert response["Content-Type"].startswith("application/json")
    assert "Retry-After" in response
