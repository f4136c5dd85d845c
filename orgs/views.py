from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from mentorship import exports
from mentorship.fragments import CachedPage

from . import extensions, personal_data
from .access import (
    PORTFOLIO_READERS,
    organisation_for,
    organisation_for_page,
    person_for,
    require_role,
)

# The API dashboards read the roles here.
from .access import READ_ORGANISATION_ROLES as READ_ORGANISATION_ROLES
from .auth import throttled
from .concurrency import StaleEdit
from .filters import StaffFilter, filtered_staff, subject_choices
from .forms import (
    HeadForm,
    ImportUploadForm,
    LeaveForm,
    MatchingWeightsForm,
    MembershipGrantForm,
    MentorBaseSearchForm,
    MentorProfileForm,
    NameCaseForm,
    QueuedPasswordResetForm,
    RegisterFormatsForm,
    RequisitesForm,
    StaffMemberForm,
)
from .importing import TEMPLATE_HEADER, staff_xlsx, template_xlsx
from .models import (
    Head,
    ImportJob,
    MatchingWeights,
    Membership,
    MentorProfile,
    Municipality,
    Organisation,
    Role,
    StaffMember,
)
from .registers import register_examples
from .selectors import (
    grant_places,
    grantable_roles,
    import_job_restarting,
    mentor_base,
    name_forms,
    organisation_head,
    register_formats,
    revocable_memberships,
    staff_figures_by,
)
from .services import (
    head_record,
    import_job_confirm,
    import_job_create,
    matching_weights_save,
    membership_grant,
    membership_revoke,
    mentor_profile_save,
    name_form_save,
    register_formats_save,
    requisites_update,
    staff_create,
    staff_mark_left,
    staff_update,
)
from .templatetags.portal import ru_minutes
from .tenancy import compiled_list


@login_required
def home(request):
    return redirect(request.viewer.home_url())


@login_required
def workspace(request, pk: int):
    """The organisation's mentoring workspace: figures, people in charge, staff."""
    on_page = organisation_for_page(request, pk)

    def context():
        organisation = on_page.organisation
        staff = (
            StaffMember.objects.filter(organisation=organisation)
            .working()
            .prefetch_related("subjects")
            .order_by("last_name", "first_name", "patronymic", "pk")
        )
        people_in_charge = (
            Membership.objects.filter(organisation=organisation, is_active=True)
            .select_related("user")
            .order_by("role", "user__last_name")
        )
        return {
            "organisation": organisation,
            "figures": staff_figures_by("organisation", within={"organisation": organisation}).get(
                organisation.pk
            ),
            "page": Paginator(staff, 50).get_page(request.GET.get("page")),
            "people_in_charge": people_in_charge,
            # The pairs' figures card (pairs).
            **extensions.workspace_parts(organisation),
        }

    page = CachedPage(request, "orgs/workspace.html", versions=on_page.versions)
    if not page.hit:
        page.render(context())
    return page.response()


@login_required
def staff_list(request, pk: int):
    on_page = organisation_for_page(request, pk)
    can_write = request.viewer.has_role(Role.CURATOR, organisation=on_page)

    def context():
        organisation = on_page.organisation
        filterset = StaffFilter(request.GET or None, queryset=StaffMember.objects.none())
        filterset.offer(filterset.form, "subject", subject_choices)
        rows = compiled_list(filtered_staff, organisation.pk, filterset.chosen())
        query = request.GET.copy()
        query.pop("page", None)
        return {
            "organisation": organisation,
            "filter": filterset,
            "page": Paginator(rows, 50).get_page(request.GET.get("page")),
            "query": query.urlencode(),
            "can_write": can_write,
        }

    page = CachedPage(request, "orgs/staff_list.html", versions=on_page.versions, vary=(can_write,))
    if not page.hit:
        page.render(context())
    return page.response()


