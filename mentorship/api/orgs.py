"""API resources of the organisation tree and staff."""

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mentorship.text import clean
from orgs import personal_data
from orgs.access import require_role
from orgs.models import Head, Municipality, Organisation, Region, Role, StaffMember, Subject
from orgs.selectors import organisation_heads
from orgs.services import personnel_number_check, staff_mark_left, staff_update

from .dates import PortalDateField, PortalModelSerializer
from .strict import StrictQueryMixin
from .sync import UPDATED_AT, CodeFilter, PortalFilterSet, UpdatedSince, YesNoFilter
from .versioning import VersionedUpdateMixin


class RegionSerializer(PortalModelSerializer):
    updated_at = UPDATED_AT

    class Meta:
        model = Region
        fields = ["id", "name", "code", "updated_at"]


class MunicipalitySerializer(PortalModelSerializer):
    updated_at = UPDATED_AT

    class Meta:
        model = Municipality
        fields = ["id", "name", "kind", "region", "education_authority", "oktmo", "updated_at"]


class OrganisationListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        # The heads of the whole page in two queries, not two per row.
        rows = list(data.all() if hasattr(data, "all") else data)
        self.child.context["heads"] = organisation_heads(rows)
        return super().to_representation(rows)


class OrganisationSerializer(PortalModelSerializer):
    head_name = serializers.SerializerMethodField()
    updated_at = UPDATED_AT

    def get_head_name(self, organisation) -> str:
        heads = self.context.get("heads")
        if heads is None or organisation.pk not in heads:
            heads = organisation_heads([organisation])
        head = heads[organisation.pk]
        return head.full_name if head else ""

    class Meta:
        list_serializer_class = OrganisationListSerializer
        model = Organisation
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "municipality",
            "region",
            "address",
            "head_name",
            "head_position",
            "website",
            "inn",
            "kpp",
            "ogrn",
            "updated_at",
        ]


class SubjectField(serializers.SlugRelatedField):
    """A subject by its name, cleaned like any text before it is looked up (a NUL would
    otherwise reach PostgreSQL, which refuses it)."""

    def to_internal_value(self, data):
        return super().to_internal_value(clean(data).strip() if isinstance(data, str) else data)


class StaffSerializer(PortalModelSerializer):
    subjects = SubjectField(
        slug_field="name", many=True, required=False, queryset=Subject.objects.all()
    )
    young_specialist = serializers.SerializerMethodField()
    career_years = serializers.SerializerMethodField()
    updated_at = UPDATED_AT
    personnel_number = serializers.RegexField(
        r"^[0-9A-Za-zА-Яа-яЁё/-]{1,20}$",
        max_length=20,
        required=False,
        allow_blank=True,
        label="табельный номер",
        error_messages={"invalid": "Табельный номер: до 20 знаков — цифры, буквы, «-» и «/»."},
    )

    class Meta:
        model = StaffMember
        fields = [
            "id",
            "organisation",
            "last_name",
            "first_name",
            "patronymic",
            "position",
            "subjects",
            "category",
            "birth_date",
            "hired_on",
            "career_started_on",
            "email",
            "phone",
            "personnel_number",
            "employment_status",
            "left_on",
            "leave_reason",
            "career_years",
            "young_specialist",
            "updated_at",
        ]
        read_only_fields = ["employment_status", "left_on", "leave_reason"]
        # A taken табельный номер is the service's conflict (409), not a request error.
        validators = []

    def to_representation(self, staff):
        """Birth dates and contacts only for the roles that see them in the UI."""
        data = super().to_representation(staff)
        request = self.context.get("request")
        viewer = getattr(request, "viewer", None)
        if viewer is not None:
            for name in personal_data.hidden_fields_of(viewer, staff):
                data[name] = None if name == "birth_date" else ""
        return data

    def get_young_specialist(self, staff) -> bool:
        return staff.is_young_specialist()

    def get_career_years(self, staff) -> int | None:
        return staff.career_years()

    def validate_organisation(self, organisation):
        if self.instance and organisation != self.instance.organisation:
            raise serializers.ValidationError("Перевод в другую организацию через API недоступен.")
        return organisation

    def save(self, **kwargs):
        subjects = self.validated_data.pop("subjects", None)
        instance = self.instance or StaffMember()
        for field, value in {**self.validated_data, **kwargs}.items():
            setattr(instance, field, value)
        with transaction.atomic():
            instance.copy_tenant_keys()
            personnel_number_check(instance)
            instance.full_clean()
            instance.save()
            if subjects is not None:
                instance.subjects.set(subjects)
        self.instance = instance
        return instance


