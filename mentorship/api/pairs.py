"""API resources of programmes, pairs and groups, plans and their activities.

Every write goes through ``pairs.services`` — the same validation and Russian messages as
the browser — and only the curator of the organisation may write (403 for readers in scope).
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from orgs.access import require_role
from orgs.models import DeficitArea, Role, StaffMember
from pairs import services
from pairs.access import with_own_pairs
from pairs.models import Pair, PairMember, Plan, PlanActivity, PlanTemplate, Programme

from .dates import PortalDateField, PortalModelSerializer
from .strict import StrictQueryMixin
from .sync import UPDATED_AT, UpdatedSince
from .versioning import VersionedUpdateMixin

# --- serializers -----------------------------------------------------------------------


class PersonSerializer(PortalModelSerializer):
    class Meta:
        model = StaffMember
        fields = ["id", "last_name", "first_name", "patronymic", "position", "organisation"]


class ProgrammeSerializer(PortalModelSerializer):
    class Meta:
        model = Programme
        fields = [
            "id",
            "organisation",
            "title",
            "form",
            "custom_form",
            "starts_on",
            "ends_on",
            "goals",
            "status",
            "approval_order",
            "closed_on",
        ]
        read_only_fields = ["status", "closed_on"]


class PairSerializer(PortalModelSerializer):
    mentors = serializers.SerializerMethodField()
    mentees = serializers.SerializerMethodField()
    updated_at = UPDATED_AT

    class Meta:
        model = Pair
        fields = [
            "id",
            "updated_at",
            "organisation",
            "programme",
            "title",
            "format",
            "model_element",
            "mentor_type",
            "mentee_category",
            "starts_on",
            "planned_end_on",
            "ended_on",
            "status",
            "compatibility",
            "consent_status",
            "consent_on",
            "agreement_status",
            "mentors",
            "mentees",
        ]
        read_only_fields = fields

    def _members(self, pair, role) -> list[dict]:
        return PersonSerializer(
            [m.staff for m in pair.members.all() if m.role == role], many=True
        ).data

    @extend_schema_field(PersonSerializer(many=True))
    def get_mentors(self, pair):
        return self._members(pair, PairMember.Role.MENTOR)

    @extend_schema_field(PersonSerializer(many=True))
    def get_mentees(self, pair):
        return self._members(pair, PairMember.Role.MENTEE)


class PairCreateSerializer(PortalModelSerializer):
    """Input of a new pair or group: staff ids of mentors and mentees in the caller's scope."""

    mentors = serializers.PrimaryKeyRelatedField(
        many=True, queryset=StaffMember.objects.all(), label="наставники"
    )
    mentees = serializers.PrimaryKeyRelatedField(
        many=True, queryset=StaffMember.objects.all(), label="наставляемые"
    )
    status = serializers.ChoiceField(
        choices=[Pair.Status.DRAFT, Pair.Status.ACTIVE], default=Pair.Status.DRAFT
    )

    class Meta:
        model = Pair
        fields = [
            "programme",
            "title",
            "format",
            "model_element",
            "mentor_type",
            "mentee_category",
            "starts_on",
            "planned_end_on",
            "status",
            "mentors",
            "mentees",
            "compatibility",
            "consent_status",
            "consent_on",
        ]
        extra_kwargs = {"starts_on": {"required": False}, "planned_end_on": {"required": False}}


class PairConsentSerializer(serializers.Serializer):
    """The mentor's written consent (art. 351.8 of the Labour Code), by its date."""

    consent_on = PortalDateField(label="дата письменного согласия")


class PairStatusSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=Pair.Status.choices, label="новый статус")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    ended_on = PortalDateField(required=False, allow_null=True, default=None)
    initiator = serializers.ChoiceField(
        choices=Pair.Initiator.choices, required=False, allow_blank=True, default=""
    )
    notice_on = PortalDateField(required=False, allow_null=True, default=None)


class ActivitySerializer(PortalModelSerializer):
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = PlanActivity
        fields = [
            "id",
            "plan",
            "position",
            "direction",
            "title",
            "form",
            "deficit_area",
            "planned_month",
            "due_on",
            "deadline",
            "stage",
            "expected_result",
            "responsible",
            "responsible_other",
            "status",
            "done_on",
            "evidence_note",
            "overdue",
        ]
        read_only_fields = ["plan", "position", "deadline", "status", "done_on", "overdue"]

    def get_overdue(self, activity) -> bool:
        return activity.is_overdue


