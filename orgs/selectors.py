"""Reads and figures about organisations and staff. Each figure is defined once, here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils import timezone

from . import extensions, outbox
from .access import ROLE_LEVEL, grant_authority, roles_below
from .models import (
    ImportJob,
    Membership,
    Municipality,
    Organisation,
    Region,
    Role,
    StaffMember,
    young_specialist_threshold,
)
from .tenancy import Place, widened_scope


@dataclass(frozen=True)
class StaffFigures:
    """Working teachers and, among them, young specialists (career shorter than 3 years)."""

    teachers: int = 0
    young_specialists: int = 0

    @property
    def young_share(self) -> float | None:
        return self.young_specialists / self.teachers * 100 if self.teachers else None


def staff_figures_by(
    key: str, *, within: dict, on: datetime.date | None = None
) -> dict[int, StaffFigures]:
    """Staff figures grouped by a tenant key ("organisation", "municipality" or "region"),
    of the part of the scoped staff table ``within`` selects (one school's, one region's):
    always named, so that one school's figures never aggregate a coordinator's region.

    One aggregate query, whatever the number of groups.
    """
    rows = staff_figures_query(key, within=within, on=on)
    return {row[key]: StaffFigures(row["teachers"], row["young_specialists"]) for row in rows}


def staff_figures_query(key: str, *, within: dict, on: datetime.date | None = None):
    """The query behind ``staff_figures_by``: rows of ``key``, ``teachers`` and
    ``young_specialists``, for a caller that reads it along with other figures."""
    threshold = young_specialist_threshold(on)
    return (
        StaffMember.objects.filter(**within, employment_status=StaffMember.Status.WORKS)
        .values(key)
        .annotate(
            teachers=Count("id"),
            young_specialists=Count("id", filter=Q(career_started_on__gt=threshold)),
        )
        .order_by()
    )


def total_figures(figures: dict[int, StaffFigures]) -> StaffFigures:
    return StaffFigures(
        teachers=sum(f.teachers for f in figures.values()),
        young_specialists=sum(f.young_specialists for f in figures.values()),
    )


def region_deficit_areas_q(region_id: int | None) -> Q:
    """The deficit areas a region's plans address: the portal's catalogue and the region's own."""
    return Q(region__isnull=True) | Q(region=region_id)


def network_mentor_area(organisation) -> Q:
    """Where a network mentor of ``organisation`` may work: its municipality, or its region
    when the municipality allows regional network mentors. The one rule, used by the pair
    form's choices, the staff search and the pair service's check."""
    if organisation.municipality.allow_regional_network_mentors:
        return Q(region=organisation.region_id)
    return Q(municipality=organisation.municipality_id)


def network_mentor_place(organisation) -> Place:
    """``network_mentor_area`` as a place, the most a read of the organisation's network
    mentors may reach (``orgs.tenancy.widened_scope``)."""
    if organisation.municipality.allow_regional_network_mentors:
        return (organisation.region_id, None, None)
    return (organisation.region_id, organisation.municipality_id, None)


def network_mentor_allowed(staff: StaffMember, organisation) -> bool:
    """``network_mentor_area`` for one person already loaded (own staff always may)."""
    if staff.organisation_id == organisation.pk:
        return True
    if organisation.municipality.allow_regional_network_mentors:
        return staff.region_id == organisation.region_id
    return staff.municipality_id == organisation.municipality_id


def is_network_mentor(staff: StaffMember, organisation) -> bool:
    """A mentor from another organisation makes the pair a network one."""
    return staff.organisation_id != organisation.pk


@dataclass(frozen=True)
class BaseEntry:
    """What the municipal mentor base shows about a person, and nothing more (no birth date,
    no contacts): name, organisation, position, subjects, areas, forms, load."""

    staff_id: int
    name: str
    organisation: str
    organisation_id: int
    position: str
    category: str
    career_years: int | None
    subjects: tuple[str, ...]
    areas: tuple[str, ...]
    forms: tuple[str, ...]
    capacity: int
    load: int
    note: str

    @property
    def free(self) -> int:
        return max(self.capacity - self.load, 0)


