import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.effectiveness import services
from monitoring.effectiveness.forms import AnswerForm
from monitoring.effectiveness.models import (
    Answer,
    Campaign,
    Form,
    LocalAct,
    RoadMapItem,
    RoadMapYear,
)
from monitoring.effectiveness.scales import SCALE_OPTIONS
from orgs.models import Role
from tests.factories import OrganisationFactory, member
from tests.forms import form_data, page_form


def open_campaign(cast, municipality=None, year=2026):
    return services.campaign_open(
        municipality=municipality or cast.m1, year=year, acting_user=cast.methodist_m1
    )


def test_a_methodist_opens_the_year_and_every_organisation_gets_a_form(client, cast):
    client.force_login(cast.methodist_m1)
    response = client.post(
        reverse("monitoring:effectiveness:municipality", args=[cast.m1.pk]), {"year": "2026"}
    )
    campaign = Campaign.objects.get(municipality=cast.m1, year=2026)
    assert response.url == reverse("monitoring:effectiveness:campaign", args=[campaign.pk])
    assert set(Form.objects.filter(campaign=campaign).values_list("organisation", flat=True)) == {
        cast.school_a.pk,
        cast.school_a2.pk,
    }
    # eleven indicators of Kedrovy's criteria table on each form
    assert Answer.objects.filter(form__campaign=campaign).count() == 22


def test_opening_the_same_year_twice_is_refused_in_russian(client, cast):
    open_campaign(cast)
    client.force_login(cast.methodist_m1)
    response = client.post(
        reverse("monitoring:effectiveness:municipality", args=[cast.m1.pk]), {"year": "2026"}
    )
    assert "Мониторинг за 2026 год уже открыт." in response.content.decode()
    assert Campaign.objects.count() == 1


def test_bad_year_writes_nothing(client, cast):
    client.force_login(cast.methodist_m1)
    response = client.post(
        reverse("monitoring:effectiveness:municipality", args=[cast.m1.pk]), {"year": "x"}
    )
    assert "Введите целое число." in response.content.decode()
    assert not Campaign.objects.exists()


def test_outsiders_get_404_and_readers_403(client, cast):
    campaign = open_campaign(cast)
    form = Form.objects.get(campaign=campaign, organisation=cast.school_a)
    client.force_login(cast.methodist_m3)
    for url in (
        reverse("monitoring:effectiveness:municipality", args=[cast.m1.pk]),
        reverse("monitoring:effectiveness:campaign", args=[campaign.pk]),
        reverse("monitoring:effectiveness:form", args=[form.pk]),
        reverse("monitoring:effectiveness:local_acts", args=[cast.m1.pk]),
    ):
        assert client.get(url).status_code == 404, url
    client.force_login(cast.curator_b)
    assert client.get(reverse("monitoring:effectiveness:form", args=[form.pk])).status_code == 404
    # the coordinator reads but may not open a campaign; the director reads the form
    client.force_login(cast.coordinator_r1)
    url = reverse("monitoring:effectiveness:municipality", args=[cast.m1.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"year": "2027"}).status_code == 403
    client.force_login(cast.director_a)
    assert client.get(reverse("monitoring:effectiveness:form", args=[form.pk])).status_code == 200
    assert (
        client.post(reverse("monitoring:effectiveness:form", args=[form.pk]), {}).status_code == 403
    )
    decide = reverse("monitoring:effectiveness:decide", args=[form.pk])
    assert client.post(decide, {"action": "submit"}).status_code == 403


def _fill_post(form, **overrides):
    """Every indicator filled, each row with the version a browser would have been given."""
    data = {}
    for answer in form.answers.select_related("indicator"):
        prefix = f"a{answer.pk}-"
        data[prefix + "row_version"] = AnswerForm(instance=answer, prefix=prefix[:-1]).initial[
            "row_version"
        ]
        if answer.indicator.scale in ("percent", "count"):
            value = answer.computed_value if answer.computed_value is not None else 50
            data[prefix + "value"] = str(value)
        else:
            data[prefix + "option"] = SCALE_OPTIONS[answer.indicator.scale][-1][0]
        data[prefix + "comment"] = ""
        data[prefix + "evidence_text"] = "Анкетирование"
        data[prefix + "evidence_url"] = ""
    data.update(overrides)
    return data


