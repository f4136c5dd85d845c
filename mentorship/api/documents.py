"""API resources of generated documents: list, request (202 + a job to poll), job status.

Requests go through ``documents.services`` like the register page: a draft is created from the
data, issued with the next free number (or the one given) and printed by a Celery worker.
"""

import datetime

from django.db import transaction
from django.urls import reverse
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from documents import services
from documents.access import ORGANISATION_WRITERS
from documents.models import ORGANISATION_KINDS, Document, Kind, RenderJob
from mentorship.text import clean
from orgs.access import require_role
from orgs.models import Organisation

from .dates import PortalDateField, PortalModelSerializer
from .strict import StrictQueryMixin
from .sync import MAX_ID, PortalFilterSet, YearFilter

PAIR_KINDS = [Kind.PAIRS, Kind.PROGRAMMES, Kind.PLAN, Kind.CONSENT, Kind.AGREEMENT]
MENTOR_KINDS = [Kind.FINAL_EVENT, Kind.CERTIFICATE]
CURATOR_KINDS = [Kind.CURATOR]
PLAIN_KINDS = [
    k for k in ORGANISATION_KINDS if k not in {*PAIR_KINDS, *MENTOR_KINDS, *CURATOR_KINDS}
]


def _download_links(request, document) -> dict:
    links = {}
    for fmt, field in (("pdf", "pdf"), ("docx", "docx")):
        if getattr(document, field):
            links[fmt] = request.build_absolute_uri(
                reverse("documents:download", args=[document.pk, fmt])
            )
    return links


class DocumentSerializer(PortalModelSerializer):
    downloads = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "organisation",
            "municipality",
            "kind",
            "title",
            "number",
            "date",
            "year",
            "status",
            "downloads",
        ]
        read_only_fields = fields

    def get_downloads(self, document) -> dict[str, str]:
        return _download_links(self.context["request"], document)


class PlainDocumentSerializer(serializers.Serializer):
    """A kind that names no one beyond the signing head (and, for a young specialists' order,
    reads them itself)."""

    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in PLAIN_KINDS])
    date = PortalDateField(required=False)
    number = serializers.CharField(required=False, allow_blank=True, max_length=30)
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    params = serializers.DictField(required=False, help_text="Other parameters of the kind.")


def _ids(**kwargs):
    return serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), max_length=200, **kwargs
    )


class PairsDocumentSerializer(PlainDocumentSerializer):
    """A kind about pairs: the order on pairs, programmes, a plan, consents, agreements."""

    kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in PAIR_KINDS])
    pairs = _ids(min_length=1, help_text="Пары (группы), о которых документ.")


class MentorsDocumentSerializer(PlainDocumentSerializer):
    """A kind about mentors chosen by name: the final event's thanks, a certificate."""

    kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in MENTOR_KINDS])
    staff = _ids(min_length=1, help_text="Наставники (сотрудники), о которых документ.")


class CuratorDocumentSerializer(PlainDocumentSerializer):
    """The order appointing the curator of mentoring (and, with them, mentors)."""

    kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in CURATOR_KINDS])
    curator = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="Куратор наставничества (сотрудник)."
    )
    staff = _ids(required=False, help_text="Назначаемые наставники (сотрудники).")


# What each kind needs is in its request's schema: the body is one of these, by «kind».
REQUESTS = {
    **{k.value: PlainDocumentSerializer for k in PLAIN_KINDS},
    **{k.value: PairsDocumentSerializer for k in PAIR_KINDS},
    **{k.value: MentorsDocumentSerializer for k in MENTOR_KINDS},
    **{k.value: CuratorDocumentSerializer for k in CURATOR_KINDS},
}
DOCUMENT_REQUEST = PolymorphicProxySerializer(
    component_name="NewDocument",
    serializers=REQUESTS,
    resource_type_field_name="kind",
)


def clean_json(value):
    """The free parameters cleaned like every text field (control characters removed):
    PostgreSQL's JSON refuses a NUL, and no document should print one."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [clean_json(item) for item in value]
    if isinstance(value, dict):
        return {clean(str(key)): clean_json(item) for key, item in value.items()}
    return value


def request_form(data):
    kind = data.get("kind") if isinstance(data, dict) else None
    return REQUESTS.get(kind if isinstance(kind, str) else None, PlainDocumentSerializer)(data=data)


class JobSerializer(PortalModelSerializer):
    document = DocumentSerializer(read_only=True)

    class Meta:
        model = RenderJob
        fields = ["id", "status", "progress", "error", "document"]
        read_only_fields = fields


class DocumentFilter(PortalFilterSet):
    year = YearFilter()

    class Meta:
        model = Document
        fields = ["organisation", "kind", "status", "year"]


class DocumentViewSet(
    StrictQueryMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = DocumentSerializer
    queryset = Document.objects.none()
    filterset_class = DocumentFilter
    ordering_fields = ["date"]

    def get_queryset(self):
        return Document.objects.order_by("-date", "-pk")

    @extend_schema(request=DOCUMENT_REQUEST, responses={202: JobSerializer})
    def create(self, request, *args, **kwargs):
        """Ask for a document: it is issued now and printed by a worker; poll the job."""
        form = request_form(request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        organisation = data["organisation"]
        require_role(request, *ORGANISATION_WRITERS, organisation=organisation)
        day = data.get("date") or datetime.date.today()
        params = clean_json(dict(data.get("params") or {}))
        for name in ("pairs", "staff"):
            if name in data:
                params[name] = data[name]
        if "curator" in data:
            params["curator"] = [data["curator"]]
        with transaction.atomic():
            document = services.document_create(
                issuer=organisation,
                kind=data["kind"],
                date=day,
                title=data.get("title", ""),
                params=params,
                acting_user=request.user,
            )
            number = data.get("number") or services.suggest_number(
                issuer=organisation, kind=document.kind, year=day.year
            )
            verify_url = request.build_absolute_uri(
                reverse("documents:verify", args=[document.verification_code])
            )
            job = services.document_issue(
                document=document,
                number=number,
                date=day,
                verify_url=verify_url if document.kind == "certificate" else "",
                acting_user=request.user,
            )
        body = JobSerializer(job, context={"request": request}).data
        body["url"] = request.build_absolute_uri(reverse("api:document-job-detail", args=[job.pk]))
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


class JobViewSet(StrictQueryMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The printing of a requested document: queued → running → done (links) or failed."""

    serializer_class = JobSerializer
    queryset = RenderJob.objects.none()

    def get_queryset(self):
        return RenderJob.objects.select_related("document")
