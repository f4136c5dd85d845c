"""The analytical report on the year's effectiveness monitoring, produced by a methodist:
every organisation and criterion with its band, conclusions from the figures, last year's
comparison, the year's difficulties and charts, in the PDF and the DOCX; frozen at issue."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from documents import content, services
from documents.models import Document, Kind, RenderJob
from documents.report import report_snapshot
from monitoring.diagnostics.models import Question
from monitoring.effectiveness import services as effectiveness
from monitoring.effectiveness.models import Criterion
from monitoring.effectiveness.scales import SCALE_OPTIONS
from tests.factories import OrganisationFactory, StaffMemberFactory
from tests.monitoring.diagnostics.factories import answer, launch

from .helpers import docx_text, pdf_text

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<link rel="attachment" href="file:///etc/passwd"> <img src="http://127.0.0.1/"> '
    "{{ settings.SECRET_KEY }} {% load %}"
)
CHART_TITLES = [
    "Организации по уровню эффективности",
    "Уровень эффективности по годам, % организаций",
    "Организации по диапазонам показателей критериев",
    "Доля педагогов с затруднениями по областям",
]


def fill(campaign, organisation, cast, *, percent: int, best: bool, accept: bool = True):
    """Answer every indicator of the school's form, hand it in, and have the methodist
    accept it (unless not ``accept``)."""
    form = campaign.forms.get(organisation=organisation)
    for a in form.answers.select_related("indicator"):
        if a.indicator.scale in ("percent", "count"):
            a.value = percent
        else:
            options = SCALE_OPTIONS[a.indicator.scale]
            a.option = options[0 if best else -1][0]
        a.save()
    effectiveness.form_transition(form=form, action="submit", acting_user=cast.curator_a)
    if accept:
        effectiveness.form_transition(form=form, action="accept", acting_user=cast.methodist_m1)


def two_years(cast):
    """2025: school A weak; 2026: school A strong. School A2 never answers."""
    last = effectiveness.campaign_open(
        municipality=cast.m1, year=2025, acting_user=cast.methodist_m1
    )
    fill(last, cast.school_a, cast, percent=30, best=False)
    now = effectiveness.campaign_open(
        municipality=cast.m1, year=2026, acting_user=cast.methodist_m1
    )
    fill(now, cast.school_a, cast, percent=85, best=True)
    return now


def deficits_survey(cast, title="Карта затруднений 2026"):
    survey = launch(
        user=cast.methodist_m1,
        organisation=None,
        municipality=cast.m1,
        staff=[cast.teacher_a, cast.teacher_a2],
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 12, 1),
        title=title,
    )
    first, second = survey.invitations.order_by("staff_member__last_name", "pk")
    answer(
        first,
        {
            "Взаимодействие с обучающимися": 1,
            "Умение наблюдать за участниками коммуникации": 1,
            "Некатегоричность оценок и суждений в педагогическом общении": 2,
        },
    )
    answer(second, {"Взаимодействие с обучающимися": 1, "Управление своей эмоциональной сферой": 1})
    return survey


def issue_report(client, cast, campaign, **fields) -> Document:
    client.force_login(cast.methodist_m1)
    url = reverse("documents:municipality_create", args=[cast.m1.pk, Kind.ANALYTICAL_REPORT])
    data = {"date": "2026-12-20", "campaign": campaign.pk, "signer_name": "Смирнова Е. А."}
    client.post(url, {**data, **fields})
    document = Document.objects.get()
    client.post(
        reverse("documents:issue", args=[document.pk]), {"number": "12", "date": "2026-12-20"}
    )
    return document


def test_a_methodist_issues_the_analytical_report(client, cast, django_capture_on_commit_callbacks):
    campaign = two_years(cast)
    deficits_survey(cast)
    client.force_login(cast.methodist_m1)
    url = reverse("documents:municipality_create", args=[cast.m1.pk, Kind.ANALYTICAL_REPORT])
    response = client.post(url, {"date": "2026-12-20", "signer_name": "Смирнова Е. А."})
    assert "Обязательное поле." in response.content.decode()
    assert not Document.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        document = issue_report(client, cast, campaign)
    document.refresh_from_db()
    pdf_bytes = document.pdf.read()
    pdf, docx = pdf_text(pdf_bytes), docx_text(document.docx.read())
    criteria = list(Criterion.objects.filter(criteria_set=campaign.criteria_set))
    assert len(criteria) == 7
    for text in (pdf, docx):
        assert "АНАЛИТИЧЕСКАЯ СПРАВКА" in text
        assert "от 20.12.2026 № 12" in text
        assert "Мониторинг эффективности системы наставничества за 2026 год проведён в 2" in text
        assert "Формы приняты у 1 из 2 организаций." in text
        for school in (cast.school_a.short_name, cast.school_a2.short_name):
            assert school in text
        for number, criterion in enumerate(criteria, start=1):
            assert f"К{number}. {criterion.name}" in text
            assert f"К{number}. «{criterion.name}»: у " in text  # its conclusion
        for band in ("100–80 %", "79–60 %", "59–40 %", "39 % и ниже", "нет данных"):
            assert band in text
        # Conclusions are written from the figures, with last year's for comparison. Only
        # accepted forms count: school A2 never handed one in, so it has no data, although
        # K1 could be computed from its records.
        assert (
            f"К1. «{criteria[0].name}»: у 1 из 1 организации показатель в диапазоне 100–80 %; "
            "критерий выполнен всеми организациями, по которым есть данные. Данных нет у 1 "
            "организации. В 2025 году в этом диапазоне было 0 из 1; доля выросла с 0 % до 100 %."
        ) in text
        assert (
            f"К2. «{criteria[1].name}»: у 1 из 1 организации показатель в диапазоне 100–80 %; "
            "критерий выполнен всеми организациями, по которым есть данные. Данных нет у 1 "
            "организации. В 2025 году в этом диапазоне было 0 из 1; доля выросла с 0 % до 100 %."
        ) in text
        assert "(в прошлом году: критический)" in text
        assert "Уровни эффективности по годам мониторинга" in text
        # The year's diagnostics: shares by area and the most frequent difficulties in each.
        assert "Карта затруднений 2026" in text and "ответили 2 чел." in text
        assert "Наиболее частые затруднения по областям" in text
        assert "Взаимодействие с обучающимися 100" in text
        assert "Умение наблюдать за участниками коммуникации 50" in text
    # The charts are drawn in the PDF (their titles are text there), not in the DOCX.
    for title in CHART_TITLES:
        assert title in pdf
        assert title not in docx
    assert PdfReader(io.BytesIO(pdf_bytes)).attachments == {}


def test_hostile_text_reaching_the_report_is_printed_literally(
    client, cast, django_capture_on_commit_callbacks
):
    campaign = two_years(cast)
    deficits_survey(cast, title=f"Карта {HOSTILE}")
    Criterion.objects.filter(criteria_set=campaign.criteria_set, position=2).update(
        name=f"Критерий {HOSTILE}"
    )
    Question.objects.filter(text="Взаимодействие с обучающимися").update(text=f"Вопрос {HOSTILE}")
    cast.school_a2.short_name = f"Школа {HOSTILE}"
    cast.school_a2.save()
    with django_capture_on_commit_callbacks(execute=True):
        document = issue_report(client, cast, campaign, signer_position=f"Должность {HOSTILE}")
    document.refresh_from_db()
    pdf_bytes = document.pdf.read()
    pdf, docx = pdf_text(pdf_bytes), docx_text(document.docx.read())
    for text in (pdf, docx):
        # Narrow cells wrap the long strings where the extracted text then has a space.
        text = text.replace(" ", "")
        for place in ("Карта", "Критерий", "Вопрос", "Школа", "Должность"):
            assert f"{place}{HOSTILE}".replace(" ", "") in text, place
    assert PdfReader(io.BytesIO(pdf_bytes)).attachments == {}
    assert b"/URI" not in pdf_bytes  # no link to the internal address either


def test_an_issued_report_keeps_its_figures_when_the_monitoring_changes(
    client, cast, django_capture_on_commit_callbacks
):
    campaign = two_years(cast)
    with django_capture_on_commit_callbacks(execute=True):
        document = issue_report(client, cast, campaign)
    document.refresh_from_db()
    before = pdf_text(document.pdf.read())
    k2 = Criterion.objects.get(criteria_set=campaign.criteria_set, position=2).name
    assert f"К2. «{k2}»: у 1 из 1 организации" in before
    fill(campaign, cast.school_a2, cast, percent=20, best=False)  # a late form, accepted
    now = content.build_snapshot(document)["conclusions"][1]
    assert now.startswith(f"К2. «{k2}»: у 1 из 2 организаций")  # the data moved on
    # A reprint (a worker lost mid-render prints again) and the preview read the snapshot.
    job = document.jobs.get()
    RenderJob.objects.filter(pk=job.pk).update(status=RenderJob.Status.RUNNING)
    with django_capture_on_commit_callbacks(execute=True):
        services.render_job_run(job_id=job.pk)
    document.refresh_from_db()
    assert pdf_text(document.pdf.read()) == before
    preview = client.get(reverse("documents:preview", args=[document.pk])).content.decode()
    assert f"К2. «{k2}»: у 1 из 1 организации" in preview and now not in preview


def test_the_report_asks_for_a_campaign_of_its_own_municipality(cast):
    other = effectiveness.campaign_open(
        municipality=cast.m2, year=2026, acting_user=cast.methodist_m2
    )
    with pytest.raises(Exception, match="Выберите мониторинг"):
        services.document_create(
            issuer=cast.m1,
            kind=Kind.ANALYTICAL_REPORT,
            date=datetime.date(2026, 12, 1),
            title="",
            params={"campaign": other.pk},
            acting_user=cast.methodist_m1,
        )
    assert not Document.objects.exists()


def figures(*, bands: dict, measured: int, previous: dict | None, total: int) -> dict:
    return {
        "year": 2026,
        "criteria": ["Закрепляемость молодых специалистов"],
        "organisations": [
            {"name": f"СОШ № {n}", "bands": [""], "level": "", "previous_level": ""}
            for n in range(total)
        ],
        "by_criterion": [
            {
                "name": "Закрепляемость молодых специалистов",
                "bands": bands,
                "measured": measured,
                "previous": previous,
            }
        ],
        "has_previous": previous is not None,
        "previous_year": 2025 if previous else None,
        "status_counts": {"принята": total},
        "level_counts": {},
        "history": [],
    }


@pytest.mark.parametrize(
    ("bands", "measured", "previous", "expected"),
    [
        (
            {"100–80 %": 3, "79–60 %": 1, "39 % и ниже": 1},
            5,
            {"bands": {"100–80 %": 4}, "measured": 5},
            "К1. «Закрепляемость молодых специалистов»: у 3 из 5 организаций показатель в "
            "диапазоне 100–80 %, у 1 — 79–60 %, у 1 — 39 % и ниже; организациям с показателем "
            "39 % и ниже нужна методическая помощь. В 2025 году в этом диапазоне было 4 из 5; "
            "доля снизилась с 80 % до 60 %.",
        ),
        (
            {"100–80 %": 0, "59–40 %": 2},
            2,
            None,
            "К1. «Закрепляемость молодых специалистов»: у 0 из 2 организаций показатель в "
            "диапазоне 100–80 %, у 2 — 59–40 %. Данных нет у 3 организаций.",
        ),
        (
            {"100–80 %": 21},
            21,
            {"bands": {"100–80 %": 21}, "measured": 21},
            "К1. «Закрепляемость молодых специалистов»: у 21 из 21 организации показатель в "
            "диапазоне 100–80 %; критерий выполнен всеми организациями. В 2025 году в этом "
            "диапазоне было 21 из 21; доля не изменилась (100 %).",
        ),
        (
            {},
            0,
            None,
            "К1. «Закрепляемость молодых специалистов»: данных нет ни у одной организации.",
        ),
    ],
)
def test_each_conclusion_is_written_from_the_criterions_figures(
    bands, measured, previous, expected
):
    total = max(measured, 5)
    snapshot = report_snapshot(
        figures(bands=bands, measured=measured, previous=previous, total=total),
        {"title": "", "respondents": 0, "rows": [], "top": []},
    )
    assert snapshot["conclusions"] == [expected]


def test_the_report_lists_the_normative_base_schools_with_pairs_events_and_tasks(
    client, cast, django_capture_on_commit_callbacks
):
    from tests.pairs.factories import PairFactory, ProgrammeFactory

    campaign = two_years(cast)
    programme = ProgrammeFactory(organisation=cast.school_a, title="Программа «Учитель – учитель»")
    for _ in range(2):
        PairFactory(programme=programme, starts_on=datetime.date(2025, 9, 1))
    with django_capture_on_commit_callbacks(execute=True):
        document = issue_report(client, cast, campaign)
    document.refresh_from_db()
    for text in (pdf_text(document.pdf.read()), docx_text(document.docx.read())):
        assert "Нормативная база" in text and "№ Р-145" in text
        # As the Ongudai district's report of 25.03.2021 lists them: a paragraph per school
        # with its programme, term and pairs.
        assert "реализуется программа «Учитель – учитель»" in text
        assert f"{programme.ends_on:%d.%m.%Y}, 2 пары)." in text
        assert "программа наставничества не утверждена." in text
        assert "Мероприятия 2026 года" in text
        assert "Выводы" in text and "Программы наставничества реализуются в 1 из 2" in text
        assert "Задачи на следующий год" in text
        assert f"Обеспечить сдачу и приёмку форм мониторинга: {cast.school_a2.short_name}." in text
        assert (
            "Сформировать наставнические пары (группы) в организациях, где их нет: "
            f"{cast.school_a2.short_name}."
        ) in text


def school_diagnostics(cast):
    """School A's own deficits diagnostics of 2026, answered by both its teachers."""
    second = StaffMemberFactory(organisation=cast.school_a, last_name="Кызлакова")
    survey = launch(
        user=cast.curator_a,
        organisation=cast.school_a,
        staff=[cast.teacher_a, second],
        starts_on=datetime.date(2026, 10, 1),
        ends_on=datetime.date(2026, 11, 10),
        title="Карта затруднений Онгудайской СОШ",
    )
    first, other = survey.invitations.order_by("pk")
    answer(first, {"Управление своей эмоциональной сферой": 1})
    answer(other, {"Управление своей эмоциональной сферой": 1, "Взаимодействие с обучающимися": 1})
    return survey


