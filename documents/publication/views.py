"""Staff pages that manage what is published: the page, its documents, news and practices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from documents.models import PUBLIC_KINDS, Document
from orgs.access import require_role
from orgs.concurrency import StaleEdit
from orgs.models import Municipality, Organisation, Region, Role
from orgs.review import review_decision
from orgs.tenancy import widened_scope

from . import access, selectors, services
from .forms import (
    NewsForm,
    NormativeForm,
    PageForm,
    PracticeForm,
    PublishDocumentForm,
)
from .models import AuthorConsent, NewsItem, NormativeDocument, Practice


def _manage(request, *, place, organisation=None):
    """The settings of a place's public page, its documents and news (POST by ``action``)."""
    page = services.page_of(place)
    page_form = PageForm(instance=page, place=place)
    news_form = NewsForm()
    normative_form = NormativeForm()
    keys = {"organisation": organisation}
    keys["municipality"] = organisation.municipality if organisation else place
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "page":
                page_form = PageForm(request.POST, instance=page, place=place)
                if page_form.is_valid():
                    try:
                        services.page_save(
                            place=place,
                            acting_user=request.user,
                            site_root=f"{request.scheme}://{request.get_host()}",
                            version=page_form.version,
                            **page_form.changed_fields(),
                        )
                    except StaleEdit as stale:
                        page_form.refuse_stale(stale)
                    else:
                        messages.success(request, "Страница сохранена.")
                        return redirect(request.path)
            elif action == "news":
                news_form = NewsForm(request.POST, request.FILES)
                if news_form.is_valid():
                    services.news_save(
                        news=news_form.save(commit=False),
                        place=place,
                        photo=news_form.cleaned_data["photo"],
                        acting_user=request.user,
                    )
                    messages.success(request, "Новость добавлена.")
                    return redirect(request.path)
            elif action == "news_visibility":
                news = get_object_or_404(NewsItem, pk=_id(request, "news"), **keys)
                services.news_set_published(
                    news=news, published="published" in request.POST, acting_user=request.user
                )
                messages.success(request, "Видимость новости изменена.")
                return redirect(request.path)
            elif action == "normative" and organisation is None:
                normative_form, saved = _normative_add(request, place)
                if saved:
                    return redirect(request.path)
            elif action == "normative_delete" and organisation is None:
                _normative_delete(request, municipality=place)
                return redirect(request.path)
            elif action == "document":
                form = PublishDocumentForm(request.POST)
                if not form.is_valid():
                    raise ValidationError("Неверный документ.")
                document = get_object_or_404(Document, pk=form.cleaned_data["document"], **keys)
                services.document_publish(
                    document=document, public=form.cleaned_data["public"], acting_user=request.user
                )
                messages.success(request, "Публикация документа изменена.")
                return redirect(request.path)
            else:
                raise ValidationError("Неизвестное действие.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    documents = Document.objects.filter(
        **keys, kind__in=PUBLIC_KINDS, status=Document.Status.ISSUED
    ).order_by("-date")
    return render(
        request,
        "publication/manage.html",
        {
            "place": place,
            "organisation": organisation,
            "page": page,
            "page_url": selectors.public_url(page) if page else "",
            "page_form": page_form,
            "news_form": news_form,
            "normative_form": normative_form if organisation is None else None,
            "documents": documents,
            "news": NewsItem.objects.filter(**keys).order_by("-published_on", "-pk")[:20],
            "normative": NormativeDocument.objects.filter(municipality=keys["municipality"])
            if organisation is None
            else [],
            "practices": Practice.objects.filter(
                **({"organisation": organisation} if organisation else {"municipality": place})
            ).order_by("-pk")[:50],
        },
    )


def _id(request, name: str) -> int:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        raise Http404 from None


def _normative_add(request, place):
    """Add a normative document of the region or municipality; (form, saved)."""
    form = NormativeForm(request.POST, request.FILES)
    if not form.is_valid():
        return form, False
    services.normative_save(
        document=form.save(commit=False),
        place=place,
        file=form.cleaned_data["file"],
        acting_user=request.user,
    )
    messages.success(request, "Документ добавлен.")
    return form, True


def _normative_delete(request, **keys) -> None:
    document = get_object_or_404(NormativeDocument, pk=_id(request, "normative"), **keys)
    services.normative_delete(document=document, acting_user=request.user)
    messages.success(request, "Документ удалён со страниц.")