def test_the_curator_corrects_a_computed_value_only_with_a_comment(client, cast):
    campaign = open_campaign(cast)
    form = Form.objects.get(campaign=campaign, organisation=cast.school_a)
    share = form.answers.get(indicator__computed="young_share")
    client.force_login(cast.curator_a)
    url = reverse("monitoring:effectiveness:form", args=[form.pk])
    response = client.post(url, _fill_post(form, **{f"a{share.pk}-value": "70"}), follow=True)
    assert "укажите причину в комментарии" in response.content.decode()
    share.refresh_from_db()
    assert share.value is None
    data = _fill_post(
        form, **{f"a{share.pk}-value": "70,5", f"a{share.pk}-comment": "Учтены совместители"}
    )
    client.post(url, data)
    share.refresh_from_db()
    assert (share.value, share.computed_value, share.comment) == (
        Decimal("70.5"),
        0,
        "Учтены совместители",
    )
    form.refresh_from_db()
    assert form.status == Form.Status.IN_PROGRESS


def test_submit_return_accept(client, cast):
    campaign = open_campaign(cast)
    form = Form.objects.get(campaign=campaign, organisation=cast.school_a)
    decide = reverse("monitoring:effectiveness:decide", args=[form.pk])
    client.force_login(cast.curator_a)
    response = client.post(decide, {"action": "submit"}, follow=True)
    assert "Не заполнено показателей" in response.content.decode()
    client.post(reverse("monitoring:effectiveness:form", args=[form.pk]), _fill_post(form))
    client.post(decide, {"action": "submit"})
    form.refresh_from_db()
    assert form.status == Form.Status.SUBMITTED
    client.force_login(cast.methodist_m1)
    response = client.post(decide, {"action": "return", "comment": ""}, follow=True)
    assert "напишите, что исправить" in response.content.decode()
    client.post(decide, {"action": "return", "comment": "Приложите анкеты"})
    form.refresh_from_db()
    assert (form.status, form.methodist_comment) == (Form.Status.RETURNED, "Приложите анкеты")
    client.force_login(cast.curator_a)
    client.post(decide, {"action": "submit"})
    client.force_login(cast.methodist_m1)
    client.post(decide, {"action": "accept"})
    form.refresh_from_db()
    assert form.status == Form.Status.ACCEPTED


def test_municipal_table_has_a_constant_query_count(client, cast):
    def count_queries():
        Campaign.objects.all().delete()
        campaign = open_campaign(cast)
        client.force_login(cast.methodist_m1)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("monitoring:effectiveness:campaign", args=[campaign.pk]))
        assert response.status_code == 200
        return len(ctx), response

    for _ in range(8):
        OrganisationFactory(municipality=cast.m1)
    small, response = count_queries()
    assert response.content.decode().count("data-organisation=") == 10
    for _ in range(90):
        OrganisationFactory(municipality=cast.m1)
    large, response = count_queries()
    assert response.content.decode().count("data-organisation=") == 100
    assert small == large


def test_kedrovys_road_map_loads_all_rows_and_shows_overdue_items(client, cast):
    road_map = services.road_map_load_seed(municipality=cast.m3)
    items = RoadMapItem.objects.filter(section__road_map=road_map)
    assert items.count() == 15
    assert road_map.sections.count() == 4
    item = items.get(activity__startswith="Разработка муниципальных критериев")
    assert item.indicators == "2021-0 2022-3 2023-3 2024-3"
    assert list(item.years.values_list("year", "target")) == [
        (2021, 0),
        (2022, 3),
        (2023, 3),
        (2024, 3),
    ]
    assert RoadMapYear.objects.filter(item__section__road_map=road_map).count() == 51
    assert items.get(number="2", section__position=1).deadline == datetime.date(2020, 12, 1)
    assert items.get(number="1", section__position=1).deadline_month == 11
    assert items.get(number="6").recurring
    services.road_map_year_mark_done(
        year_row=RoadMapYear.objects.get(item__position=1), evidence="Справка", acting_user=None
    )
    client.force_login(cast.methodist_m3)
    response = client.get(
        reverse("monitoring:effectiveness:municipality_road_map", args=[cast.m3.pk])
    )
    page = client.get(response.url).content.decode()
    assert page.count('class="road-map-item"') == 15
    assert "выполнено" in page and "просрочено" in page
    assert "2020: 20 %" in page and "2024: 100 %" in page
    # loading again changes nothing
    assert services.road_map_load_seed(municipality=cast.m3) == road_map
    assert RoadMapItem.objects.count() == 15


