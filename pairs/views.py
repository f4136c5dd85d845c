"""Pages of programmes, pairs, plans and the log. Each view: access helper → form → one
service → redirect or render."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag, url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from mentorship import fragments
from mentorship.fragments import CachedPage
from orgs.cached_pages import versions_of
from orgs.concurrency import StaleEdit
from orgs.models import Role, StaffMember
from orgs.schoolyear import SchoolYear
from orgs.tenancy import compiled_list

from . import extensions, selectors, services
from .access import (
    PairAccess,
    activity_access,
    can_manage,
    organisation_for_page,
    organisation_for_read,
    organisation_for_write,
    own_memberships,
    own_pairs_scope,
    pair_access,
    pair_scope,
    plan_access,
    plan_on_page,
    programme_for_write,
    require_manage,
    require_participate,
)
from .calendar import PersonalFeed, first_served
from .filters import PairFilter, filtered_pairs
from .forms import (
    ActivityForm,
    ConsentForm,
    ExtendForm,
    LogEntryForm,
    MarkDoneForm,
    PairCreateForm,
    PairEditForm,
    PlanCreateForm,
    PlanEditForm,
    ProgrammeForm,
    SaveTemplateForm,
    ShiftForm,
    StatusForm,
)
from .models import LogEntry, Pair, PairMember, PersonalSettings, Plan

PAGE_SIZE = 25
PLAN_TEMPLATE = "pairs/plan_detail.html"
CUSTOM_FORMS = [
    "«молодой учитель – наставник»",
    "«практикант вуза – учитель»",
    "«руководитель ШМО – заместитель директора»",
]


def _safe_next(request, default: str) -> str:
    """The ``next`` field when it points to this site, else ``default``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _saved(form, update, **keys) -> bool:
    """Save a versioned edit form through its service: the version and only the changed
    fields go in. A stale edit or the service's refusal is shown on the form (False)."""
    try:
        update(version=form.version, **keys, **form.changed_fields())
    except StaleEdit as stale:
        form.refuse_stale(stale)
    except ValidationError as error:
        attach_errors(form, error)
    else:
        return True
    return False


def attach_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item.messages)
    else:
        form.add_error(None, error.messages)


# --- programmes -------------------------------------------------------------------------


@login_required
def programmes(request, org_pk: int):
    organisation = organisation_for_read(request, org_pk)
    rows = selectors.programmes_of(organisation)
    return render(
        request,
        "pairs/programmes.html",
        {
            "organisation": organisation,
            "programmes": rows,
            "manage": can_manage(request, organisation),
        },
    )