def mentor_base(
    municipality,
    *,
    subject=None,
    area=None,
    category: str = "",
    min_career_years: int | None = None,
    organisation_id: int | None = None,
    free_only: bool = False,
    on: datetime.date | None = None,
) -> list[BaseEntry]:
    """The municipal base of mentors and experts.

    A curator of one school searches mentors of all schools of their municipality: the scope
    is widened to the region for this query only (a mentor's load counts their pairs
    wherever network mentoring reaches, never beyond the region), which filters explicitly by
    the one municipality and returns only the fields in ``BaseEntry``."""
    from .models import MentorProfile, add_years

    on = on or timezone.localdate()
    with widened_scope((municipality.region_id, None, None)):
        rows = (
            MentorProfile.objects.filter(
                municipality_id=municipality.pk,
                is_available=True,
                staff__employment_status=StaffMember.Status.WORKS,
            )
            .select_related("staff", "organisation")
            .prefetch_related("subjects", "deficit_areas")
            .annotate(load=extensions.mentor_load("staff_id"))
            .order_by("staff__last_name", "staff__first_name", "pk")
        )
        if subject:
            rows = rows.filter(subjects=subject)
        if area:
            rows = rows.filter(deficit_areas=area)
        if category:
            rows = rows.filter(staff__category=category)
        if min_career_years:
            rows = rows.filter(staff__career_started_on__lte=add_years(on, -min_career_years))
        if organisation_id:
            rows = rows.filter(organisation_id=organisation_id)
        if free_only:
            rows = rows.filter(capacity__gt=F("load"))
        return [
            BaseEntry(
                staff_id=p.staff_id,
                name=p.staff.full_name,
                organisation=p.organisation.short_name,
                organisation_id=p.organisation_id,
                position=p.staff.position,
                category=p.staff.get_category_display(),
                career_years=p.staff.career_years(on),
                subjects=tuple(s.name for s in p.subjects.all()),
                areas=tuple(a.name for a in p.deficit_areas.all()),
                forms=tuple(p.forms_display),
                capacity=p.capacity,
                load=p.load,
                note=p.note,
            )
            for p in rows.distinct()
        ]


def grantable_roles(viewer) -> list[str]:
    """The roles ``viewer`` may give somewhere (the role page's choices)."""
    if viewer.is_admin:
        return list(Role.values)
    below = {role for m in viewer.memberships for role in roles_below(m.role)}
    return [role for role in Role.values if role in below]


def grant_places(viewer) -> dict[str, object]:
    """Where ``viewer`` may give some role, keyed "organisation:5", "municipality:3",
    "region:1" (the role page's choices); the same rule as the service decides by."""
    candidates = {Region: Region.objects.none()}
    candidates[Municipality] = Municipality.objects.none()
    candidates[Organisation] = Organisation.objects.none()
    for m in [None] if viewer.is_admin else viewer.memberships:
        for model in candidates:
            candidates[model] |= _places_under(model, m)
    roles = grantable_roles(viewer)
    places = {}
    for model, rows in candidates.items():
        for place in rows.select_related(*_PLACE_RELATED[model]):
            if any(
                ROLE_LEVEL[role] is model
                and grant_authority(
                    granter=viewer.user, role=role, place=place, memberships=viewer.memberships
                )
                for role in roles
            ):
                places[f"{model._meta.model_name}:{place.pk}"] = place
    return places


_PLACE_RELATED = {Region: [], Municipality: ["region"], Organisation: ["municipality"]}


def _places_under(model, membership):
    """Rows of ``model`` (a level of the tree) in the membership's part (every row for None)."""
    rows = model.objects.all()
    if membership is None:
        return rows
    if membership.organisation_id:
        return rows.filter(pk=membership.organisation_id) if model is Organisation else rows.none()
    if membership.municipality_id:
        if model is Region:
            return rows.none()
        key = "pk" if model is Municipality else "municipality"
        return rows.filter(**{key: membership.municipality_id})
    return rows.filter(**{"pk" if model is Region else "region": membership.region_id})


def revocable_memberships(viewer) -> list[Membership]:
    """Active roles ``viewer`` may take away: the role page's list."""
    memberships = Membership.objects.filter(is_active=True).select_related(
        "user", "region", "municipality", "organisation"
    )
    if not viewer.is_admin:
        below = Q(pk__in=[])
        for m in viewer.memberships:
            if m.organisation_id:
                place = Q(organisation_id=m.organisation_id)
            elif m.municipality_id:
                place = Q(municipality_id=m.municipality_id)
            else:
                place = Q(region_id=m.region_id)
            below |= place & Q(role__in=roles_below(m.role))
        memberships = memberships.filter(below)
    memberships = memberships.order_by(
        "region__name", "municipality__name", "organisation__short_name", "role", "user__last_name"
    )
    return [
        m
        for m in memberships
        if grant_authority(
            granter=viewer.user, role=m.role, place=m.place, memberships=viewer.memberships
        )
    ]


# --- the head of an organisation and names in cases -------------------------------------------


@dataclass(frozen=True)
class OrganisationHead:
    """Who signs for the organisation on a date (see ``orgs.models.Head``)."""

    staff: StaffMember
    position: str  # «Директор», «И. о. директора»
    acting: bool
    starts_on: datetime.date | None
    ends_on: datetime.date | None

    @property
    def full_name(self) -> str:
        return self.staff.full_name


def organisation_head(organisation, *, on: datetime.date | None = None) -> OrganisationHead | None:
    """The head on ``on`` (today by default): an acting head within their dates first, then
    the head recorded from a date, then the working staff member in the head position."""
    return organisation_heads([organisation], on=on)[organisation.pk]