def test_copying_last_years_criteria_is_one_action(cast):
    source = services.criteria_set_load_seed(municipality=cast.m1, year=2025)
    copy = services.criteria_set_copy(source=source, year=2026)
    assert copy.criteria.count() == 7
    assert [i.name for c in copy.criteria.all() for i in c.indicators.all()] == [
        i.name for c in source.criteria.all() for i in c.indicators.all()
    ]
    with pytest.raises(Exception, match="уже есть"):
        services.criteria_set_copy(source=source, year=2026)


def test_local_acts_table_filters_gaps_and_generated_documents_register(client, cast):
    from django.core.files.base import ContentFile

    services.local_act_record_generated(
        organisation=cast.school_a,
        kind="Приказ о назначении куратора и наставников",
        number="45-од",
        date=datetime.date(2026, 9, 1),
        file=ContentFile(b"%PDF-1.4", name="order.pdf"),
        acting_user=cast.director_a,
    )
    act = LocalAct.objects.get(organisation=cast.school_a)
    assert (act.number, act.generated) == ("45-од", True)
    with pytest.raises(Exception, match="нет в перечне"):
        services.local_act_record_generated(
            organisation=cast.school_a,
            kind="Неизвестный приказ",
            number="1",
            date=datetime.date(2026, 9, 1),
            file=ContentFile(b"x", name="x.pdf"),
            acting_user=cast.director_a,
        )
    client.force_login(cast.methodist_m1)
    url = reverse("monitoring:effectiveness:local_acts", args=[cast.m1.pk])
    page = client.get(url).content.decode()
    assert page.count(">есть<") == 1
    assert "Еловская СОШ" in client.get(url, {"gaps": "on"}).content.decode()


def test_two_curators_filling_one_form_keep_each_others_answers(client, cast, settings, tmp_path):
    """Both open the form. A fills one indicator and attaches a file to another; B then saves
    a third indicator: saved, A's answers untouched. B's save (from a page opened before) of
    the indicator whose file A attached is refused with the file named, B's typing kept."""
    settings.MEDIA_ROOT = tmp_path
    campaign = open_campaign(cast)
    form = Form.objects.get(campaign=campaign, organisation=cast.school_a)
    first, second, third = form.answers.order_by("pk")[:3]
    url = reverse("monitoring:effectiveness:form", args=[form.pk])
    curator_b = member(Role.CURATOR, cast.school_a)
    a, b = Client(), Client()
    a.force_login(cast.curator_a)
    b.force_login(curator_b)
    data_a = page_form(a, url, f"a{first.pk}-row_version")
    data_b = page_form(b, url, f"a{first.pk}-row_version")
    other_tab = dict(data_b)

    data_a[f"a{first.pk}-comment"] = "Данные из отчёта ОО-1"
    data_a[f"a{second.pk}-evidence_file"] = SimpleUploadedFile(
        "приказ.pdf", b"%PDF-1.4 order", content_type="application/pdf"
    )
    assert a.post(url, data_a).status_code == 302
    data_b[f"a{third.pk}-evidence_text"] = "Протокол педсовета"
    assert b.post(url, data_b).status_code == 302
    first.refresh_from_db(), second.refresh_from_db(), third.refresh_from_db()
    assert first.comment == "Данные из отчёта ОО-1"
    assert second.evidence_file.name.endswith(".pdf")
    assert third.evidence_text == "Протокол педсовета"

    other_tab[f"a{second.pk}-evidence_text"] = "Приказ № 12"
    response = b.post(url, other_tab)
    page = response.content.decode()
    assert "уже изменил другой пользователь" in page
    assert "«Файл»: было «нет файла», стало «приказ.pdf»" in page
    assert page.count('class="alert alert-danger small mt-1 mb-0 p-2 stale-row"') == 1
    second.refresh_from_db()
    assert second.evidence_text == ""
    again = form_data(page, f"a{second.pk}-row_version")
    assert again[f"a{second.pk}-evidence_text"] == "Приказ № 12"
    assert b.post(url, again).status_code == 302
    second.refresh_from_db()
    assert second.evidence_text == "Приказ № 12" and second.evidence_file.name.endswith(".pdf")
