"""Factories keep tenants consistent by construction: a staff member's region and
municipality always come from their organisation."""

import datetime

import factory
from django.conf import settings
from factory.django import DjangoModelFactory

from orgs.models import Membership, Municipality, Organisation, Region, StaffMember, User


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Регион {n}")
    code = factory.Sequence(lambda n: f"{n % 100:02d}")


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Муниципальный район {n}")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    municipality = factory.SubFactory(MunicipalityFactory)
    short_name = factory.Sequence(lambda n: f"СОШ № {n}")
    name = factory.LazyAttribute(lambda o: f"МБОУ «{o.short_name}»")


class StaffMemberFactory(DjangoModelFactory):
    class Meta:
        model = StaffMember

    organisation = factory.SubFactory(OrganisationFactory)
    last_name = factory.Faker("last_name_female", locale="ru_RU")
    first_name = factory.Faker("first_name_female", locale="ru_RU")
    patronymic = factory.Faker("middle_name_female", locale="ru_RU")
    position = "Учитель"
    birth_date = datetime.date(1980, 5, 17)
    hired_on = datetime.date(2010, 9, 1)
    career_started_on = datetime.date(2005, 9, 1)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.ru")
    last_name = factory.Faker("last_name_female", locale="ru_RU")
    first_name = factory.Faker("first_name_female", locale="ru_RU")
    password = factory.PostGenerationMethodCall("set_password", settings.DEMO_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)


def member(role, place, **user_fields) -> User:
    """A user holding ``role`` at ``place`` (a region, municipality or organisation)."""
    user = UserFactory(**user_fields)
    keys = {"region": None, "municipality": None, "organisation": None}
    if isinstance(place, Organisation):
        keys.update(organisation=place, municipality=place.municipality, region=place.region)
    elif isinstance(place, Municipality):
        keys.update(municipality=place, region=place.region)
    else:
        keys.update(region=place)
    MembershipFactory(user=user, role=role, **keys)
    return user


def mentor_base_people(cast) -> dict:
    """The municipal mentor base of the cast: a mentor of school A2 (same municipality M1) who
    teaches mathematics and helps with one deficit area, and two of other municipalities who
    must never be offered to school A."""
    from orgs.models import DeficitArea, Subject
    from orgs.services import mentor_profile_save

    maths = Subject.objects.create(name="Математика")
    area = DeficitArea.objects.order_by("pk").first() or DeficitArea.objects.create(
        code="emotions", name="Эмоциональная саморегуляция"
    )
    in_a2 = StaffMemberFactory(
        organisation=cast.school_a2,
        last_name="Сетевая",
        category="highest",
        birth_date=datetime.date(1971, 4, 13),
    )
    mentor_profile_save(person=in_a2, subjects=[maths], deficit_areas=[area], capacity=2)
    in_c = StaffMemberFactory(organisation=cast.school_c, last_name="Чужая")
    mentor_profile_save(person=in_c, subjects=[maths], capacity=2)
    in_b = StaffMemberFactory(organisation=cast.school_b, last_name="Далёкая")
    mentor_profile_save(person=in_b, subjects=[maths], capacity=2)
    return {"maths": maths, "area": area, "in_a2": in_a2}