class MarkDoneSerializer(serializers.Serializer):
    done_on = PortalDateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PlanSerializer(PortalModelSerializer):
    activities = ActivitySerializer(many=True, read_only=True)
    template = serializers.PrimaryKeyRelatedField(
        queryset=PlanTemplate.objects.all(), required=False, allow_null=True, write_only=True
    )
    deficits = serializers.PrimaryKeyRelatedField(
        many=True, queryset=DeficitArea.objects.all(), required=False
    )

    class Meta:
        model = Plan
        fields = [
            "id",
            "organisation",
            "pair",
            "mentee",
            "starts_on",
            "ends_on",
            "goals",
            "status",
            "deficits",
            "template",
            "activities",
        ]
        read_only_fields = ["organisation", "status"]
        extra_kwargs = {"starts_on": {"required": False}, "ends_on": {"required": False}}
        # One plan per mentee of a pair is the service's rule (a conflict, 409), not a
        # validation of the request.
        validators = []


# --- filters ---------------------------------------------------------------------------


class PairFilter(UpdatedSince):
    class Meta:
        model = Pair
        fields = ["organisation", "programme", "status", "format", "mentee_category"]


class PlanFilter(UpdatedSince):
    class Meta:
        model = Plan
        fields = ["organisation", "pair", "mentee", "status"]


def _curator_of(request, obj) -> None:
    require_role(request, Role.CURATOR, organisation=obj.organisation)


# --- views -----------------------------------------------------------------------------


