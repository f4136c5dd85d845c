from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from orgs.models import Organisation

from . import access, content, selectors, services
from .forms import (
    DocumentFilter,
    DocumentForm,
    IssueForm,
    RevokeForm,
    ScanForm,
    WordingForm,
)
from .models import MUNICIPALITY_KINDS, ORGANISATION_KINDS, Document, Kind, Wording
from .pack import ORGANISATION_PACK
from .publication.access import issued_certificate
from .report import campaign_choices


def _register(request, issuer, kinds):
    if isinstance(issuer, Organisation):
        rows = selectors.register(organisation=issuer)
    else:
        rows = selectors.register(municipality=issuer)
    documents = DocumentFilter(request.GET, queryset=rows)
    available = content.available_kinds()
    return render(
        request,
        "documents/register.html",
        {
            "issuer": issuer,
            "is_organisation": isinstance(issuer, Organisation),
            "filter": documents,
            "documents": documents.qs,
            "kinds": [(k, Kind(k).label, k in available) for k in kinds],
            "can_write": access.can_write(request, issuer),
            "pack": ORGANISATION_PACK if isinstance(issuer, Organisation) else [],
        },
    )


@login_required
def organisation_documents(request, pk: int):
    return _register(request, access.organisation_for(request, pk), ORGANISATION_KINDS)


@login_required
def municipality_documents(request, pk: int):
    return _register(request, access.municipality_for(request, pk), MUNICIPALITY_KINDS)


def _create(request, issuer, kind: str):
    allowed = ORGANISATION_KINDS if isinstance(issuer, Organisation) else MUNICIPALITY_KINDS
    if kind not in allowed or kind not in content.available_kinds():
        raise Http404("Неизвестный вид документа.")
    organisation = issuer if isinstance(issuer, Organisation) else None
    form = DocumentForm(
        request.POST or None,
        kind=kind,
        organisation=organisation,
        pair_choices=content.pair_choices(organisation) if organisation else (),
        campaign_choices=() if organisation else campaign_choices(issuer),
    )
    if request.method == "GET":
        draft = Document(kind=kind, **services._issuer_keys(issuer))
        draft.date = form.fields["date"].initial
        for part in ("grounds", "points"):
            if part in form.fields:
                form.fields[part].initial = content.wording(draft, part)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(
                issuer=issuer,
                kind=kind,
                date=form.cleaned_data["date"],
                title=form.cleaned_data.get("title", ""),
                params=form.params(),
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "Черновик создан. Проверьте текст и издайте документ.")
            return redirect("documents:detail", pk=document.pk)
    return render(
        request,
        "documents/create.html",
        {"issuer": issuer, "form": form, "kind_label": Kind(kind).label},
    )


@login_required
def organisation_create(request, pk: int, kind: str):
    return _create(request, access.organisation_rw(request, pk), kind)


@login_required
def municipality_create(request, pk: int, kind: str):
    return _create(request, access.municipality_rw(request, pk), kind)


def _wording(request, issuer):
    allowed = ORGANISATION_KINDS if isinstance(issuer, Organisation) else MUNICIPALITY_KINDS
    editable = [k for k in allowed if k in content.DEFAULTS]
    kind = request.GET.get("kind") or editable[0]
    if kind not in editable:
        raise Http404("Неизвестный вид документа.")
    keys = services._issuer_keys(issuer)
    own = {
        row.part: row.text
        for row in Wording.objects.filter(
            organisation=keys["organisation"], municipality=keys["municipality"], kind=kind
        )
    }
    initial = {part: own.get(part, content.DEFAULTS[kind].get(part, "")) for part in Wording.Part}
    form = WordingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        texts = {
            # Saving the default unchanged keeps following future defaults.
            part: ""
            if form.cleaned_data[part] == content.DEFAULTS[kind].get(part, "")
            else form.cleaned_data[part]
            for part in Wording.Part
        }
        services.wording_save(issuer=issuer, kind=kind, texts=texts, acting_user=request.user)
        messages.success(request, "Формулировки сохранены.")
        return redirect(f"{request.path}?kind={kind}")
    return render(
        request,
        "documents/wording.html",
        {
            "issuer": issuer,
            "form": form,
            "kind": kind,
            "kinds": [(k, Kind(k).label) for k in editable],
        },
    )


@login_required
def organisation_wording(request, pk: int):
    return _wording(request, access.organisation_rw(request, pk))


@login_required
def municipality_wording(request, pk: int):
    return _wording(request, access.municipality_rw(request, pk))


def _register_url(document: Document) -> str:
    if document.organisation_id:
        return reverse("documents:organisation", args=[document.organisation_id])
    return reverse("documents:municipality", args=[document.municipality_id])


@login_required
def detail(request, pk: int):
    return _detail_page(request, access.document_for(request, pk))