class LeaveSerializer(serializers.Serializer):
    """The page's leave form (``orgs.forms.LeaveForm``): a date and a reason, both required."""

    left_on = PortalDateField(label="дата увольнения")
    reason = serializers.CharField(label="причина", max_length=300)


class OrganisationFilter(PortalFilterSet):
    inn = CodeFilter("inn")
    kpp = CodeFilter("kpp")
    ogrn = CodeFilter("ogrn")

    class Meta:
        model = Organisation
        fields = ["municipality", "kind"]


class MunicipalityFilter(PortalFilterSet):
    oktmo = CodeFilter("oktmo")

    class Meta:
        model = Municipality
        fields = ["region"]


class StaffFilter(UpdatedSince):
    personnel_number = CodeFilter("personnel_number")
    young_specialist = YesNoFilter(method="filter_young", label="молодой специалист (1 или 0)")

    class Meta:
        model = StaffMember
        fields = ["organisation", "employment_status", "category"]

    def filter_young(self, queryset, name, value):
        young = StaffMember.objects.young_specialists().values("pk")
        return queryset.filter(pk__in=young) if value else queryset.exclude(pk__in=young)


# Querysets are built per request (get_queryset): the scoped managers refuse to be
# evaluated outside a request's tenant scope. ``.none()`` only tells the schema the model.


class RegionViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RegionSerializer
    queryset = Region.objects.none()
    ordering_fields = ["name", "code"]

    def get_queryset(self):
        return Region.objects.order_by("name")


class MunicipalityViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = MunicipalitySerializer
    queryset = Municipality.objects.none()
    filterset_class = MunicipalityFilter
    ordering_fields = ["name"]

    def get_queryset(self):
        return Municipality.objects.order_by("name")


class OrganisationViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """Organisations of the caller's scope. ``updated_at`` moves with the organisation's own
    fields and when a head is recorded or removed (``head_name``); a head recorded ahead of
    time takes over on its date without a write, so the row does not move then."""

    serializer_class = OrganisationSerializer
    queryset = Organisation.objects.none()
    filterset_class = OrganisationFilter
    ordering_fields = ["short_name"]
    sync_parts = {Head: "organisation"}

    def get_queryset(self):
        return Organisation.objects.order_by("short_name")


class StaffViewSet(
    StrictQueryMixin,
    VersionedUpdateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Staff of the organisations in the caller's scope. Curators write; others read."""

    serializer_class = StaffSerializer
    queryset = StaffMember.objects.none()
    filterset_class = StaffFilter
    # In a school year: employed at some day of it (no hiring date: since always).
    school_year_dates = ("hired_on", "left_on")
    ordering_fields = ["last_name", "hired_on"]

    def get_queryset(self):
        # The organisation is read per row to decide who sees birth dates and contacts.
        return (
            StaffMember.objects.select_related("organisation")
            .prefetch_related("subjects")
            .order_by("last_name", "first_name", "patronymic", "pk")
        )

    def perform_create(self, serializer):
        require_role(
            self.request, Role.CURATOR, organisation=serializer.validated_data["organisation"]
        )
        serializer.save()

    def perform_update(self, serializer):
        require_role(self.request, Role.CURATOR, organisation=serializer.instance.organisation)
        data = dict(serializer.validated_data)
        data.pop("organisation", None)
        serializer.instance = staff_update(
            person=serializer.instance,
            subjects=data.pop("subjects", None),
            version=self.edit_version,
            **data,
        )

    @extend_schema(request=LeaveSerializer, responses=StaffSerializer)
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        """Mark a person as having left (never deleted: retention figures need them)."""
        staff = self.get_object()
        require_role(request, Role.CURATOR, organisation=staff.organisation)
        form = LeaveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        # The page's service: the same rules (hiring date, active pairs, mentor base).
        staff = staff_mark_left(
            person=staff,
            left_on=form.validated_data["left_on"],
            reason=form.validated_data["reason"],
        )
        return Response(self.get_serializer(staff).data, status=status.HTTP_200_OK)