def _staff_fields(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("subjects", None)
    data.pop("needs", None)
    return data


@login_required
def staff_add(request, pk: int):
    organisation = organisation_for(request, pk, write=True)
    form = StaffMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = staff_create(
                organisation=organisation,
                subjects=form.cleaned_data["subjects"],
                needs=form.cleaned_data["needs"],
                **_staff_fields(form),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Добавлен(а): {person.full_name}.")
            return redirect("orgs:staff_card", pk=person.pk)
    return render(request, "orgs/staff_form.html", {"organisation": organisation, "form": form})


@login_required
def staff_edit(request, pk: int):
    person = person_for(request, pk, write=True)
    # On POST the form validates into a detached copy, so the service sees what changed.
    form = (
        StaffMemberForm(request.POST, instance=StaffMember(pk=person.pk))
        if request.method == "POST"
        else StaffMemberForm(instance=person)
    )
    if request.method == "POST" and form.is_valid():
        data = form.changed_fields()
        try:
            staff_update(
                person=person,
                subjects=data.pop("subjects", None),
                needs=data.pop("needs", None),
                version=form.version,
                **data,
            )
        except StaleEdit as stale:
            form.refuse_stale(stale)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect("orgs:staff_card", pk=person.pk)
    return render(
        request,
        "orgs/staff_form.html",
        {"organisation": person.organisation, "form": form, "person": person},
    )


@login_required
def staff_leave(request, pk: int):
    person = person_for(request, pk, write=True)
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            staff_mark_left(
                person=person,
                left_on=form.cleaned_data["left_on"],
                reason=form.cleaned_data["leave_reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{person.full_name}: отмечено увольнение.")
            return redirect("orgs:staff_card", pk=person.pk)
    return render(request, "orgs/staff_leave.html", {"person": person, "form": form})


@login_required
def staff_card(request, pk: int):
    person = person_for(request, pk)
    return render(
        request,
        "orgs/staff_card.html",
        {
            "person": person,
            "organisation": person.organisation,
            "subjects": list(person.subjects.all()),
            "profile": MentorProfile.objects.filter(staff=person)
            .prefetch_related("subjects", "deficit_areas")
            .first(),
            "hidden": personal_data.hidden_fields_of(request.viewer, person),
            "may_anonymise": personal_data.may_anonymise(person),
            "retention_ends": personal_data.retention_ends(person),
            "can_write": request.viewer.has_role(Role.CURATOR, organisation=person.organisation),
            "can_see_portfolio": request.viewer.has_role(
                *PORTFOLIO_READERS, organisation=person.organisation
            ),
            # The person's pairs (pairs), events and years of mentoring (monitoring).
            **extensions.staff_card_parts(person),
        },
    )


@login_required
def mentor_profile_edit(request, pk: int):
    person = person_for(request, pk, write=True)
    profile = MentorProfile.objects.filter(staff=person).first()
    form = MentorProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        data = form.changed_fields()
        try:
            mentor_profile_save(
                person=person,
                subjects=data.pop("subjects", None),
                deficit_areas=data.pop("deficit_areas", None),
                version=form.version,
                **data,
            )
        except StaleEdit as stale:
            form.refuse_stale(stale)
        else:
            messages.success(request, "Данные для базы наставников сохранены.")
            return redirect("orgs:staff_card", pk=person.pk)
    return render(request, "orgs/mentor_profile_form.html", {"person": person, "form": form})


@login_required
def import_page(request, pk: int):
    organisation = organisation_for(request, pk, write=True)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = import_job_create(
            organisation=organisation,
            owner=request.user,
            filename=upload.name,
            content=upload.read(),
        )
        return redirect("orgs:import_job", pk=job.pk)
    jobs = ImportJob.objects.filter(organisation=organisation).defer("content", "result")
    return render(
        request,
        "orgs/import.html",
        {
            "organisation": organisation,
            "form": form,
            "jobs": jobs.select_related("owner").order_by("-created_at")[:10],
            "columns": TEMPLATE_HEADER,
        },
    )


@exports.offers("xlsx", query=None, hostile=False)
@login_required
def import_template(request, pk: int):
    organisation_for(request, pk, write=True)
    return exports.download(template_xlsx(), "shablon-pedagogi.xlsx")


def _job(request, pk: int) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.defer("content"), pk=pk)
    job.organisation = organisation_for(request, job.organisation_id, write=True)
    return job


@exports.offers("xlsx", query=None)
@login_required
def import_export(request, pk: int):
    """The working staff in the template's columns, to edit in Excel and import back."""
    organisation = organisation_for(request, pk, write=True)
    staff = (
        StaffMember.objects.filter(organisation=organisation)
        .working()
        .prefetch_related("subjects")
        .order_by("last_name", "first_name", "patronymic", "pk")
    )
    today = timezone.localdate()
    return exports.download(staff_xlsx(staff), f"pedagogi-{organisation.pk}-{today:%Y-%m-%d}.xlsx")


def _job_page(request, job: ImportJob, chosen: dict | None = None):
    """The job's page; a possible duplicate row carries the choice already made for it."""
    duplicates = [
        {**row, "chosen": (chosen or {}).get(str(row["row"]), "")}
        for row in job.result.get("duplicates", [])
    ]
    template = "orgs/_import_status.html" if request.htmx else "orgs/import_job.html"
    context = {
        "job": job,
        "organisation": job.organisation,
        "duplicates": duplicates,
        "restarting": import_job_restarting(job),
    }
    return render(request, template, context)


@login_required
def import_job(request, pk: int):
    """The job's page; while the worker runs, the status block polls itself (htmx)."""
    return _job_page(request, _job(request, pk))


@login_required
@require_POST
def import_confirm(request, pk: int):
    job = _job(request, pk)
    decisions = {
        str(row["row"]): request.POST.get(f"row-{row['row']}", "")
        for row in job.result.get("duplicates", [])
    }
    try:
        import_job_confirm(job=job, decisions=decisions)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        if job.status == ImportJob.Status.PREVIEW and not job.result.get("errors"):
            return _job_page(request, job, decisions)
    return redirect("orgs:import_job", pk=job.pk)


def _base_municipality(request, pk: int) -> Municipality:
    """The mentor base is open to the municipality's methodists and to curators of its
    schools; others in scope get 403, others outside it 404."""
    municipality = get_object_or_404(Municipality.objects, pk=pk)
    viewer = request.viewer
    curator_here = any(
        m.municipality_id == municipality.pk for m in viewer.memberships_with(Role.CURATOR)
    )
    if not curator_here:
        require_role(request, Role.METHODIST, municipality=municipality)
    return municipality


@login_required
@require_GET
def mentor_base_page(request, pk: int):
    municipality = _base_municipality(request, pk)
    form = MentorBaseSearchForm(request.GET or None, municipality=municipality)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = mentor_base(
        municipality,
        subject=filters.get("subject"),
        area=filters.get("area"),
        category=filters.get("category") or "",
        min_career_years=filters.get("min_career_years"),
        organisation_id=filters.get("organisation"),
        free_only=bool(filters.get("free_only")),
    )
    return render(
        request,
        "orgs/mentor_base.html",
        {
            "municipality": municipality,
            "form": form,
            "entries": entries,
            "can_tune": request.viewer.has_role(Role.METHODIST, municipality=municipality),
        },
    )


@login_required
def matching_weights_page(request, pk: int):
    municipality = get_object_or_404(Municipality.objects, pk=pk)
    require_role(request, Role.METHODIST, municipality=municipality)
    current = MatchingWeights.objects.filter(municipality=municipality).first()
    form = MatchingWeightsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            matching_weights_save(
                municipality=municipality, version=form.version, **form.changed_fields()
            )
        except StaleEdit as stale:
            form.refuse_stale(stale)
        else:
            messages.success(request, "Веса подбора сохранены.")
            return redirect("orgs:mentor_base", pk=municipality.pk)
    return render(
        request, "orgs/matching_weights.html", {"municipality": municipality, "form": form}
    )


def _moved(request, name: str, **kwargs):
    """The matching pages moved to the pairs app: their old addresses (bookmarks, links in
    e-mails) lead there, after the same check the page makes, so an outsider still gets 404."""
    target = reverse(name, kwargs=kwargs)
    query = request.GET.urlencode()
    return redirect(f"{target}?{query}" if query else target, permanent=True)


@login_required
@require_GET
def cohort_moved(request, pk: int):
    organisation_for(request, pk)
    return _moved(request, "pairs:cohort", org_pk=pk)


@login_required
@require_GET
def suggest_moved(request, pk: int):
    person_for(request, pk)
    return _moved(request, "pairs:suggest", pk=pk)


@login_required
def staff_personal_data(request, pk: int):
    """One person's data as JSON, for their request under 152-ФЗ (the employer issues it)."""
    person = person_for(request, pk)
    require_role(request, Role.CURATOR, Role.DIRECTOR, organisation=person.organisation)
    response = JsonResponse(
        personal_data.person_data(person), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'attachment; filename="personal-data-{person.pk}.json"'
    return response


@login_required
@require_POST
def staff_anonymise(request, pk: int):
    person = person_for(request, pk, write=True)
    try:
        personal_data.staff_anonymise(person=person, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Персональные данные обезличены.")
    return redirect("orgs:staff_card", pk=person.pk)


@login_required
def roles(request):
    """Who holds which role where, and giving roles: only roles below the viewer's own, only
    within their part of the tree (the Django admin is for site administrators only)."""
    viewer = request.viewer
    grantable = grantable_roles(viewer)
    if not grantable:
        raise PermissionDenied(
            "Назначать роли могут администратор, координатор, методист и руководитель ОО."
        )
    form = MembershipGrantForm(request.POST or None, roles=grantable, places=grant_places(viewer))
    if request.method == "POST" and form.is_valid():
        try:
            membership = membership_grant(
                account=form.cleaned_data["account"],
                role=form.cleaned_data["role"],
                place=form.cleaned_data["place"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"Роль назначена: {membership.user.get_full_name()} — {membership}."
            )
            return redirect("orgs:roles")
    memberships = Paginator(revocable_memberships(viewer), 100).get_page(request.GET.get("page"))
    return render(request, "orgs/roles.html", {"form": form, "page": memberships})


@login_required
@require_POST
def role_revoke(request, pk: int):
    membership = get_object_or_404(
        Membership.objects.select_related("user", "region", "municipality", "organisation"),
        pk=pk,
        is_active=True,
    )
    membership_revoke(membership=membership, acting_user=request.user)
    messages.success(request, f"Роль снята: {membership.user.get_full_name()} — {membership}.")
    return redirect("orgs:roles")


def requisites(request, pk: int):
    """What the organisation's documents print: official names, place of issue, the head,
    every name in the cases documents need with the curator's corrections, and how each
    register of its documents is numbered."""
    organisation = organisation_for(request, pk)
    may_edit = request.viewer.has_role(Role.CURATOR, Role.DIRECTOR, organisation=organisation)
    action = request.POST.get("action") if request.method == "POST" else None
    if action:
        require_role(request, Role.CURATOR, Role.DIRECTOR, organisation=organisation)
    names_form = RequisitesForm(
        request.POST if action == "names" else None,
        instance=Organisation(pk=organisation.pk) if action == "names" else organisation,
    )
    head_form = HeadForm(request.POST if action == "head" else None, organisation=organisation)
    rows = name_forms(organisation)
    case_form = NameCaseForm(
        request.POST if action == "case" else None, phrases=[row.phrase for row in rows]
    )
    formats = register_formats(
        municipality_id=organisation.municipality_id, organisation_id=organisation.pk
    )
    registers_form = RegisterFormatsForm(
        request.POST if action == "registers" else None, formats=formats
    )
    form = {
        "names": names_form,
        "head": head_form,
        "case": case_form,
        "registers": registers_form,
    }.get(action)
    if form is not None and form.is_valid():
        try:
            if action == "names":
                requisites_update(
                    organisation=organisation, version=form.version, **form.changed_fields()
                )
            elif action == "head":
                head_record(organisation=organisation, **form.cleaned_data)
            elif action == "registers":
                register_formats_save(
                    municipality=organisation.municipality,
                    organisation=organisation,
                    formats=form.cleaned_data,
                )
            else:
                name_form_save(organisation=organisation, **form.cleaned_data)
        except StaleEdit as stale:
            form.refuse_stale(stale)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect("orgs:requisites", pk=organisation.pk)
    return render(
        request,
        "orgs/requisites.html",
        {
            "organisation": organisation,
            "may_edit": may_edit,
            "names_form": names_form,
            "head_form": head_form,
            "case_form": case_form,
            "registers_form": registers_form,
            "registers": register_examples(formats),
            "head": organisation_head(organisation),
            "heads": Head.objects.filter(organisation=organisation).select_related("staff"),
            "rows": rows,
        },
    )


@login_required
def municipality_requisites(request, pk: int):
    """What the municipality's own documents (its orders and analytical reports) print as
    issuer, and how their registers are numbered; the methodist sets the formats."""
    municipality = get_object_or_404(Municipality.objects.select_related("region"), pk=pk)
    require_role(request, Role.METHODIST, Role.REGION_COORDINATOR, municipality=municipality)
    may_edit = request.viewer.has_role(Role.METHODIST, municipality=municipality)
    formats = register_formats(municipality_id=municipality.pk, organisation_id=None)
    form = RegisterFormatsForm(request.POST or None, formats=formats)
    if request.method == "POST":
        require_role(request, Role.METHODIST, municipality=municipality)
        if form.is_valid():
            try:
                register_formats_save(
                    municipality=municipality, organisation=None, formats=form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Изменения сохранены.")
                return redirect("orgs:municipality_requisites", pk=municipality.pk)
    return render(
        request,
        "orgs/municipality_requisites.html",
        {
            "municipality": municipality,
            "may_edit": may_edit,
            "registers_form": form,
            "registers": register_examples(formats),
        },
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, throttled per address and per account (the e-mail asked for), so
    it can neither flood a mailbox nor be used to probe many accounts quickly."""

    form_class = QueuedPasswordResetForm

    def form_valid(self, form):
        window = settings.PASSWORD_RESET_WINDOW
        if throttled(
            scope="password-reset",
            keys={
                "address": get_client_ip_address(self.request) or "",
                "account": form.cleaned_data["email"].strip().casefold(),
            },
            limits={
                "address": settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
                "account": settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT,
            },
            window=window,
        ):
            form.add_error(
                None,
                "Слишком много запросов на восстановление пароля. "
                f"Попробуйте снова через {ru_minutes(window)}.",
            )
            return self.form_invalid(form)
        return super().form_valid(form)