class ProgrammeViewSet(
    StrictQueryMixin,
    VersionedUpdateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ProgrammeSerializer
    queryset = Programme.objects.none()
    filterset_fields = ["organisation", "status", "form"]
    ordering_fields = ["starts_on"]

    def get_queryset(self):
        return Programme.objects.order_by("-starts_on", "pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        organisation = data.pop("organisation")
        require_role(self.request, Role.CURATOR, organisation=organisation)
        serializer.instance = services.programme_create(
            organisation=organisation, acting_user=self.request.user, **data
        )

    def perform_update(self, serializer):
        _curator_of(self.request, serializer.instance)
        data = dict(serializer.validated_data)
        data.pop("organisation", None)
        serializer.instance = services.programme_update(
            programme=serializer.instance,
            acting_user=self.request.user,
            version=self.edit_version,
            **data,
        )

    @extend_schema(request=None, responses=ProgrammeSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        programme = self.get_object()
        _curator_of(request, programme)
        programme = services.programme_close(programme=programme, acting_user=request.user)
        return Response(ProgrammeSerializer(programme).data)


# Mentors and mentees read their own pairs, plans and activities, as in the browser
# (pairs.access.with_own_pairs); writes stay the curator's.


def _pairs(*, cross_tenant: bool):
    members = PairMember.objects.select_related("staff").order_by("role", "pk")
    members = members.cross_tenant() if cross_tenant else members
    return Pair.objects.prefetch_related(Prefetch("members", queryset=members)).order_by(
        "-starts_on", "pk"
    )


def _plans(*, cross_tenant: bool):
    activities = PlanActivity.objects.order_by("position")
    activities = activities.cross_tenant() if cross_tenant else activities
    return Plan.objects.prefetch_related(
        "deficits", Prefetch("activities", queryset=activities)
    ).order_by("pk")


def _activities(*, cross_tenant: bool):
    return PlanActivity.objects.order_by("pk")


class PairViewSet(
    StrictQueryMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Pair.objects.none()
    filterset_class = PairFilter
    # In a school year: started by its end and not ended before it began.
    school_year_dates = ("starts_on", "ended_on")
    ordering_fields = ["starts_on", "planned_end_on"]
    # Its members read a pair wherever it is (and so learn it was deleted).
    own_pairs = "id"

    def get_queryset(self):
        return with_own_pairs(self.request, _pairs, self.own_pairs)

    def get_serializer_class(self):
        return PairCreateSerializer if self.action == "create" else PairSerializer

    @extend_schema(request=PairCreateSerializer, responses={201: PairSerializer})
    def create(self, request, *args, **kwargs):
        form = PairCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        programme = data.pop("programme")
        require_role(request, Role.CURATOR, organisation=programme.organisation)
        pair = services.pair_create(
            programme=programme,
            mentors=data.pop("mentors"),
            mentees=data.pop("mentees"),
            acting_user=request.user,
            **data,
        )
        return Response(
            PairSerializer(self.get_queryset().get(pk=pair.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=PairStatusSerializer, responses=PairSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, pk=None):
        pair = self.get_object()
        _curator_of(request, pair)
        form = PairStatusSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.pair_change_status(pair=pair, acting_user=request.user, **form.validated_data)
        return Response(PairSerializer(self.get_queryset().get(pk=pair.pk)).data)

    @extend_schema(request=PairConsentSerializer, responses=PairSerializer)
    @action(detail=True, methods=["post"], url_path="consent")
    def consent(self, request, pk=None):
        """Record the mentor's consent: the same service as the pair's page."""
        pair = self.get_object()
        _curator_of(request, pair)
        form = PairConsentSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.pair_consent_record(pair=pair, acting_user=request.user, **form.validated_data)
        return Response(PairSerializer(self.get_queryset().get(pk=pair.pk)).data)


class PlanViewSet(
    StrictQueryMixin,
    VersionedUpdateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = PlanSerializer
    queryset = Plan.objects.none()
    filterset_class = PlanFilter
    # A plan's row shows its activities: changing one changes the plan for a sync.
    sync_parts = {PlanActivity: "plan"}
    ordering_fields = ["starts_on"]
    own_pairs = "pair"

    def get_queryset(self):
        return with_own_pairs(self.request, _plans, self.own_pairs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        pair = data.pop("pair")
        require_role(self.request, Role.CURATOR, organisation=pair.organisation)
        serializer.instance = services.plan_create(
            pair=pair,
            mentee=data.pop("mentee"),
            template=data.pop("template", None),
            deficits=data.pop("deficits", ()),
            acting_user=self.request.user,
            **data,
        )

    def perform_update(self, serializer):
        _curator_of(self.request, serializer.instance)
        data = dict(serializer.validated_data)
        for fixed in ("pair", "mentee", "template"):
            data.pop(fixed, None)
        serializer.instance = services.plan_update(
            plan=serializer.instance,
            acting_user=self.request.user,
            version=self.edit_version,
            **data,
        )

    paginated_actions = ("activities",)

    @extend_schema(methods=["get"], responses=ActivitySerializer(many=True), filters=False)
    @extend_schema(
        methods=["post"], request=ActivitySerializer, responses={201: ActivitySerializer}
    )
    @action(detail=True, methods=["get", "post"])
    def activities(self, request, pk=None):
        """The plan's activities; POST adds one at the end."""
        plan = self.get_object()
        if request.method == "GET":
            # Paginated like every list, as the schema says; read through the same door as
            # /activities/{id}/, so a mentor's network plan shows its activities too.
            rows = with_own_pairs(request, _activities, "plan__pair").filter(plan=plan)
            page = self.paginate_queryset(rows.order_by("position", "pk"))
            return self.get_paginated_response(ActivitySerializer(page, many=True).data)
        _curator_of(request, plan)
        form = ActivitySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        activity = services.activity_create(
            plan=plan, acting_user=request.user, **form.validated_data
        )
        return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)


class ActivityViewSet(
    StrictQueryMixin,
    VersionedUpdateMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """One plan activity: edit, delete, mark done."""

    serializer_class = ActivitySerializer
    queryset = PlanActivity.objects.none()

    def get_queryset(self):
        return with_own_pairs(self.request, _activities, "plan__pair")

    def perform_update(self, serializer):
        _curator_of(self.request, serializer.instance)
        serializer.instance = services.activity_update(
            activity=serializer.instance,
            acting_user=self.request.user,
            version=self.edit_version,
            **serializer.validated_data,
        )

    def perform_destroy(self, instance):
        _curator_of(self.request, instance)
        services.activity_delete(activity=instance, acting_user=self.request.user)

    @extend_schema(request=MarkDoneSerializer, responses=ActivitySerializer)
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        activity = self.get_object()
        _curator_of(request, activity)
        form = MarkDoneSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        activity = services.activity_mark_done(
            activity=activity, acting_user=request.user, **form.validated_data
        )
        return Response(ActivitySerializer(activity).data)