@login_required
def organisation_manage(request, pk: int):
    organisation = get_object_or_404(Organisation.objects.select_related("municipality"), pk=pk)
    require_role(request, Role.CURATOR, Role.DIRECTOR, organisation=organisation)
    if request.method == "POST":
        require_role(request, Role.CURATOR, organisation=organisation)
    return _manage(request, place=organisation, organisation=organisation)


@login_required
def municipality_manage(request, pk: int):
    municipality = get_object_or_404(Municipality.objects, pk=pk)
    require_role(request, Role.METHODIST, municipality=municipality)
    return _manage(request, place=municipality)


@login_required
def region_manage(request, pk: int):
    """The region's normative documents (shown on every page of its municipalities) and the
    practices its municipalities proposed to it."""
    region = get_object_or_404(Region.objects, pk=pk)
    require_role(request, Role.REGION_COORDINATOR, region=region)
    form = NormativeForm()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "normative":
                form, saved = _normative_add(request, region)
                if saved:
                    return redirect(request.path)
            elif request.POST.get("action") == "normative_delete":
                _normative_delete(request, region=region, municipality__isnull=True)
                return redirect(request.path)
            else:
                raise ValidationError("Неизвестное действие.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return render(
        request,
        "publication/region.html",
        {
            "region": region,
            "normative_form": form,
            "normative": NormativeDocument.objects.filter(region=region, municipality__isnull=True),
            "proposed": selectors.proposed_to_region(region)[:200],
        },
    )


