import datetime
import io

from monitoring.effectiveness import services
from monitoring.effectiveness.models import Answer, Form
from monitoring.effectiveness.selectors import analytical_report_data, campaign_table


def _answer_all(form, percent):
    for answer in Answer.objects.filter(form=form).select_related("indicator"):
        if answer.indicator.scale in ("percent", "count"):
            answer.value = percent
        else:
            answer.option = "positive" if answer.indicator.scale == "dynamics" else "available"
        answer.save()


def test_report_data_gives_bands_levels_and_statuses(cast):
    last = services.campaign_open(municipality=cast.m1, year=2025, acting_user=cast.methodist_m1)
    now = services.campaign_open(municipality=cast.m1, year=2026, acting_user=cast.methodist_m1)
    form = Form.objects.get(campaign=now, organisation=cast.school_a)
    _answer_all(form, 79)
    services.form_transition(form=form, action="submit", acting_user=cast.curator_a)
    handed_in = next(
        o for o in analytical_report_data(now)["organisations"] if o["name"] == "Онгудайская СОШ"
    )
    assert handed_in["status"] == "сдана" and handed_in["level"] == ""  # not accepted yet
    services.form_transition(form=form, action="accept", acting_user=cast.methodist_m1)
    data = analytical_report_data(now)
    assert data["year"] == 2026
    assert len(data["criteria"]) == 7
    school = next(o for o in data["organisations"] if o["name"] == "Онгудайская СОШ")
    assert school["status"] == "принята"
    assert "79–60 %" in school["bands"]
    assert school["level"] in {"высокий", "достаточный"}
    assert data["status_counts"]["принята"] == 1
    assert data["status_counts"]["не начата"] == 1
    # last year's campaign is its own table: the year-over-year column reads it
    assert len(campaign_table(last)["rows"]) == 2
    assert data["previous_year"] == 2025
    assert [(y["year"], y["organisations"]) for y in data["history"]] == [(2025, 2), (2026, 2)]
    # each criterion carries last year's band counts of the criterion with the same name
    assert all(
        set(c["previous"]["bands"]) == {"100–80 %", "79–60 %", "59–40 %", "39 % и ниже"}
        for c in data["by_criterion"]
    )


def test_demo_loads_idempotently(db):
    from django.core.management import call_command

    call_command("seed_demo", "--allow-without-debug", stdout=io.StringIO())
    from monitoring.effectiveness.models import Attendance, Campaign, Event, RoadMapItem, Session

    def counted():
        return (
            RoadMapItem.objects.count(),
            Campaign.objects.count(),
            Form.objects.count(),
            Session.objects.count(),
            Attendance.objects.count(),
        )

    counts = counted()
    call_command("seed_demo", "--allow-without-debug", stdout=io.StringIO())
    assert counts == counted()
    # Ongudai's municipal «Школа молодого педагога» and a school's own series, with sessions,
    # participants and attendance; the decade's sessions are led by mentors.
    municipal = Event.objects.get(
        municipality__name="Онгудайский район", organisation=None, kind="series"
    )
    assert municipal.title == "Школа молодого педагога"
    assert municipal.sessions.count() == 7 and municipal.participations.count() > 5
    held = municipal.sessions.filter(date__lte=datetime.date.today()).exists()
    assert Attendance.objects.filter(session__event=municipal).exists() == held
    school = Event.objects.get(organisation__isnull=False, kind="series")
    assert school.level == "school" and school.sessions.count() == 3
    assert not Session.objects.filter(event__kind="decade", leader__isnull=True).exists()
    assert counts[0] == 15
    statuses = set(Form.objects.values_list("status", flat=True))
    assert statuses == {s for s, _ in Form.Status.choices}
