"""API resources of generated documents: list, request (202 + a job to poll), job status.

Requests go through ``documents.services`` like the register page: a draft is created from the
data, issued with the next free number (or the one given) and printed by a Celery worker.
"""

import datetime

from django.db import transaction
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from documents import services
from documents.access import ORGANISATION_WRITERS
from documents.models import ORGANISATION_KINDS, Document, RenderJob
from orgs.access import require_role
from orgs.models import Organisation

from .dates import PortalDateField, PortalModelSerializer
from .strict import StrictQueryMixin
from .sync import PortalFilterSet, YearFilter


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


class DocumentRequestSerializer(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in ORGANISATION_KINDS])
    date = PortalDateField(required=False)
    number = serializers.CharField(required=False, allow_blank=True, max_length=30)
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    pairs = serializers.ListField(child=serializers.IntegerField(), required=False)
    params = serializers.DictField(required=False, help_text="Other parameters of the kind.")


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

    @extend_schema(request=DocumentRequestSerializer, responses={202: JobSerializer})
    def create(self, request, *args, **kwargs):
        """Ask for a document: it is issued now and printed by a worker; poll the job."""
        form = DocumentRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        organisation = data["organisation"]
        require_role(request, *ORGANISATION_WRITERS, organisation=organisation)
        day = data.get("date") or datetime.date.today()
        params = dict(data.get("params") or {})
        if "pairs" in data:
            params["pairs"] = data["pairs"]
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
