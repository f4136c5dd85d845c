"""What needs this person now: the bell in the menu. Each notice counts what a to-do list
shows (the same selectors), links to where it is done, and is gone once nothing is left.

Counts only, one query per place (each count a subquery of it): the bell costs the same
however many items wait. A curator's and a methodist's notices are kept under their places'
data versions and today's date (``mentorship/fragments.py``), so a page pays one small query
for the versions until something in those places is written; a mentor's or mentee's few
counts are read each time."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, Func, IntegerField, OuterRef, Q, Subquery, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from mentorship import fragments
from orgs.cached_pages import school_versions_read
from orgs.models import Municipality, Organisation, Role
from orgs.tenancy import compiled_rows

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
    versions = _place_versions(request, schools, municipalities)
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


def _place_versions(request, schools, municipalities) -> dict:
    """The data versions the cached notices depend on, read fresh (the viewer's rows are
    cached under the account's version, not the places'): a school's own and its parents'
    (municipal campaigns, shared catalogues); a municipality's own and the sum of its
    organisations' (each only grows, so the sum changes with any of them)."""
    if not fragments.enabled():
        return {}
    # Read on every page, cached or not (the SQL compiled once per worker and places), unless
    # the page's own key has just read them.
    found = {}
    if schools:
        by_pk = dict(school_versions_read(request))
        unread = tuple(sorted(o.pk for o in schools if o.pk not in by_pk))
        if unread:
            by_pk |= {
                pk: tuple(versions) for pk, *versions in compiled_rows(_school_versions, unread)
            }
        found |= {o: by_pk.get(o.pk) for o in schools}
    if municipalities:
        rows = compiled_rows(_municipality_versions, tuple(sorted(m.pk for m in municipalities)))
        by_pk = {pk: versions for pk, *versions in rows}
        found |= {m: by_pk.get(m.pk) for m in municipalities}
    return found


def _school_versions(pks: tuple[int, ...]):
    return Organisation.objects.filter(pk__in=pks).values_list(
        "pk", "data_version", "municipality__data_version", "region__data_version"
    )


def _municipality_versions(pks: tuple[int, ...]):
    return (
        Municipality.objects.filter(pk__in=pks)
        .annotate(schools=Sum("organisations__data_version"), count=Count("organisations"))
        .values_list("pk", "data_version", "schools", "count")
    )


def _count(queryset) -> Subquery:
    """``queryset.count()`` as a column of another query."""
    counted = queryset.order_by().annotate(n=Func(template="COUNT(*)", output_field=IntegerField()))
    return Subquery(counted.values("n"))


def _curator_counts(organisation_id: int, today: datetime.date):
    """The five counts of a curator's notices, in one query."""
    from documents.models import Document, RenderJob
    from documents.publication.models import Practice
    from monitoring.effectiveness.models import Form
    from monitoring.selectors import pairs_without_plan
    from pairs.selectors import overdue_activities

    pk = organisation_id
    ready = Document.objects.filter(organisation=pk, status=Document.Status.DRAFT).filter(
        Exists(RenderJob.objects.filter(document=OuterRef("pk"), status=RenderJob.Status.DONE))
    )
    counts = {
        "without_plan": pairs_without_plan(pk),
        "overdue": overdue_activities(pk, today),
        "forms": Form.objects.filter(organisation=pk, status=Form.Status.RETURNED),
        "practices": Practice.objects.filter(organisation=pk, status=Practice.Status.RETURNED),
        "documents": ready,
    }
    return (
        Organisation.objects.filter(pk=pk)
        .annotate(**{name: _count(queryset) for name, queryset in counts.items()})
        .values_list(*counts)
    )


def _curator(organisation, today) -> list[Notice]:
    pk, place = organisation.pk, str(organisation)
    # Its SQL is compiled once per worker, school and day: the counts are read afresh.
    rows = compiled_rows(_curator_counts, pk, today)
    without_plan, overdue, forms, practices, documents = rows[0] if rows else (0,) * 5
    pairs = reverse("pairs:list", args=[pk])
    return [
        Notice("pairs_without_plan", "Пары без плана", without_plan, f"{pairs}?no_plan=on", place),
        Notice(
            "overdue_activities",
            "Просроченные мероприятия",
            overdue,
            f"{pairs}?overdue=on",
            place,
        ),
        Notice(
            "forms_returned",
            "Формы мониторинга возвращены на доработку",
            forms,
            reverse("monitoring:effectiveness:organisation", args=[pk]),
            place,
        ),
        Notice(
            "practices_returned",
            "Практики возвращены на доработку",
            practices,
            reverse("publication:organisation", args=[pk]),
            place,
        ),
        Notice(
            "documents_ready",
            "Документы сформированы: проверьте и издайте",
            documents,
            reverse("documents:organisation", args=[pk]),
            place,
        ),
    ]


def _methodist_counts(municipality_id: int):
    """The two counts of a methodist's notices, in one query."""
    from documents.publication.models import Practice
    from monitoring.effectiveness.models import Form

    pk = municipality_id
    return (
        Municipality.objects.filter(pk=pk)
        .annotate(
            forms=_count(Form.objects.filter(municipality=pk, status=Form.Status.SUBMITTED)),
            practices=_count(
                Practice.objects.filter(municipality=pk, status=Practice.Status.SUBMITTED)
            ),
        )
        .values_list("forms", "practices")
    )


def _methodist(municipality) -> list[Notice]:
    pk, place = municipality.pk, str(municipality)
    rows = compiled_rows(_methodist_counts, pk)
    forms, practices = rows[0] if rows else (0, 0)
    return [
        Notice(
            "forms_submitted",
            "Формы мониторинга ждут проверки",
            forms,
            reverse("monitoring:effectiveness:municipality", args=[pk]),
            place,
        ),
        Notice(
            "practices_proposed",
            "Практики предложены в банк",
            practices,
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
    # Without the request: the bell needs only its notices, not the context processors
    # (the navigation's dozen URLs) every page has already paid for once.
    return render_to_string("_bell.html", {"notices": notices_for(request)})


def bell(request) -> dict:
    """Context processor: the notices, read only when a template shows the bell itself."""
    return {"notices": SimpleLazyObject(lambda: notices_for(request))}