def organisation_heads(
    organisations, *, on: datetime.date | None = None
) -> dict[int, OrganisationHead | None]:
    """``organisation_head`` of many organisations in two queries (lists, the API)."""
    from .declension import GENITIVE, position
    from .models import Head

    on = on or timezone.localdate()
    organisations = list(organisations)
    rows = (
        Head.objects.filter(organisation__in=[o.pk for o in organisations], starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("staff")
        .order_by("organisation", "-acting", "-starts_on", "-pk")
    )
    recorded = {}
    for row in rows:
        recorded.setdefault(row.organisation_id, row)
    heads: dict[int, OrganisationHead | None] = {}
    in_position = Q(pk__in=[])
    for organisation in organisations:
        title = organisation.head_position or "Директор"
        row = recorded.get(organisation.pk)
        if row is not None:
            label = f"И. о. {position(title, GENITIVE)}" if row.acting else title
            heads[organisation.pk] = OrganisationHead(
                row.staff, label, row.acting, row.starts_on, row.ends_on
            )
        else:
            in_position |= Q(organisation=organisation.pk, position__iexact=title)
    titles = {o.pk: o.head_position or "Директор" for o in organisations}
    if len(heads) < len(organisations):
        for staff in StaffMember.objects.filter(in_position).working().order_by("hired_on", "pk"):
            if staff.organisation_id not in heads:
                heads[staff.organisation_id] = OrganisationHead(
                    staff, titles[staff.organisation_id], False, staff.hired_on, None
                )
    return {o.pk: heads.get(o.pk) for o in organisations}


def name_overrides(*, municipality_id: int, organisation_id: int | None) -> dict:
    """The issuer's hand-corrected cases, phrase → {case: form}; an organisation also
    inherits its municipality's (the authority's and the municipality's names)."""
    from .models import NameForm

    rows = NameForm.objects.filter(municipality=municipality_id).filter(
        Q(organisation__isnull=True) | Q(organisation=organisation_id)
    )
    overrides: dict[str, dict[str, str]] = {}
    # The organisation's own form wins over the municipality's.
    for row in sorted(rows, key=lambda r: r.organisation_id is not None):
        overrides.setdefault(row.phrase, {})[row.case] = row.form
    return overrides


def name_overrides_of_municipality(municipality_id: int) -> dict[int | None, dict]:
    """``name_overrides`` of the municipality (key None) and of each of its organisations
    (key: the organisation's id, the municipality's forms included), in one query: for a
    document that names every school of the municipality."""
    from .models import NameForm

    own: dict[int | None, dict[str, dict[str, str]]] = {}
    for row in NameForm.objects.filter(municipality=municipality_id):
        own.setdefault(row.organisation_id, {}).setdefault(row.phrase, {})[row.case] = row.form
    shared = own.get(None, {})
    merged: dict[int | None, dict] = {None: shared}
    for organisation_id, forms in own.items():
        if organisation_id is not None:
            combined = {phrase: dict(cases) for phrase, cases in shared.items()}
            for phrase, cases in forms.items():
                combined.setdefault(phrase, {}).update(cases)
            merged[organisation_id] = combined
    return merged


@dataclass(frozen=True)
class NameRow:
    label: str
    phrase: str
    forms: list[tuple[str, str, bool]]  # (case label, form, corrected by hand)


def name_forms(organisation) -> list[NameRow]:
    """The names the organisation's documents put in cases, each in every case as documents
    will print it, for the curator to check and correct (organisation's page)."""
    from . import declension

    overrides = name_overrides(
        municipality_id=organisation.municipality_id, organisation_id=organisation.pk
    )
    rows = []
    phrases = [
        ("Краткое наименование", organisation.short_name),
        ("Сокращённое официальное наименование", organisation.name),
        ("Полное официальное наименование", organisation.full_name),
        (
            "Муниципальное образование",
            declension.municipality_phrase(organisation.municipality.name),
        ),
        ("Должность руководителя", organisation.head_position),
    ]
    for label, phrase in phrases:
        if phrase:
            forms = declension.forms(phrase, overrides)
            rows.append(NameRow(label, phrase, _marked(phrase, forms, overrides)))
    head = organisation_head(organisation)
    if head is not None:
        person = declension.Person.of(head.staff)
        forms = declension.person_forms(person, overrides)
        rows.append(
            NameRow("Руководитель", head.full_name, _marked(head.full_name, forms, overrides))
        )
    return rows


def _marked(phrase: str, forms: dict, overrides: dict) -> list[tuple[str, str, bool]]:
    from .declension import CASE_LABELS

    own = overrides.get(phrase, {})
    return [(CASE_LABELS[case], form, case in own) for case, form in forms.items()]


def register_formats(*, municipality_id: int, organisation_id: int | None) -> dict[str, str]:
    """The issuer's number format per register (``orgs.registers``), the default where it
    set none. An organisation's registers are its own: it inherits nothing from its
    municipality, whose rows number the municipality's documents."""
    from .models import RegisterFormat
    from .registers import DEFAULT_FORMAT, Register

    rows = dict(
        RegisterFormat.objects.filter(
            municipality=municipality_id, organisation=organisation_id
        ).values_list("register", "pattern")
    )
    return {register: rows.get(register, DEFAULT_FORMAT) for register in Register.values}


def import_job_restarting(job) -> bool:
    """An import whose worker died while parsing or saving: it is queued again by itself."""
    running = (ImportJob.Status.QUEUED, ImportJob.Status.PARSING, ImportJob.Status.SAVING)
    return job.status in running and outbox.restarting(outbox.key_of(job))
