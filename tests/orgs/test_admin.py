"""The Django admin is for site administrators only: every other account of the cast, even
one given the staff flag and every permission, gets a redirect to the admin's login or 403 on
every registered model's list and add page. Generated from the admin's registry, so a model
registered later is covered too."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from orgs.models import Membership, Role
from tests.api.test_api import PEOPLE

pytestmark = pytest.mark.django_db

NOT_ADMINS = [who for who in PEOPLE if who != "admin"]


def admin_urls():
    yield reverse("admin:index")
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield reverse(f"{prefix}_changelist")
        yield reverse(f"{prefix}_add")


def assert_shut(response, url):
    assert response.status_code in {302, 403}, (url, response.status_code)
    if response.status_code == 302:
        assert response.url.startswith(reverse("admin:login")), (url, response.url)


@pytest.mark.parametrize("who", NOT_ADMINS)
def test_the_admin_is_shut_to_every_role_even_with_the_staff_flag_and_all_permissions(
    client, cast, who
):
    user = getattr(cast, who)
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.all())
    client.force_login(user)
    urls = list(admin_urls())
    assert len(urls) > 20  # every registered model, not an empty registry
    for url in urls:
        assert_shut(client.get(url), url)


def test_a_methodist_cannot_grant_a_role_through_the_admin(client, cast):
    methodist = cast.methodist_m1
    methodist.is_staff = True
    methodist.save()
    methodist.user_permissions.set(Permission.objects.all())
    client.force_login(methodist)
    before = Membership.objects.count()
    response = client.post(
        reverse("admin:orgs_membership_add"),
        {
            "user": methodist.pk,
            "role": Role.REGION_COORDINATOR,
            "region": cast.region1.pk,
            "is_active": "on",
        },
    )
    assert_shut(response, "membership add")
    assert Membership.objects.count() == before
    assert not methodist.memberships.filter(role=Role.REGION_COORDINATOR).exists()


def test_the_site_administrator_uses_the_admin(client, cast):
    client.force_login(cast.admin)
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert client.get(reverse(f"{prefix}_changelist")).status_code == 200, model
        # Some models are only ever created by the portal's services (e.g. issued documents).
        response = client.get(reverse(f"{prefix}_add"))
        assert response.status_code in {200, 403}, model


def test_the_admin_link_is_shown_to_site_administrators_only(client, cast):
    cast.methodist_m1.is_staff = True
    cast.methodist_m1.save()
    client.force_login(cast.methodist_m1)
    assert reverse("admin:index") not in client.get(reverse("orgs:roles")).content.decode()
    client.force_login(cast.admin)
    assert reverse("admin:index") in client.get(reverse("orgs:roles")).content.decode()