def _save_practice(request, form, practice) -> bool:
    """The practice as the form describes it, through the service; a refusal goes on the
    form (the page shows it again) and returns False."""
    try:
        services.practice_save(
            practice=practice,
            authors=form.cleaned_data["authors"],
            subjects=form.cleaned_data["subjects"],
            deficit_areas=form.cleaned_data["deficit_areas"],
            file=form.cleaned_data["file"],
            acting_user=request.user,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@login_required
def practice_create(request, pk: int):
    organisation = get_object_or_404(Organisation.objects.select_related("municipality"), pk=pk)
    require_role(request, Role.CURATOR, organisation=organisation)
    form = PracticeForm(request.POST or None, request.FILES or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        practice = form.save(commit=False)
        practice.organisation = organisation
        if _save_practice(request, form, practice):
            messages.success(request, "Практика сохранена как черновик.")
            return redirect("publication:practice", pk=practice.pk)
    return render(
        request, "publication/practice_form.html", {"form": form, "organisation": organisation}
    )


@login_required
def practice_detail(request, pk: int):
    practice = get_object_or_404(
        Practice.objects.select_related("organisation__municipality"), pk=pk
    )
    organisation = practice.organisation
    require_role(request, Role.CURATOR, Role.DIRECTOR, Role.METHODIST, organisation=organisation)
    is_curator = request.viewer.has_role(Role.CURATOR, organisation=organisation)
    is_methodist = request.viewer.has_role(Role.METHODIST, municipality=organisation.municipality)
    editable = is_curator and practice.status in services.EDITABLE
    form = PracticeForm(
        request.POST if request.POST.get("action") == "edit" else None,
        request.FILES or None,
        instance=practice,
        organisation=organisation,
    )
    activities = _activities_for(request, practice)
    if request.method == "POST" and request.POST.get("action") == "consent":
        # The curator records an author's signed consent, or its withdrawal.
        require_role(request, Role.CURATOR, organisation=organisation)
        author = get_object_or_404(practice.authors.all(), pk=_id(request, "staff"))
        services.author_consent_set(
            staff=author, consent="consent" in request.POST, acting_user=request.user
        )
        # The name ends with an initial's full stop: the sentence must not add another.
        messages.success(request, f"{author.short_name}: согласие автора изменено.")
        return redirect("publication:practice", pk=practice.pk)
    if request.method == "POST" and request.POST.get("action") == "use":
        chosen = next((a for a in activities if str(a.pk) == request.POST.get("activity")), None)
        if chosen is None:
            messages.error(request, "Выберите мероприятие плана.")
        else:
            services.practice_use_add(practice=practice, activity=chosen, acting_user=request.user)
            messages.success(request, f"Практика добавлена в материалы: {chosen.title}.")
        return redirect("publication:practice", pk=practice.pk)
    if request.method == "POST" and request.POST.get("action") == "edit":
        if not editable:
            raise Http404
        if form.is_valid():
            changes = form.changed_fields()
            try:
                services.practice_update(
                    practice=practice,
                    acting_user=request.user,
                    version=form.version,
                    **{k: v for k, v in changes.items() if k != "file"},
                    file=form.cleaned_data["file"],
                )
            except StaleEdit as stale:
                form.refuse_stale(stale)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, "Практика сохранена.")
                return redirect("publication:practice", pk=practice.pk)
    return render(
        request,
        "publication/practice.html",
        {
            "practice": practice,
            "form": form if editable else None,
            "is_curator": is_curator,
            "is_methodist": is_methodist,
            "activities": activities,
            "authors": selectors.author_consents(practice),
        },
    )


@login_required
@require_safe
def practice_file(request, pk: int):
    """The practice's materials for staff who see the practice (drafts included)."""
    practice = get_object_or_404(
        Practice.objects.select_related("organisation__municipality"), pk=pk
    )
    require_role(
        request, Role.CURATOR, Role.DIRECTOR, Role.METHODIST, organisation=practice.organisation
    )
    if not practice.materials_file:
        raise Http404
    return FileResponse(
        practice.materials_file.open("rb"),
        as_attachment=True,
        filename=practice.materials_file.name.rsplit("/", 1)[-1],
    )


@login_required
def my_consent(request):
    """A teacher's own choice: be named as an author in the public bank of practices."""
    staff = request.user.staff_member
    if staff is None:
        raise Http404
    if request.method == "POST":
        services.author_consent_set(
            staff=staff, consent=request.POST.get("consent") == "yes", acting_user=request.user
        )
        messages.success(request, "Ваш выбор сохранён.")
        return redirect("publication:my_consent")
    # The person's own practices, in whichever school of their region they were written.
    with widened_scope((staff.region_id, None, None)):
        practices = list(
            Practice.objects.filter(authors=staff).select_related("organisation").order_by("-pk")
        )
        consented = AuthorConsent.objects.filter(staff=staff).exists()
    return render(
        request,
        "publication/my_consent.html",
        {"practices": practices, "consented": consented},
    )


def _activities_for(request, practice) -> list:
    """Planned activities of active plans in the schools this user curates, for linking an
    accepted practice as their material."""
    from pairs.models import PlanActivity
    from pairs.selectors import running_plan_activities

    if practice.status != Practice.Status.ACCEPTED:
        return []
    schools = [
        m.organisation_id
        for m in request.viewer.memberships_with(Role.CURATOR)
        if m.municipality_id == practice.municipality_id
    ]
    return list(
        running_plan_activities(organisation__in=schools)
        .filter(status=PlanActivity.Status.PLANNED)
        .select_related("plan__mentee")
        .order_by("plan__mentee__last_name", "position")[:200]
    )


@login_required
@require_POST
def practice_decide(request, pk: int):
    practice = get_object_or_404(
        Practice.objects.select_related("organisation__municipality"), pk=pk
    )
    return review_decision(
        request,
        organisation=practice.organisation,
        municipality=practice.organisation.municipality,
        outcomes={
            "submit": "Практика отправлена методисту.",
            "return": "Практика возвращена на доработку.",
            "accept": "Практика принята и опубликована в банке практик.",
            "propose": "Практика предложена региону.",
        },
        transition=lambda action, comment: services.practice_decide(
            practice=practice, action=action, comment=comment, acting_user=request.user
        ),
        back=reverse("publication:practice", args=[practice.pk]),
    )


@login_required
@require_safe
def bank(request, pk: int):
    """The municipality's bank of practices for its staff: search and filters."""
    municipality = get_object_or_404(Municipality.objects, pk=pk)
    viewer = request.viewer
    if not (
        viewer.has_role(Role.METHODIST, Role.REGION_COORDINATOR, municipality=municipality)
        or any(m.municipality_id == municipality.pk for m in viewer.memberships)
    ):
        require_role(request, Role.METHODIST, municipality=municipality)
    found = access.staff_bank(municipality, request.GET or None)
    return render(
        request,
        "publication/bank.html",
        {"municipality": municipality, "filter": found, "practices": found.qs[:100]},
    )
