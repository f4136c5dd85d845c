"""What needs this person now: the bell in the menu. Each notice counts what a to-do list
shows (the same selectors), links to where it is done, and is gone once nothing is left.

Counts only, one query per kind of notice and place: the bell costs the same however many
items wait. A curator's and a methodist's notices are kept under their places' data versions
and today's date (``mentorship/fragments.py``), so a page pays one small query for the
versions until something in those places is written; a mentor's or mentee's few counts are
read each time."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from mentorship import fragments
from orgs.models import Municipality, Organisation, Role

# «This week» for a mentor or a mentee: a deadline within the next seven days, or missed.
WEEK_DAYS = 7


@dataclass(frozen=True)
class Notice:
    kind: str
    text: str
    count: int
    url: str
    place: str = ""


def notices_for(request, *, today: datetime.date | None = None) -> list[Notice]:
    viewer = getattr(request, "viewer", None)
    if viewer is None or not request.user.is_authenticated:
        return []
    today = today or timezone.localdate()
    found: list[Notice] = []
    schools = [m.organisation for m in viewer.memberships_with(Role.CURATOR)]
    municipalities = [m.municipality for m in viewer.memberships_with(Role.METHODIST)]
    versions = _place_versions(schools, municipalities)
    for organisation in schools:
        found += fragments.cached(
            ("bell-school", organisation.pk, versions.get(organisation), today),
            lambda organisation=organisation: _curator(organisation, today),
        )
    for municipality in municipalities:
        found += fragments.cached(
            ("bell-municipality", municipality.pk, versions.get(municipality)),
            lambda municipality=municipality: _methodist(municipality),
        )
    if viewer.is_staff_person:
        found += _staff_person(request.user.staff_member_id, today)
    return [notice for notice in found if notice.count]


def _place_versions(schools, municipalities) -> dict:
    """The data versions the cached notices depend on, read fresh (the viewer's rows are
    cached under the account's version, not the places'): a school's own and its parents'
    (municipal campaigns, shared catalogues); a municipality's own and the sum of its
    organisations' (each only grows, so the sum changes with any of them)."""
    if not fragments.enabled():
        return {}
    found = {}
    if schools:
        rows = Organisation.objects.filter(pk__in=[o.pk for o in schools]).values_list(
            "pk", "data_version", "municipality__data_version", "region__data_version"
        )
        by_pk = {pk: versions for pk, *versions in rows}
        found |= {o: by_pk.get(o.pk) for o in schools}
    if municipalities:
        rows = (
            Municipality.objects.filter(pk__in=[m.pk for m in municipalities])
            .annotate(schools=Sum("organisations__data_version"), count=Count("organisations"))
            .values_list("pk", "data_version", "schools", "count")
        )
        by_pk = {pk: versions for pk, *versions in rows}
        found |= {m: by_pk.get(m.pk) for m in municipalities}
    return found


def _curator(organisation, today) -> list[Notice]:
    from documents.models import Document, RenderJob
    from documents.publication.models import Practice
    from monitoring.effectiveness.models import Form
    from monitoring.selectors import pairs_without_plan
    from pairs.selectors import overdue_activities

    pk, place = organisation.pk, str(organisation)
    pairs = reverse("pairs:list", args=[pk])
    ready = Document.objects.filter(organisation=pk, status=Document.Status.DRAFT).filter(
        Exists(RenderJob.objects.filter(document=OuterRef("pk"), status=RenderJob.Status.DONE))
    )
    return [
        Notice(
            "pairs_without_plan",
            "Пары без плана",
            pairs_without_plan(organisation).count(),
            f"{pairs}?no_plan=on",
            place,
        ),
        Notice(
            "overdue_activities",
            "Просроченные мероприятия",
            overdue_activities(organisation, today).count(),
            f"{pairs}?overdue=on",
            place,
        ),
        Notice(
            "forms_returned",
            "Формы мониторинга возвращены на доработку",
            Form.objects.filter(organisation=pk, status=Form.Status.RETURNED).count(),
            reverse("monitoring:effectiveness:organisation", args=[pk]),
            place,
        ),
        Notice(
            "practices_returned",
            "Практики возвращены на доработку",
            Practice.objects.filter(organisation=pk, status=Practice.Status.RETURNED).count(),
            reverse("publication:organisation", args=[pk]),
            place,
        ),
        Notice(
            "documents_ready",
            "Документы сформированы: проверьте и издайте",
            ready.count(),
            reverse("documents:organisation", args=[pk]),
            place,
        ),
    ]


def _methodist(municipality) -> list[Notice]:
    from documents.publication.models import Practice
    from monitoring.effectiveness.models import Form

    pk, place = municipality.pk, str(municipality)
    return [
        Notice(
            "forms_submitted",
            "Формы мониторинга ждут проверки",
            Form.objects.filter(municipality=pk, status=Form.Status.SUBMITTED).count(),
            reverse("monitoring:effectiveness:municipality", args=[pk]),
            place,
        ),
        Notice(
            "practices_proposed",
            "Практики предложены в банк",
            Practice.objects.filter(municipality=pk, status=Practice.Status.SUBMITTED).count(),
            reverse("publication:municipality", args=[pk]),
            place,
        ),
    ]


def _staff_person(staff_id: int, today) -> list[Notice]:
    from monitoring.diagnostics.models import Invitation
    from monitoring.selectors import open_invitations_q
    from pairs.models import PairMember, Plan
    from pairs.selectors import due_by

    # The person's own rows by the explicit staff filter, within their scope: a mentor's
    # plans are those of their pairs, a mentee's only their own.
    plans = Plan.objects.filter(status=Plan.Status.ACTIVE).filter(
        Q(mentee=staff_id)
        | Q(
            pair__in=PairMember.objects.filter(staff=staff_id, role=PairMember.Role.MENTOR).values(
                "pair"
            )
        )
    )
    due = due_by(plans.values("pk"), today + datetime.timedelta(days=WEEK_DAYS)).count()
    waiting = Invitation.objects.filter(open_invitations_q(today), staff_member=staff_id).count()
    return [
        Notice("due_this_week", "Мероприятия на этой неделе", due, reverse("pairs:my") + "#due"),
        Notice(
            "questionnaires",
            "Анкеты ждут ответа",
            waiting,
            reverse("monitoring:diagnostics:my"),
        ),
    ]


def render_bell(request) -> str:
    """The bell with its count and list, for this request (outside any cached page body)."""
    return render_to_string("_bell.html", {"notices": notices_for(request)}, request)


def bell(request) -> dict:
    """Context processor: the notices, read only when a template shows the bell itself."""
    return {"notices": SimpleLazyObject(lambda: notices_for(request))}
