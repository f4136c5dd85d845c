"""Effectiveness levels come only from forms the methodist accepted; the others show their
status. An accepted form can be opened again by the methodist, with a reason kept."""

import pytest
from django.urls import reverse

from monitoring.effectiveness import services
from monitoring.effectiveness.models import Answer, Form, FormStatusChange
from monitoring.effectiveness.selectors import campaign_levels, campaign_table

pytestmark = pytest.mark.django_db


def _answer_all(form, value):
    for answer in Answer.objects.filter(form=form).select_related("indicator"):
        if answer.indicator.scale in ("percent", "count"):
            answer.value = value
        else:
            answer.option = "absent" if answer.indicator.scale == "presence" else "unavailable"
        answer.save()


@pytest.fixture
def campaign(cast):
    return services.campaign_open(municipality=cast.m1, year=2026, acting_user=cast.methodist_m1)


def _form(campaign, organisation) -> Form:
    return Form.objects.get(campaign=campaign, organisation=organisation)


def test_only_an_accepted_form_carries_a_level(cast, campaign):
    form = _form(campaign, cast.school_a)
    _answer_all(form, 10)  # a form full of poor answers, which is not yet accepted
    steps = [
        (None, Form.Status.NOT_STARTED),
        ("submit", Form.Status.SUBMITTED),
        ("return", Form.Status.RETURNED),
        ("submit", Form.Status.SUBMITTED),
    ]
    for action, status in steps:
        if action:
            actor = cast.curator_a if action == "submit" else cast.methodist_m1
            services.form_transition(form=form, action=action, acting_user=actor, comment="Да")
        level = campaign_levels(campaign)[cast.school_a.pk]
        assert level.status == status and level.band is None
        assert level.display == f"форма {Form.Status(status).label}"
        row = next(r for r in campaign_table(campaign)["rows"] if r["form"] == form)
        assert row["overall"] is None and not any(row["cells"])
    services.form_transition(form=form, action="accept", acting_user=cast.methodist_m1)
    level = campaign_levels(campaign)[cast.school_a.pk]
    assert level.band is not None and level.band.code == "critical"
    assert level.display == "критический"


def test_the_campaign_table_shows_status_instead_of_a_level(client, cast, campaign):
    client.force_login(cast.methodist_m1)
    page = client.get(reverse("monitoring:effectiveness:campaign", args=[campaign.pk]))
    html = page.content.decode()
    assert "критический" not in html
    assert html.count("нет: форма не начата") == 2


def test_a_methodist_reopens_an_accepted_form_with_a_reason_and_the_history_stays(
    client, cast, campaign
):
    form = _form(campaign, cast.school_a)
    _answer_all(form, 90)
    services.form_transition(form=form, action="submit", acting_user=cast.curator_a)
    services.form_transition(form=form, action="accept", acting_user=cast.methodist_m1)
    decide = reverse("monitoring:effectiveness:decide", args=[form.pk])

    client.force_login(cast.curator_a)
    assert client.post(decide, {"action": "reopen", "comment": "Хочу исправить"}).status_code == 403
    client.force_login(cast.methodist_m1)
    response = client.post(decide, {"action": "reopen", "comment": ""}, follow=True)
    assert "Укажите причину" in response.content.decode()
    form.refresh_from_db()
    assert form.status == Form.Status.ACCEPTED

    response = client.post(
        decide, {"action": "reopen", "comment": "Доля молодых посчитана без совместителей"}
    )
    form.refresh_from_db()
    assert form.status == Form.Status.RETURNED and form.editable
    assert campaign_levels(campaign)[cast.school_a.pk].band is None
    actions = list(form.status_changes.values_list("action", "comment"))
    assert actions == [
        ("submit", ""),
        ("accept", ""),
        ("reopen", "Доля молодых посчитана без совместителей"),
    ]
    page = client.get(reverse("monitoring:effectiveness:form", args=[form.pk])).content.decode()
    assert "снова открыта методистом: Доля молодых посчитана без совместителей" in page

    # A methodist of another municipality cannot reopen it.
    client.force_login(cast.methodist_m2)
    client.post(decide, {"action": "reopen", "comment": "чужая"})
    assert FormStatusChange.objects.filter(action="reopen").count() == 1