@login_required
def programme_create(request, org_pk: int):
    organisation = organisation_for_write(request, org_pk)
    year = SchoolYear.containing()
    form = ProgrammeForm(
        request.POST or None,
        initial={
            "title": "Программа наставничества «Учитель – учитель»",
            "starts_on": year.starts_on,
            "ends_on": year.ends_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_create(
                organisation=organisation, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Программа создана.")
            return redirect("pairs:programmes", org_pk=organisation.pk)
    return render(
        request,
        "pairs/programme_form.html",
        {"organisation": organisation, "form": form, "custom_forms": CUSTOM_FORMS},
    )


@login_required
def programme_edit(request, pk: int):
    programme = programme_for_write(request, pk)
    form = ProgrammeForm(request.POST or None, instance=programme)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(form, services.programme_update, programme=programme, acting_user=request.user)
    ):
        messages.success(request, "Программа сохранена.")
        return redirect("pairs:programmes", org_pk=programme.organisation_id)
    return render(
        request,
        "pairs/programme_form.html",
        {
            "organisation": programme.organisation,
            "programme": programme,
            "form": form,
            "custom_forms": CUSTOM_FORMS,
        },
    )


@login_required
@require_POST
def programme_close(request, pk: int):
    programme = programme_for_write(request, pk)
    try:
        services.programme_close(programme=programme, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Программа завершена.")
    return redirect("pairs:programmes", org_pk=programme.organisation_id)


# --- pairs ------------------------------------------------------------------------------


@login_required
def pair_list(request, org_pk: int):
    on_page = organisation_for_page(request, org_pk)
    manage = can_manage(request, on_page)

    def context():
        organisation = on_page.organisation
        pair_filter = PairFilter(
            request.GET or None, queryset=Pair.objects.none(), organisation=organisation
        )
        pairs = compiled_list(
            filtered_pairs, organisation.pk, organisation.region_id, pair_filter.chosen()
        )
        page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("page"))
        selectors.with_listed_members(page.object_list)
        query = request.GET.copy()
        query.pop("page", None)
        return {
            "organisation": organisation,
            "filter": pair_filter,
            "page": page,
            "query": query.urlencode(),
            "manage": manage,
            "stalled_since": timezone.localdate()
            - datetime.timedelta(days=selectors.stalled_days()),
            "digest_on": manage and _digest_on(request.user),
        }

    page = CachedPage(request, "pairs/pair_list.html", versions=on_page.versions, vary=(manage,))
    if not page.hit:
        page.render(context())
    return page.response()


def _digest_on(user) -> bool:
    """The user's own switch, read once per version of their account (a change to it raises
    that version), not again after every write in the school."""
    return fragments.cached(
        ("digest", user.pk, user.data_version),
        lambda: not PersonalSettings.objects.filter(user=user, weekly_digest=False).exists(),
    )


@login_required
def pair_create(request, org_pk: int):
    organisation = organisation_for_write(request, org_pk)
    year = SchoolYear.containing()
    initial = {"starts_on": max(timezone.localdate(), year.starts_on)}
    if request.GET.get("programme"):
        initial["programme"] = request.GET["programme"]
    form = PairCreateForm(request.POST or None, organisation=organisation, initial=initial)
    open_programmes = list(form.fields["programme"].queryset[:2])
    if "programme" not in initial and len(open_programmes) == 1:
        form.initial["programme"] = open_programmes[0].pk
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in form._meta.fields}
        try:
            pair = services.pair_create(
                programme=data["programme"],
                mentors=list(data["mentors"]),
                mentees=list(data["mentees"]),
                status=data["status"],
                acting_user=request.user,
                **fields,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Пара создана.")
            return redirect("pairs:detail", pk=pair.pk)
    chosen = {"mentors": [], "mentees": []}
    if form.is_bound:
        # Re-show the people picked, as the form's querysets allow (network mentors' queryset
        # is a deliberate cross-tenant one, see forms.network_mentor_candidates).
        for role in chosen:
            ids = [i for i in request.POST.getlist(role) if i.isdigit()]
            chosen[role] = list(form.fields[role].queryset.filter(pk__in=ids))
    return render(
        request,
        "pairs/pair_form.html",
        {"organisation": organisation, "form": form, "chosen": chosen},
    )


@login_required
def staff_search(request, org_pk: int):
    """Type-ahead for the pair form (htmx): staff matching the typed name."""
    organisation = organisation_for_write(request, org_pk)
    role = "mentees" if request.GET.get("role") == "mentees" else "mentors"
    network = role == "mentors" and request.GET.get("network") == "1"
    query = request.GET.get("q", "").strip()
    people = selectors.staff_search(organisation, query, network=network) if query else []
    for person in people:
        person.suggested_category = selectors.suggested_category(person)
    return render(
        request,
        "pairs/_staff_options.html",
        {"people": people, "role": role, "organisation": organisation},
    )


def _pair_page_context(access: PairAccess) -> dict:
    pair = access.pair
    members = list(pair.members.select_related("staff__organisation").order_by("role", "pk"))
    plans = list(selectors.with_plan_progress(pair.plans.select_related("mentee")).order_by("pk"))
    for plan in plans:
        plan.progress = selectors.plan_progress(plan)
    planned_ids = {p.mentee_id for p in plans}
    return {
        "pair": pair,
        "access": access,
        "mentors": [m.staff for m in members if m.role == PairMember.Role.MENTOR],
        "mentees": [m.staff for m in members if m.role == PairMember.Role.MENTEE],
        "without_plan": [
            m.staff
            for m in members
            if m.role == PairMember.Role.MENTEE and m.staff_id not in planned_ids
        ],
        "plans": plans,
        "history": list(selectors.history_of(pair)),
        "log": list(
            pair.log_entries.select_related("visitor", "visited", "subject", "activity")[:20]
        ),
        "log_total": pair.log_entries.count(),
        "status_form": StatusForm(current=pair.status),
        "extend_form": ExtendForm(prefix="extend"),
        "today": timezone.localdate(),
        "consent_form": ConsentForm(initial={"consent_on": timezone.localdate()}),
        "consent_refusal": services.activation_refusal(pair) if pair.is_open else "",
        "agreement_prompt": services.AGREEMENT_PROMPT
        if pair.status == Pair.Status.ACTIVE and pair.needs_agreement
        else "",
        "organisation": pair.organisation,
    }


@login_required
def pair_detail(request, pk: int):
    access = pair_access(request, pk)
    with pair_scope(access):
        return render(request, "pairs/pair_detail.html", _pair_page_context(access))


@login_required
def pair_edit(request, pk: int):
    access = pair_access(request, pk)
    require_manage(access)
    pair = access.pair
    form = PairEditForm(request.POST or None, instance=pair)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(form, services.pair_update, pair=pair, acting_user=request.user)
    ):
        messages.success(request, "Изменения сохранены.")
        return redirect("pairs:detail", pk=pair.pk)
    return render(
        request,
        "pairs/pair_edit.html",
        {"pair": pair, "form": form, "organisation": pair.organisation},
    )


@login_required
@require_POST
def pair_status(request, pk: int):
    access = pair_access(request, pk)
    require_manage(access)
    form = StatusForm(request.POST, current=access.pair.status)
    if form.is_valid():
        try:
            pair = services.pair_change_status(
                pair=access.pair, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, f"Статус пары: «{pair.get_status_display()}».")
            if pair.status == Pair.Status.ACTIVE and pair.needs_agreement:
                messages.warning(request, services.AGREEMENT_PROMPT)
            return redirect("pairs:detail", pk=pk)
    context = _pair_page_context(access) | {"status_form": form}
    return render(request, "pairs/pair_detail.html", context, status=400)


@login_required
@require_POST
def pair_extend(request, pk: int):
    access = pair_access(request, pk)
    require_manage(access)
    form = ExtendForm(request.POST, prefix="extend")
    if form.is_valid():
        try:
            services.pair_extend(pair=access.pair, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Пара продлена.")
            return redirect("pairs:detail", pk=pk)
    context = _pair_page_context(access) | {"extend_form": form}
    return render(request, "pairs/pair_detail.html", context, status=400)


@login_required
@require_POST
def pair_consent_record(request, pk: int):
    access = pair_access(request, pk)
    require_manage(access)
    form = ConsentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.pair_consent_record(
                pair=access.pair,
                consent_on=form.cleaned_data["consent_on"],
                scan=form.cleaned_data["scan"],
                acting_user=request.user,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Согласие наставника отмечено.")
            return redirect("pairs:detail", pk=pk)
    context = _pair_page_context(access) | {"consent_form": form}
    return render(request, "pairs/pair_detail.html", context, status=400)


@login_required
def pair_consent_scan(request, pk: int):
    access = pair_access(request, pk)
    require_manage(access)
    scan = access.pair.consent_scan
    if not scan:
        raise Http404("Скан согласия не приложен.")
    return FileResponse(scan.open("rb"), as_attachment=True, filename=scan.name.rsplit("/", 1)[-1])


# --- plans ------------------------------------------------------------------------------


@login_required
def plan_create(request, pair_pk: int):
    access = pair_access(request, pair_pk)
    require_manage(access)
    pair = access.pair
    mentees = StaffMember.objects.filter(
        pk__in=pair.members.filter(role=PairMember.Role.MENTEE).values("staff")
    ).exclude(pk__in=pair.plans.values("mentee"))
    templates = selectors.templates_for(pair.organisation)
    initial = {"mentee": request.GET.get("mentee")}
    if template := selectors.default_template(pair, templates):
        initial["template"] = template.pk
    form = PlanCreateForm(
        request.POST or None, pair=pair, mentees=mentees, templates=templates, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(
                pair=pair,
                mentee=data["mentee"],
                acting_user=request.user,
                template=data["template"],
                copy_from=data["copy_from"],
                deficits=data["deficits"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                goals=data["goals"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "План создан.")
            return redirect("pairs:plan", pk=plan.pk)
    return render(
        request,
        "pairs/plan_create.html",
        {"pair": pair, "form": form, "templates": templates, "organisation": pair.organisation},
    )


def _plan_context(plan: Plan, access: PairAccess, **extra) -> dict:
    activities = selectors.plan_activities(plan)
    areas = selectors.plan_deficit_areas(plan)
    return {
        "plan": plan,
        "pair": access.pair,
        "access": access,
        "activities": activities,
        "progress": selectors.progress_of(activities),
        "deficits": areas.deficits,
        "organisation": access.pair.organisation,
        "can_edit": access.manage,
        "can_mark": _can_mark(access, plan),
        "activity_form": ActivityForm(region_id=plan.region_id, deficit_areas=areas.of_region),
        "shift_form": ShiftForm(),
        "template_form": SaveTemplateForm(initial={"title": f"План: {plan.mentee.full_name}"}),
        "today": timezone.localdate(),
        "materials": extensions.materials_of(plan),
        "sessions": extensions.sessions_of(
            [plan.mentee_id], start=plan.starts_on, end=plan.ends_on
        ),
        **extra,
    }


def _can_mark(access: PairAccess, plan: Plan) -> bool:
    """Curators, the pair's mentors, and the mentee of this very plan mark activities done."""
    if access.manage or access.role == PairMember.Role.MENTOR:
        return True
    return access.role == PairMember.Role.MENTEE and plan.mentee_id == access.staff_id


def plan_page(request, plan: Plan, access: PairAccess, *, status: int, **forms):
    """The plan page showing a form's errors (never cached)."""
    with pair_scope(access):
        context = _plan_context(plan, access, **forms)
        return render(request, PLAN_TEMPLATE, context, status=status)


@login_required
def plan_detail(request, pk: int):
    """The plan page, from the cache while its school's data stay as they were."""
    on_page = plan_on_page(request, pk)  # a role over the school: one small read, no plan yet
    if on_page is not None:
        # Rendered in the viewer's own scope, which covers the school (no pair_scope).
        page = CachedPage(request, PLAN_TEMPLATE, versions=on_page.versions, vary=on_page.vary)
        if not page.hit:
            page.render(_plan_context(*on_page.load()))
        return page.response()
    plan, access = plan_access(request, pk)  # a member of the pair; anyone else gets 404
    with pair_scope(access):
        page = CachedPage(
            request,
            PLAN_TEMPLATE,
            versions=versions_of(access.pair.organisation),
            vary=(access.manage, access.role, access.staff_id),
        )
        if not page.hit:
            page.render(_plan_context(plan, access))
        return page.response()


@login_required
def plan_print(request, pk: int):
    plan, access = plan_access(request, pk)
    with pair_scope(access):
        context = _plan_context(plan, access)
        context["mentors"] = [
            m.staff
            for m in access.pair.members.select_related("staff").filter(role=PairMember.Role.MENTOR)
        ]
        return render(request, "pairs/plan_print.html", context)


@login_required
def plan_edit(request, pk: int):
    plan, access = plan_access(request, pk)
    require_manage(access)
    form = PlanEditForm(request.POST or None, instance=plan)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(form, services.plan_update, plan=plan, acting_user=request.user)
    ):
        messages.success(request, "План сохранён.")
        return redirect("pairs:plan", pk=plan.pk)
    return render(
        request,
        "pairs/plan_edit.html",
        {"plan": plan, "form": form, "organisation": plan.pair.organisation},
    )


@login_required
@require_POST
def activity_add(request, pk: int):
    plan, access = plan_access(request, pk)
    require_manage(access)
    form = ActivityForm(request.POST, region_id=plan.region_id)
    if form.is_valid():
        try:
            services.activity_create(plan=plan, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Мероприятие добавлено.")
            return redirect("pairs:plan", pk=plan.pk)
    return plan_page(request, plan, access, activity_form=form, status=400)


@login_required
def activity_edit(request, pk: int):
    """Inline edit of one row (htmx): GET gives the row as a form, POST saves it."""
    activity, access = activity_access(request, pk)
    require_manage(access)
    form = ActivityForm(request.POST or None, instance=activity, region_id=activity.region_id)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(form, services.activity_update, activity=activity, acting_user=request.user)
    ):
        if request.htmx:
            activity.refresh_from_db()
            return render(
                request,
                "pairs/_activity_rows.html",
                {
                    "activities": [activity],
                    "can_edit": True,
                    "can_mark": True,
                    "today": timezone.localdate(),
                },
            )
        return redirect("pairs:plan", pk=activity.plan_id)
    return render(
        request,
        "pairs/_activity_form_row.html",
        {"a": activity, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def activity_row(request, pk: int):
    """The read-only row again (htmx «cancel» of an inline edit)."""
    activity, access = activity_access(request, pk)
    require_manage(access)
    return render(
        request,
        "pairs/_activity_rows.html",
        {
            "activities": [activity],
            "can_edit": True,
            "can_mark": True,
            "today": timezone.localdate(),
        },
    )


@login_required
def activity_done(request, pk: int):
    activity, access = activity_access(request, pk)
    if not _can_mark(access, activity.plan):
        raise PermissionDenied("Недостаточно прав для этого действия.")
    bound = request.method == "POST"
    form = MarkDoneForm(request.POST if bound else None, request.FILES if bound else None)
    back = _same_site(request, request.POST.get("next") or request.GET.get("next")) or (
        reverse("pairs:plan", args=[activity.plan_id]) + f"#activity-{activity.pk}"
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with pair_scope(access):
                services.activity_mark_done(
                    activity=activity,
                    acting_user=request.user,
                    done_on=data["done_on"],
                    note=data["note"],
                    evidence_file=data["evidence_file"],
                )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, f"Мероприятие «{activity.title}» отмечено выполненным.")
            return redirect(back)
    return render(
        request,
        "pairs/activity_done.html",
        {
            "back": back,
            "a": activity,
            "form": form,
            "plan": activity.plan,
            "organisation": access.pair.organisation,
        },
        status=400 if form.is_bound else 200,
    )


def _same_site(request, url: str | None) -> str | None:
    """``url`` when it is a page of this site (where the user came from), else None."""
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else None


@login_required
@require_POST
def activity_delete(request, pk: int):
    activity, access = activity_access(request, pk)
    require_manage(access)
    services.activity_delete(activity=activity, acting_user=request.user)
    messages.success(request, "Мероприятие удалено.")
    return redirect("pairs:plan", pk=activity.plan_id)


@login_required
@require_POST
def activity_move(request, pk: int):
    """Reorder: move one activity up or down by one place."""
    activity, access = activity_access(request, pk)
    require_manage(access)
    ids = list(
        activity.plan.activities.order_by("position", "deadline", "pk").values_list("pk", flat=True)
    )
    index = ids.index(activity.pk)
    step = -1 if request.POST.get("direction") == "up" else 1
    if 0 <= index + step < len(ids):
        ids[index], ids[index + step] = ids[index + step], ids[index]
    services.activities_reorder(plan=activity.plan, ordered_ids=ids, acting_user=request.user)
    return redirect(reverse("pairs:plan", args=[activity.plan_id]) + f"#activity-{activity.pk}")


@login_required
@require_POST
def plan_reorder(request, pk: int):
    plan, access = plan_access(request, pk)
    require_manage(access)
    try:
        services.activities_reorder(
            plan=plan, ordered_ids=request.POST.getlist("activity"), acting_user=request.user
        )
    except (ValidationError, ValueError) as error:
        messages.error(request, " ".join(getattr(error, "messages", ["Неверный порядок."])))
        return redirect("pairs:plan", pk=plan.pk)
    return redirect("pairs:plan", pk=plan.pk)


@login_required
@require_POST
def plan_shift(request, pk: int):
    plan, access = plan_access(request, pk)
    require_manage(access)
    form = ShiftForm(request.POST)
    if form.is_valid():
        try:
            moved = services.activities_shift(
                plan=plan, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, f"Сроки сдвинуты: мероприятий — {moved}.")
            return redirect("pairs:plan", pk=plan.pk)
    return plan_page(request, plan, access, shift_form=form, status=400)


@login_required
@require_POST
def plan_save_template(request, pk: int):
    plan, access = plan_access(request, pk)
    form = SaveTemplateForm(request.POST)
    municipality_wide = request.POST.get("municipality_wide") == "on"
    allowed = access.manage or request.viewer.has_role(
        Role.METHODIST, organisation=access.pair.organisation
    )
    if municipality_wide:
        allowed = request.viewer.has_role(Role.METHODIST, organisation=access.pair.organisation)
    if not allowed:
        raise PermissionDenied("Недостаточно прав для этого действия.")
    if form.is_valid():
        try:
            services.plan_save_as_template(
                plan=plan,
                title=form.cleaned_data["title"],
                municipality_wide=municipality_wide,
                acting_user=request.user,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "План сохранён как шаблон.")
            return redirect("pairs:plan", pk=plan.pk)
    return plan_page(request, plan, access, template_form=form, status=400)


# --- activity log -----------------------------------------------------------------------


@login_required
def log(request, org_pk: int):
    organisation = organisation_for_read(request, org_pk)
    entries = (
        LogEntry.objects.filter(organisation=organisation)
        .select_related("pair", "visitor", "visited", "subject")
        .order_by("-happened_on", "-pk")
    )
    kind = request.GET.get("kind")
    if kind in LogEntry.Kind.values:
        entries = entries.filter(kind=kind)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    per_pair = selectors.with_listed_members(
        list(
            selectors.log_counts_per_pair(
                Pair.objects.filter(organisation=organisation).exclude(status=Pair.Status.DRAFT)
            ).order_by("-log_total", "pk")
        )
    )
    return render(
        request,
        "pairs/log.html",
        {
            "organisation": organisation,
            "page": page,
            "kind": kind,
            "kinds": LogEntry.Kind.choices,
            "per_pair": per_pair,
            "per_mentor": selectors.log_counts_per_mentor(organisation),
        },
    )


@login_required
def log_add(request, pair_pk: int):
    access = pair_access(request, pair_pk)
    require_participate(access)
    pair = access.pair
    with pair_scope(access):
        initial = {"happened_on": timezone.localdate()}
        if request.GET.get("activity"):
            initial["activity"] = request.GET["activity"]
            initial["mark_activity_done"] = True
        if request.GET.get("kind") in LogEntry.Kind.values:
            initial["kind"] = request.GET["kind"]
        if access.role and request.user.staff_member_id:
            initial["visitor"] = request.user.staff_member_id
        form = LogEntryForm(request.POST or None, pair=pair, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            mark = data.pop("mark_activity_done")
            try:
                services.log_entry_create(
                    pair=pair, acting_user=request.user, mark_activity_done=mark, **data
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, "Запись добавлена в журнал.")
                if access.manage:
                    return redirect("pairs:detail", pk=pair.pk)
                return redirect("pairs:my")
        return render(
            request,
            "pairs/log_form.html",
            {"pair": pair, "form": form, "organisation": pair.organisation, "access": access},
            status=400 if form.is_bound else 200,
        )


# --- «Моё наставничество», calendar, settings -------------------------------------------


@login_required
def my_mentoring(request):
    """«Моё наставничество»: a mentor's or mentee's own pairs, plans and the month's tasks."""
    staff = request.user.staff_member
    context = {"staff_member": staff, "pairs": [], "plans": [], "due": []}
    settings_row = PersonalSettings.objects.filter(user=request.user).first()
    context["settings"] = settings_row
    if staff is not None:
        own = own_memberships(staff.pk)
        ids = [m.pair_id for m in own]
        roles = {m.pair_id: m.role for m in own}
        # The person's own pairs may be in several organisations (network mentoring): read in
        # the scope of their places, filtered explicitly by their pair ids.
        with own_pairs_scope(own, person=staff):
            pairs = selectors.with_listed_members(
                list(
                    Pair.objects.filter(pk__in=ids)
                    .select_related("programme", "organisation")
                    .order_by("-starts_on", "-pk")
                )
            )
            own_plans = Plan.objects.filter(pair__in=ids).select_related("mentee", "pair")
            mentor_pairs = [p for p, r in roles.items() if r == PairMember.Role.MENTOR]
            visible = own_plans.filter(pair__in=mentor_pairs) | own_plans.filter(mentee=staff)
            plans = list(selectors.with_plan_progress(visible).order_by("-starts_on", "pk"))
            for plan in plans:
                plan.progress = selectors.plan_progress(plan)
            due = list(
                selectors.due_this_month([p.pk for p in plans if p.status == Plan.Status.ACTIVE])
            )
            for pair in pairs:
                pair.my_role = roles.get(pair.pk)
            year = SchoolYear.containing(timezone.localdate())
            context.update(
                # The person's own sessions, filtered by their own staff id.
                sessions=extensions.sessions_of([staff.pk], start=year.starts_on, end=year.ends_on),
                pairs=pairs,
                plans=plans,
                due=due,
                today=timezone.localdate(),
                feed_url=settings_row
                and settings_row.calendar_token
                and request.build_absolute_uri(
                    reverse("pairs:calendar", args=[settings_row.calendar_token])
                ),
            )
            return render(request, "pairs/my.html", context)
    return render(request, "pairs/my.html", context)


@login_required
@require_POST
def my_settings(request):
    action = request.POST.get("action")
    if action == "calendar_renew":
        services.calendar_token_renew(user=request.user)
        messages.success(request, "Создана новая ссылка на календарь; прежняя больше не работает.")
    elif action == "calendar_revoke":
        services.calendar_token_revoke(user=request.user)
        messages.success(request, "Ссылка на календарь отключена.")
    elif action in ("digest_on", "digest_off"):
        services.weekly_digest_set(user=request.user, enabled=action == "digest_on")
        messages.success(
            request,
            "Еженедельная сводка включена."
            if action == "digest_on"
            else "Еженедельная сводка отключена.",
        )
    else:
        messages.error(request, "Неизвестное действие.")
    return redirect(_safe_next(request, reverse("pairs:my")))


@cache_control(private=True, no_store=True)
def calendar(request, token: str):
    """The private iCalendar feed: no login, the unguessable token is the key."""
    settings_row = (
        PersonalSettings.objects.select_related("user__staff_member")
        .filter(calendar_token=token)
        .first()
        if token
        else None
    )
    if settings_row is None:
        raise Http404("Календарь не найден.")
    # no-store keeps proxies and browsers from keeping personal data; a calendar app keeps
    # the validators itself and asks again with them, and an unchanged feed answers 304.
    feed = PersonalFeed(settings_row.user)
    version = feed.version()
    since = first_served(token, version)
    etag, last_modified = quote_etag(version), int(since.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = HttpResponse(feed.text(stamp=since), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="nastavnichestvo.ics"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    return response
