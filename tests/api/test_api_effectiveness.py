"""Effectiveness monitoring over the API: campaigns, forms with their level and the forms'
answers, read by exactly those who read them on the pages, with the same figures as the
municipal table, the overview's level column (and its export) and the analytical report."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from monitoring.effectiveness import services
from monitoring.effectiveness.models import Answer, Campaign, Form
from monitoring.effectiveness.selectors import analytical_report_data, levels_by_organisation
from tests.api.test_api import api_as
from tests.api.test_api_messages import assert_russian

pytestmark = pytest.mark.django_db

CAMPAIGNS = "/api/v1/effectiveness-campaigns/"
FORMS = "/api/v1/effectiveness-forms/"
ANSWERS = "/api/v1/effectiveness-answers/"


def answer_all(form, value) -> None:
    """Every indicator of ``form`` answered: ``value`` % or counts, or a verbal answer."""
    for answer in Answer.objects.filter(form=form).select_related("indicator"):
        if answer.indicator.scale in ("percent", "count"):
            answer.value = value
        else:
            answer.option = "present" if answer.indicator.scale == "presence" else "unavailable"
        answer.save()


def accepted(cast, form, value) -> Form:
    answer_all(form, value)
    services.form_transition(form=form, action="submit", acting_user=cast.curator_a)
    return services.form_transition(form=form, action="accept", acting_user=cast.methodist_m1)


@pytest.fixture
def campaign(cast) -> Campaign:
    """M1's monitoring of 2026: school A's form accepted, Еловская's handed in."""
    campaign = services.campaign_open(
        municipality=cast.m1, year=2026, acting_user=cast.methodist_m1
    )
    accepted(cast, campaign.forms.get(organisation=cast.school_a), 70)
    other = campaign.forms.get(organisation=cast.school_a2)
    answer_all(other, 95)
    services.form_transition(form=other, action="submit", acting_user=cast.methodist_m1)
    return campaign


def rows(client, url, **query) -> list[dict]:
    response = client.get(url, {"page_size": 200, **query})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_levels_bands_and_statuses_equal_the_municipal_table_and_the_overview(
    cast, client, campaign
):
    client.force_login(cast.methodist_m1)
    table = client.get(reverse("monitoring:effectiveness:campaign", args=[campaign.pk]))
    # Bands per criterion are listed for an accepted form only; the others have none.
    page = {
        row["form"].pk: (
            row["form"].status,
            row["overall"].level if row["overall"] else None,
            row["overall"].label if row["overall"] else None,
            row["overall"].score if row["overall"] else None,
            [(band.label, band.score) if band else (None, None) for band in row["cells"]]
            if row["form"].status == Form.Status.ACCEPTED
            else [],
        )
        for row in table.context["table"]["rows"]
    }
    assert len(page) == 2
    for who in ("methodist_m1", "coordinator_r1"):
        found = {
            row["id"]: (
                row["status"],
                row["level_name"],
                row["level_band"],
                row["points"],
                [(c["band"], c["points"]) for c in row["criteria"]],
            )
            for row in rows(api_as(getattr(cast, who)), FORMS)
        }
        assert found == page, who
    # The overview's level column and its XLSX/CSV read levels_by_organisation.
    overview = levels_by_organisation(cast.m1, year=2026)
    listed = rows(api_as(cast.methodist_m1), FORMS)
    for row in listed:
        level = overview[row["organisation"]]
        assert row["level_name"] == (level.band.level if level.band else None)
        assert (row["level_name"] or f"форма {level.status_label}") == level.display
    school_a = next(r for r in listed if r["organisation"] == cast.school_a.pk)
    assert school_a["level"] and school_a["points"] is not None and school_a["criteria"]
    assert school_a["decided_at"] and school_a["submitted_at"]


def test_a_campaign_counts_its_forms_by_status_as_the_analytical_report(cast, campaign):
    body = api_as(cast.methodist_m1).get(f"{CAMPAIGNS}{campaign.pk}/").json()
    report = analytical_report_data(campaign)["status_counts"]
    assert {Form.Status(s).label: n for s, n in body["forms"].items() if s != "total"} == report
    assert body["forms"]["total"] == 2 and body["forms"]["accepted"] == 1
    assert body["year"] == 2026 and body["municipality"] == cast.m1.pk
    criteria = body["criteria_set"]["criteria"]
    assert criteria and all(c["indicators"] for c in criteria)
    first = criteria[0]["indicators"][0]
    assert first["number"] == f"{criteria[0]['position']}.{first['position']}"


def test_answers_are_the_forms_values_with_their_evidence(cast, campaign):
    form = campaign.forms.get(organisation=cast.school_a)
    answer = form.answers.select_related("indicator__criterion").order_by("pk").first()
    answer.evidence_file.save("приказ.pdf", ContentFile(b"%PDF-1.4 order"))
    client = api_as(cast.curator_a)
    listed = rows(client, ANSWERS, form=form.pk)
    assert len(listed) == form.answers.count()
    row = next(r for r in listed if r["id"] == answer.pk)
    indicator = answer.indicator
    assert row["indicator"] == indicator.pk
    assert row["indicator_number"] == f"{indicator.criterion.position}.{indicator.position}"
    assert row["indicator_name"] == indicator.name and row["scale"] == indicator.scale
    assert row["campaign"] == campaign.pk and row["form"] == form.pk
    # The file's address is the page's download, which opens with the same token.
    assert row["evidence_file"].endswith(
        reverse("monitoring:effectiveness:evidence_file", args=[answer.pk])
    )
    assert client.get(row["evidence_file"]).status_code == 200
    assert all(r["evidence_file"] is None for r in listed if r["id"] != answer.pk)
    numeric = next(r for r in listed if r["scale"] == "percent")
    assert numeric["value"] == "70.00"
    verbal = next(r for r in listed if r["scale"] == "presence")
    assert (verbal["option"], verbal["option_label"]) == ("present", "Имеется")