@pytest.mark.parametrize("municipal", [False, True], ids=["school only", "school and municipality"])
def test_a_schools_own_diagnostics_is_reported_not_said_to_be_missing(
    client, cast, django_capture_on_commit_callbacks, municipal
):
    campaign = two_years(cast)
    school_diagnostics(cast)
    if municipal:
        deficits_survey(cast)
    with django_capture_on_commit_callbacks(execute=True):
        document = issue_report(client, cast, campaign)
    document.refresh_from_db()
    for text in (pdf_text(document.pdf.read()), docx_text(document.docx.read())):
        assert "в муниципалитете и его организациях не проводилась" not in text
        assert (
            f"{cast.school_a.short_name}: диагностика «Карта затруднений Онгудайской СОШ» "
            "(ответили 2 чел.)"
        ) in text
        assert "Управление своей эмоциональной сферой 100" in text
        assert ("Карта затруднений 2026" in text) == municipal
        # Without a municipal survey the schools that ran none are asked to.
        assert (
            f"где она в этом году не проводилась: {cast.school_a2.short_name}." in text
        ) != municipal


def test_without_any_diagnostics_the_report_says_so(
    client, cast, django_capture_on_commit_callbacks
):
    campaign = two_years(cast)
    with django_capture_on_commit_callbacks(execute=True):
        document = issue_report(client, cast, campaign)
    document.refresh_from_db()
    for text in (pdf_text(document.pdf.read()), docx_text(document.docx.read())):
        assert (
            "Диагностика профессиональных затруднений в 2026 году в муниципалитете и его "
            "организациях не проводилась."
        ) in text


def test_forms_not_accepted_carry_no_level_and_are_listed(
    client, cast, django_capture_on_commit_callbacks
):
    third = OrganisationFactory(municipality=cast.m1, short_name="Ининская СОШ")
    campaign = two_years(cast)
    fill(campaign, third, cast, percent=90, best=True, accept=False)
    with django_capture_on_commit_callbacks(execute=True):
        document = issue_report(client, cast, campaign)
    document.refresh_from_db()
    for text in (pdf_text(document.pdf.read()), docx_text(document.docx.read())):
        assert (
            "Формы мониторинга не сданы, уровень эффективности не определён: "
            f"{cast.school_a2.short_name}."
        ) in text
        assert "Формы сданы, но ещё не приняты, уровень не определён: Ининская СОШ." in text
        assert "форма не сдана" in text and "форма не принята" in text
        assert "Уровень эффективности определён у 1 из 3 организаций" in text
