"""Demo diagnostics in Онгудайский район: a difficulties campaign at Онгудайская СОШ whose
shares reproduce the proportions of the district's report of 25.03.2021 (61 %, 52 %, 51 %,
35 %, 32 %) as closely as the school's number of teachers allows, and a satisfaction survey
of the district's pairs.

Idempotent: campaigns are found by organisation and title; answers are computed from each
teacher's position in an alphabetical list, so two runs give the same figures."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction

from orgs.models import Municipality, Organisation, StaffMember, User
from orgs.schoolyear import SchoolYear
from orgs.templatetags.portal import ru_plural

from . import services
from .models import Campaign, Instrument, Invitation, Question
from .ready import install

SCHOOL = "Онгудайская СОШ"
DISTRICT = "Онгудайский район"
# The Ongudai district's report of 25.03.2021: the difficulties of the school's teachers and
# their shares, with an offset that spreads each difficulty over different teachers.
REPORTED_DIFFICULTIES = [
    ("Управление своей эмоциональной сферой", 61, 0),
    ("Решение конфликтных ситуаций в классе с обучающимися", 52, 7),
    ("Некатегоричность оценок и суждений в педагогическом общении", 51, 13),
    ("Умение наблюдать за участниками коммуникации", 35, 21),
    ("Взаимодействие с обучающимися", 32, 29),
]


def seed(log=print) -> None:
    # The data migration ships the instruments; loading them again here is a no-op, except on
    # a database whose tables were emptied after migrating.
    install(apps.get_model)
    municipality = Municipality.objects.filter(name=DISTRICT).first()
    school = Organisation.objects.filter(short_name=SCHOOL, municipality=municipality).first()
    if school is None:
        log("Диагностика: демо-школа не найдена, шаг пропущен.")
        return
    curator = User.objects.filter(username="curator.ongudai").first()
    year = SchoolYear.containing()
    _difficulties(school, curator, year, log)
    _satisfaction(municipality, school, curator, year, log)


def _version(code: str):
    return Instrument.objects.get(code=code).versions.filter(published_at__isnull=False).first()


@transaction.atomic
def _difficulties(school, curator, year, log) -> None:
    title = f"Диагностика профессиональных затруднений педагогов, {year}"
    campaign = Campaign.objects.filter(organisation=school, title=title).first()
    if campaign is None:
        campaign = services.campaign_launch(
            acting_user=curator,
            version=_version("difficulties-card"),
            title=title,
            audience=Campaign.Audience.ALL_TEACHERS,
            starts_on=year.starts_on,
            ends_on=year.starts_on + datetime.timedelta(days=60),
            organisation=school,
        )
    invitations = _ordered(campaign)
    if any(i.submitted_at for i in invitations):
        return
    n = len(invitations)
    for index, invitation in enumerate(invitations):
        scores = {}
        for text, share, offset in REPORTED_DIFFICULTIES:
            count = int((Decimal(share * n) / 100).quantize(Decimal(1), ROUND_HALF_UP))
            scores[text] = 2 if (index + offset) % n < count else 4
        _answer(invitation, scores, default=4 + (index % 3 == 0), user=curator)
    services.campaign_close(campaign=campaign)
    log(f"  диагностика затруднений: {SCHOOL}, {ru_plural(n, 'педагог,педагога,педагогов')}")


def _ordered(campaign) -> list[Invitation]:
    """Alphabetical, with the demo mentee first so that their plan has suggestions."""
    mentee = StaffMember.objects.filter(user__username="mentee.ongudai").first()
    invitations = list(
        campaign.invitations.select_related("staff_member").order_by(
            "staff_member__last_name", "staff_member__first_name", "staff_member__patronymic"
        )
    )
    invitations.sort(key=lambda i: i.staff_member_id != getattr(mentee, "pk", None))
    return invitations


def _answer(invitation, scores: dict, *, default: int, user) -> None:
    """Fill every page as a curator entering paper forms would, then submit."""
    for section in invitation.campaign.version.sections.order_by("position"):
        values = {}
        for q in section.questions.all():
            if q.kind == Question.Kind.SCALE:
                values[q.pk] = scores.get(q.text, default)
            elif q.kind == Question.Kind.YES_NO:
                values[q.pk] = "yes"
            elif q.kind == Question.Kind.TEXT:
                values[q.pk] = ""
        services.answers_save(
            invitation=invitation, section=section, values=values, acting_user=user
        )
    services.response_submit(invitation=invitation, acting_user=user)


@transaction.atomic
def _satisfaction(municipality, school, curator, year, log) -> None:
    """Mid-term satisfaction of the district's mentees and mentors (in pairs)."""
    methodist = User.objects.filter(username="methodist.ongudai").first()
    # Mentees answer anonymously (aggregates of five and more only), mentors by name.
    for code, title, base, anonymous in (
        ("satisfaction-mentee-mid", "Удовлетворённость наставляемых (промежуточная)", 4, True),
        ("satisfaction-mentor-mid", "Удовлетворённость наставников (промежуточная)", 5, False),
    ):
        full_title = f"{title}, {year}"
        if Campaign.objects.filter(municipality=municipality, title=full_title).exists():
            continue
        try:
            campaign = services.campaign_launch(
                acting_user=methodist,
                version=_version(code),
                title=full_title,
                audience=Campaign.Audience.IN_PAIRS,
                starts_on=year.starts_on,
                ends_on=year.ends_on,
                anonymous=anonymous,
                municipality=municipality,
            )
        except ValidationError:
            log("  опрос удовлетворённости пропущен: в районе нет пар")
            return
        side = "mentee" if "mentee" in code else "mentor"
        invitations = campaign.invitations.filter(side=side).order_by("staff_member__last_name")
        campaign.invitations.exclude(side=side).delete()
        for index, invitation in enumerate(invitations):
            _answer(invitation, {}, default=base - (index % 4 == 3), user=curator)
        log(f"  опрос удовлетворённости: {full_title}")
