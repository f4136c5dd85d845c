"""Regional systems match our rows to theirs by the ids they already hold: ИНН, КПП and ОГРН
of an organisation, ОКТМО of a municipality, the табельный номер of a teacher. Each is checked
(control digits included) with a Russian message, shown in the API and filterable."""

import pytest
from django.core.exceptions import ValidationError

from orgs import identifiers
from orgs.models import Organisation
from tests.api.test_api import api_as

pytestmark = pytest.mark.django_db

SBERBANK = {"inn": "7707083893", "kpp": "773601001", "ogrn": "1027700132195"}


@pytest.mark.parametrize(
    ("check", "good", "bad", "message"),
    [
        (identifiers.validate_inn, "7707083893", "7707083894", "контрольная цифра"),
        (identifiers.validate_inn, "7707083893", "770708389", "10 цифр"),
        (identifiers.validate_ogrn, "1027700132195", "1027700132196", "контрольная цифра"),
        (identifiers.validate_kpp, "773601001", "77360100", "девять знаков"),
        (identifiers.validate_oktmo, "84625000", "8462500", "8 или 11 цифр"),
        (identifiers.validate_personnel_number, "ТН-0042", "42 42", "до 20 знаков"),
    ],
)
def test_each_id_is_checked_with_a_russian_message(check, good, bad, message):
    check(good)
    with pytest.raises(ValidationError, match=message):
        check(bad)


def test_an_organisation_with_a_wrong_inn_is_refused_when_saved(cast):
    cast.school_a.inn = "7707083894"
    with pytest.raises(ValidationError) as error:
        cast.school_a.full_clean()
    assert "ИНН с ошибкой" in str(error.value)


def test_the_ids_are_in_the_api_and_filter_the_lists(cast):
    Organisation.objects.filter(pk=cast.school_a.pk).update(**SBERBANK)
    cast.m1.oktmo = "84625000"
    cast.m1.save()
    client = api_as(cast.coordinator_r1)
    rows = client.get("/api/v1/organisations/", {"inn": SBERBANK["inn"]}).json()["results"]
    assert [(r["id"], r["inn"], r["kpp"], r["ogrn"]) for r in rows] == [
        (cast.school_a.pk, *SBERBANK.values())
    ]
    assert client.get("/api/v1/organisations/", {"ogrn": "1027700132196"}).json()["count"] == 0
    rows = client.get("/api/v1/municipalities/", {"oktmo": "84625000"}).json()["results"]
    assert [r["id"] for r in rows] == [cast.m1.pk]
    response = client.get("/api/v1/organisations/", {"inn": "12ab"})
    assert response.status_code == 400 and "ИНН: неверный формат" in response.content.decode()


def test_a_personnel_number_is_written_filtered_and_unique_in_its_organisation(cast):
    client = api_as(cast.curator_a)
    url = f"/api/v1/staff/{cast.teacher_a.pk}/"
    assert client.patch(url, {"personnel_number": "ТН-0042"}).json()["personnel_number"] == (
        "ТН-0042"
    )
    rows = client.get("/api/v1/staff/", {"personnel_number": "ТН-0042"}).json()["results"]
    assert [r["id"] for r in rows] == [cast.teacher_a.pk]
    body = {
        "organisation": cast.school_a.pk,
        "last_name": "Вторая",
        "first_name": "Анна",
        "position": "Учитель",
        "personnel_number": "ТН-0042",
    }
    taken = client.post("/api/v1/staff/", body)
    assert taken.status_code == 409
    assert "уже есть в организации" in taken.json()["personnel_number"][0]
    assert client.patch(url, {"personnel_number": "42 42"}).status_code == 400
