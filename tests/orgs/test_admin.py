"""The admin is scoped like the rest of the portal."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from orgs.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def methodist(cast):
    user = cast.methodist_m1
    user.is_staff = True
    user.save()
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=[
                "view_organisation",
                "change_organisation",
                "view_staffmember",
                "view_user",
            ]
        )
    )
    return user


def test_a_methodist_sees_only_their_municipality_in_the_admin(client, cast, methodist):
    client.force_login(methodist)
    html = client.get(reverse("admin:orgs_organisation_changelist")).content.decode()
    assert "Онгудайская СОШ" in html and "Еловская СОШ" in html
    assert "Кедровская СОШ" not in html and "Гимназия № 3" not in html
    staff_html = client.get(reverse("admin:orgs_staffmember_changelist")).content.decode()
    assert "Тадыева" in staff_html and "Корнилова" not in staff_html
    users_html = client.get(reverse("admin:orgs_user_changelist")).content.decode()
    assert "curator_a" in users_html and "curator_b" not in users_html


def test_a_methodist_cannot_open_or_change_a_foreign_organisation_in_the_admin(
    client, cast, methodist
):
    client.force_login(methodist)
    url = reverse("admin:orgs_organisation_change", args=[cast.school_b.pk])
    response = client.get(url, follow=True)
    assert "Кедровская СОШ" not in response.content.decode()
    client.post(
        url,
        {
            "short_name": "Захвачено",
            "name": "Захвачено",
            "municipality": cast.m1.pk,
            "kind": "school",
            "head_position": "Директор",
        },
    )
    assert Organisation.objects.get(pk=cast.school_b.pk).short_name == "Кедровская СОШ"


def test_a_methodist_cannot_move_a_school_into_a_foreign_municipality(client, cast, methodist):
    client.force_login(methodist)
    url = reverse("admin:orgs_organisation_change", args=[cast.school_a.pk])
    response = client.post(
        url,
        {
            "short_name": "Онгудайская СОШ",
            "name": "МБОУ",
            "municipality": cast.m3.pk,
            "kind": "school",
            "head_position": "Директор",
        },
    )
    assert response.status_code == 200  # the form is shown again with an error
    assert Organisation.objects.get(pk=cast.school_a.pk).municipality_id == cast.m1.pk


def test_a_curator_has_no_admin(client, cast):
    client.force_login(cast.curator_a)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