def _detail_page(request, document, *, issue_form=None, status=200):
    issuer = document.issuer
    if issue_form is None:
        suggested = services.suggest_number(
            issuer=issuer, kind=document.kind, year=document.date.year
        )
        issue_form = IssueForm(initial={"number": suggested, "date": document.date})
    job = selectors.latest_job(document)
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            "issuer": issuer,
            "register_url": _register_url(document),
            "job": job,
            "retriable": bool(job and services.job_is_retriable(job)),
            "restarting": selectors.job_restarting(job),
            "can_write": access.can_write(request, issuer),
            "issue_form": issue_form,
            "warnings": services.issue_warnings(document),
            "revoke_form": RevokeForm(),
            "scan_form": ScanForm(),
        },
        status=status,
    )


@login_required
def preview(request, pk: int):
    document = access.document_for(request, pk)
    try:
        html = services.preview_html(document)
    except ValidationError as error:
        html = "<p>" + " ".join(error.messages) + "</p>"
    response = HttpResponse(html)
    # The preview is shown in a sandboxed frame and may load nothing from anywhere.
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    )
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


@login_required
@require_POST
def issue(request, pk: int):
    document = access.document_rw(request, pk)
    form = IssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Укажите номер и дату документа.")
        return redirect("documents:detail", pk=pk)
    verify_url = request.build_absolute_uri(
        reverse("documents:verify", args=[document.verification_code])
    )
    try:
        services.document_issue(
            document=document,
            number=form.cleaned_data["number"],
            date=form.cleaned_data["date"],
            verify_url=verify_url if document.kind == Kind.CERTIFICATE else "",
            acting_user=request.user,
        )
    except ValidationError as error:
        # The page again with what was typed, so the person corrects it instead of retyping.
        messages.error(request, " ".join(error.messages))
        return _detail_page(request, access.document_for(request, pk), issue_form=form, status=400)
    messages.success(request, "Документ издан и формируется.")
    return redirect("documents:detail", pk=pk)


@login_required
def job_status(request, pk: int):
    job = access.job_for(request, pk)
    return render(
        request,
        "documents/_job.html",
        {
            "job": job,
            "document": job.document,
            "retriable": services.job_is_retriable(job),
            "restarting": selectors.job_restarting(job),
            "can_write": access.can_write(request, job.document.issuer),
        },
    )


@login_required
@require_POST
def job_retry(request, pk: int):
    job = access.job_rw(request, pk)
    try:
        services.job_retry(job=job, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("documents:detail", pk=job.document_id)


@login_required
@require_POST
def revoke(request, pk: int):
    document = access.document_for_revoke(request, pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Укажите причину отмены.")
        return redirect("documents:detail", pk=pk)
    try:
        services.document_revoke(
            document=document, reason=form.cleaned_data["reason"], acting_user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Документ отменён.")
    return redirect("documents:detail", pk=pk)


@login_required
@require_POST
def upload_scan(request, pk: int):
    document = access.document_rw(request, pk)
    form = ScanForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Выберите файл подписанного экземпляра.")
        return redirect("documents:detail", pk=pk)
    try:
        services.document_attach_scan(
            document=document, upload=form.cleaned_data["scan"], acting_user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Подписанный экземпляр загружен.")
    return redirect("documents:detail", pk=pk)


DOWNLOADS = {
    "pdf": ("pdf", "application/pdf"),
    "docx": (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "scan": ("signed_scan", None),
}


@login_required
def download(request, pk: int, fmt: str):
    document = access.document_for(request, pk)
    if fmt not in DOWNLOADS:
        raise Http404
    field, content_type = DOWNLOADS[fmt]
    file = getattr(document, field)
    if not file:
        raise Http404("Файл ещё не сформирован.")
    name = file.name.rsplit("/", 1)[-1]
    return FileResponse(
        file.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )


def verify(request, code):
    """Public check of a certificate printed with a QR code: anyone holding the paper may
    ask whether it was issued and is still valid. Deliberately cross-tenant and unscoped;
    it reads one document by its unguessable code and shows only what the paper shows."""
    document = issued_certificate(code)
    if document is None:
        raise Http404
    return render(request, "documents/verify.html", {"document": document})


@login_required
@require_POST
def pair_consent_request(request, pk: int):
    """One step from the pair's page: the consent letter is generated and the pair shows the
    consent as requested."""
    from pairs.access import pair_access, require_manage

    access = pair_access(request, pk)
    require_manage(access)
    try:
        document = services.consent_request(pair=access.pair, acting_user=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            f"Согласие запрошено: сформирован черновик «{document.title}». Издайте и распечатайте "
            "его, передайте наставнику на подпись, затем отметьте дату согласия.",
        )
    return redirect("pairs:detail", pk=pk)