def test_only_the_readers_of_the_pages_see_the_rows(cast, campaign):
    school_a = campaign.forms.get(organisation=cast.school_a)
    answer = school_a.answers.first()
    everything = {f.pk for f in campaign.forms.all()}
    for who in ("methodist_m1", "coordinator_r1", "admin"):
        client = api_as(getattr(cast, who))
        assert [r["id"] for r in rows(client, CAMPAIGNS)] == [campaign.pk], who
        assert {r["id"] for r in rows(client, FORMS)} == everything, who
    # The school's curator and director: their form and its answers, no campaign, no level.
    for who in ("curator_a", "director_a"):
        client = api_as(getattr(cast, who))
        found = rows(client, FORMS)
        assert [r["id"] for r in found] == [school_a.pk], who
        assert found[0]["level"] is None and found[0]["criteria"] == [], who
        assert client.get(f"{FORMS}{school_a.pk}/").json()["points"] is None
        assert {r["form"] for r in rows(client, ANSWERS)} == {school_a.pk}, who
        assert rows(client, CAMPAIGNS) == [], who
        assert client.get(f"{CAMPAIGNS}{campaign.pk}/").status_code == 403, who
    # Inside the school, a role the pages refuse: 403 for an id, nothing listed.
    client = api_as(cast.psychologist_a)
    for url in (FORMS, ANSWERS, CAMPAIGNS):
        assert rows(client, url) == []
    assert client.get(f"{FORMS}{school_a.pk}/").status_code == 403
    assert client.get(f"{ANSWERS}{answer.pk}/").status_code == 403
    # Another school, municipality or region, and a mentor: nothing, 404 for an id.
    for who in ("mentor_a", "methodist_m2", "curator_b", "coordinator_r2"):
        client = api_as(getattr(cast, who))
        for url, pk in ((CAMPAIGNS, campaign.pk), (FORMS, school_a.pk), (ANSWERS, answer.pk)):
            assert rows(client, url) == [], (who, url)
            response = client.get(f"{url}{pk}/")
            assert response.status_code == 404, (who, url)
            assert_russian(response, who)


def test_the_filters_narrow_and_refuse_in_russian(cast, campaign):
    client = api_as(cast.coordinator_r1)
    school_a = campaign.forms.get(organisation=cast.school_a)
    assert [r["id"] for r in rows(client, FORMS, status="accepted")] == [school_a.pk]
    assert [r["id"] for r in rows(client, FORMS, organisation=cast.school_a.pk)] == [school_a.pk]
    assert len(rows(client, FORMS, campaign=campaign.pk, municipality=cast.m1.pk)) == 2
    assert rows(client, FORMS, municipality=cast.m2.pk) == []
    assert len(rows(client, FORMS, year=2026)) == 2 and rows(client, FORMS, year=2025) == []
    assert [r["id"] for r in rows(client, CAMPAIGNS, year=2026)] == [campaign.pk]
    assert rows(client, CAMPAIGNS, year=2025) == []
    assert len(rows(client, ANSWERS, campaign=campaign.pk)) == Answer.objects.count()
    assert rows(client, ANSWERS, campaign=campaign.pk + 1) == []
    stamps = [r["updated_at"] for r in rows(client, FORMS, ordering="-updated_at")]
    assert stamps == sorted(stamps, reverse=True)
    for url, query in (
        (FORMS, {"status": "сдана"}),
        (FORMS, {"campaign": "abc"}),
        (FORMS, {"year": "26"}),
        (FORMS, {"ordering": "-status"}),
        (FORMS, {"updated_since": "вчера"}),
        (FORMS, {"level": "high"}),
        (CAMPAIGNS, {"year": "1999"}),
        (ANSWERS, {"campaign": "-1"}),
        (ANSWERS, {"form": "первая"}),
    ):
        response = client.get(url, query)
        assert response.status_code == 400, (url, query)
        assert_russian(response, query)


def test_only_what_changed_since_a_moment_is_listed(cast, campaign):
    old = timezone.now() - datetime.timedelta(days=2)
    Campaign.objects.update(updated_at=old)
    Form.objects.update(updated_at=old)
    Answer.objects.update(updated_at=old)
    since = {"updated_since": (timezone.now() - datetime.timedelta(days=1)).isoformat()}
    client = api_as(cast.methodist_m1)
    for url in (CAMPAIGNS, FORMS, ANSWERS):
        assert rows(client, url, **since) == [], url
    # A curator fills in one indicator: that answer, the form (now being filled) and the
    # campaign (its counts by status) changed, nothing else.
    form = campaign.forms.get(organisation=cast.school_a2)
    services.form_transition(
        form=form, action="return", acting_user=cast.methodist_m1, comment="Уточните"
    )
    Form.objects.update(updated_at=old)
    Campaign.objects.update(updated_at=old)
    answer = form.answers.order_by("pk").first()
    services.form_answers_save(
        form=form,
        changes=[(answer, None, {"comment": "По данным ОО-1"})],
        acting_user=cast.curator_a,
    )
    assert [r["id"] for r in rows(client, ANSWERS, **since)] == [answer.pk]
    assert rows(client, FORMS, **since) == []  # returned stays returned: the form is as it was
    services.form_transition(form=form, action="submit", acting_user=cast.curator_a)
    assert [r["id"] for r in rows(client, FORMS, **since)] == [form.pk]
    assert [r["id"] for r in rows(client, CAMPAIGNS, **since)] == [campaign.pk]
