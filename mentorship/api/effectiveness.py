"""The annual effectiveness monitoring over the API: campaigns (a municipality's year, with
its criteria and indicators and how many forms stand at each status), the schools' forms
with their level, and the forms' answers.

Who reads what is the pages' own rule (``monitoring.effectiveness.access``): a campaign its
municipality's methodists and coordinators; a form and its answers also the school's
curator and director; a psychologist, mentor or mentee nothing. A detail goes through the
page's door (404 outside the caller's places, 403 inside them for a role the page refuses).

A form's level and its bands per criterion come from ``form_rows``, the rows of the
municipal table (``campaign_table``) that the overview, its exports, the dashboards and the
analytical report read too: only an accepted form has a level, and only the readers of the
municipal table see it (a school's own staff see their status, as on their pages).

The answers are one flat list, not nested under each form: a regional system syncing with
``updated_since`` gets exactly the indicators changed since its last run (a curator filling
in three indicators changes three rows, not the form), filtered by ``form`` or ``campaign``
when it wants one form's or one year's."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound

from monitoring.effectiveness import access, scales
from monitoring.effectiveness.models import (
    Answer,
    Campaign,
    CriteriaSet,
    Criterion,
    Form,
    Indicator,
)
from monitoring.effectiveness.selectors import (
    form_has_level,
    form_rows,
    status_counts,
    with_status_counts,
)

from .dates import PortalModelSerializer
from .strict import StrictQueryMixin
from .sync import MAX_ID, UPDATED_AT, IdFilter, PortalFilterSet, YearFilter

# --- campaigns ---------------------------------------------------------------------------


class EffectivenessIndicatorSerializer(serializers.ModelSerializer):
    number = serializers.SerializerMethodField(help_text="Номер: критерий.показатель, «2.3».")

    class Meta:
        model = Indicator
        fields = ["id", "number", "position", "name", "method", "scale", "computed"]
        read_only_fields = fields

    def get_number(self, indicator) -> str:
        return indicator_number(indicator)


def indicator_number(indicator) -> str:
    return f"{indicator.criterion.position}.{indicator.position}"


class EffectivenessCriterionSerializer(serializers.ModelSerializer):
    indicators = EffectivenessIndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Criterion
        fields = ["id", "position", "name", "indicators"]
        read_only_fields = fields


class EffectivenessCriteriaSetSerializer(serializers.ModelSerializer):
    criteria = EffectivenessCriterionSerializer(many=True, read_only=True)

    class Meta:
        model = CriteriaSet
        fields = ["id", "year", "title", "criteria"]
        read_only_fields = fields


FORM_COUNTS = inline_serializer(
    "EffectivenessFormCounts",
    {
        **{
            status: serializers.IntegerField(help_text=f"Форм в статусе «{label}».")
            for status, label in Form.Status.choices
        },
        "total": serializers.IntegerField(help_text="Всего форм."),
    },
)


class EffectivenessCampaignSerializer(PortalModelSerializer):
    """Мониторинг эффективности муниципалитета за год: критерии, сроки, формы по статусам."""

    criteria_set = EffectivenessCriteriaSetSerializer(
        read_only=True, help_text="Критерии и показатели, по которым заполняются формы."
    )
    forms = serializers.SerializerMethodField()
    updated_at = UPDATED_AT

    class Meta:
        model = Campaign
        fields = [
            "id",
            "year",
            "region",
            "municipality",
            "criteria_set",
            "opened_on",
            "deadline",
            "forms",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(FORM_COUNTS)
    def get_forms(self, campaign) -> dict:
        """How many forms stand at each status (``with_status_counts``)."""
        return status_counts(campaign)


class EffectivenessCampaignFilter(PortalFilterSet):
    year = YearFilter(field_name="year", label="год мониторинга")

    class Meta:
        model = Campaign
        fields = []


def _pk(view) -> int:
    pk = view.kwargs["pk"]
    if not (pk.isascii() and pk.isdigit() and len(pk) <= 10 and int(pk) <= MAX_ID):
        raise NotFound()
    return int(pk)


class EffectivenessCampaignViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """The municipalities' annual monitoring campaigns the caller reads on the methodist's
    pages. A campaign's ``updated_at`` moves also when one of its forms changes (its counts
    by status do); its criteria set no longer changes once a campaign uses it."""

    serializer_class = EffectivenessCampaignSerializer
    queryset = Campaign.objects.none()
    filterset_class = EffectivenessCampaignFilter
    ordering_fields = ["year"]
    # The counts by status shown in the row.
    sync_parts = {Form: "campaign"}

    def get_queryset(self):
        return with_status_counts(
            access.campaigns_for_user(self.request)
            .select_related("criteria_set")
            .prefetch_related("criteria_set__criteria__indicators")
            .order_by("-year", "-pk")
        )

    def get_object(self):
        campaign = access.campaign_for(self.request, _pk(self))
        return get_object_or_404(self.get_queryset(), pk=campaign.pk)


# --- forms -------------------------------------------------------------------------------

CRITERION_BAND = inline_serializer(
    "EffectivenessCriterionBand",
    {
        "criterion": serializers.IntegerField(help_text="Критерий (номер записи)."),
        "position": serializers.IntegerField(help_text="Номер критерия в наборе."),
        "band": serializers.CharField(
            allow_null=True, help_text="Диапазон, «100–80 %»; пусто, если не оценён."
        ),
        "points": serializers.IntegerField(
            allow_null=True, min_value=0, max_value=scales.MAX_SCORE, help_text="Балл 0–3."
        ),
    },
    many=True,
)
LEVEL_CODES = list(scales.LEVEL_LABELS)


class EffectivenessFormListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        # The levels of the whole page at once (``form_rows``), not per row.
        forms = list(data.all() if hasattr(data, "all") else data)
        self.child.context["rows"] = form_rows(forms)
        return super().to_representation(forms)


class EffectivenessFormSerializer(PortalModelSerializer):
    """Форма мониторинга организации: статус и уровень эффективности принятой формы."""

    year = serializers.IntegerField(source="campaign.year", read_only=True)
    level = serializers.SerializerMethodField()
    level_name = serializers.SerializerMethodField()
    level_band = serializers.SerializerMethodField()
    points = serializers.SerializerMethodField()
    criteria = serializers.SerializerMethodField()
    updated_at = UPDATED_AT

    class Meta:
        list_serializer_class = EffectivenessFormListSerializer
        model = Form
        fields = [
            "id",
            "campaign",
            "year",
            "region",
            "municipality",
            "organisation",
            "status",
            "submitted_at",
            "decided_at",
            "methodist_comment",
            "level",
            "level_name",
            "level_band",
            "points",
            "criteria",
            "updated_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "submitted_at": {"help_text": "Когда сдана последний раз."},
            "decided_at": {"help_text": "Когда методист вернул, принял или снова открыл её."},
        }

    def _row(self, form) -> dict | None:
        """The form's row of the municipal table, or None where the caller does not see
        levels."""
        if "_table_row" not in form.__dict__:
            request = self.context.get("request")
            row = None
            if request is not None and access.sees_levels(request, form.campaign):
                rows = self.context.get("rows")
                if rows is None or form.pk not in rows:
                    rows = form_rows([form])
                row = rows[form.pk]
            form._table_row = row
        return form._table_row

    def _overall(self, form):
        row = self._row(form)
        return row["overall"] if row else None

    @extend_schema_field(
        {
            "type": "string",
            "enum": LEVEL_CODES,
            "nullable": True,
            "description": "Уровень эффективности принятой формы: high — высокий, "
            "sufficient — достаточный, low — низкий, critical — критический. Пусто у формы, "
            "которая не принята, и для сотрудников школы (на их страницах уровня нет).",
        }
    )
    def get_level(self, form):
        overall = self._overall(form)
        return overall.code if overall else None

    def get_level_name(self, form) -> str | None:
        """Уровень словами, как в муниципальной таблице: «высокий»."""
        overall = self._overall(form)
        return overall.level if overall else None

    def get_level_band(self, form) -> str | None:
        """Диапазон итогового уровня, «100–80 %»."""
        overall = self._overall(form)
        return overall.label if overall else None

    @extend_schema_field(
        {
            "type": "integer",
            "minimum": 0,
            "maximum": scales.MAX_SCORE,
            "nullable": True,
            "description": "Итоговый балл 0–3 (средний балл критериев в долях максимума, "
            "в тех же диапазонах).",
        }
    )
    def get_points(self, form):
        overall = self._overall(form)
        return overall.score if overall else None

    @extend_schema_field(CRITERION_BAND)
    def get_criteria(self, form) -> list:
        """Диапазон и балл по каждому критерию принятой формы (иначе пусто)."""
        row = self._row(form)
        if row is None or not form_has_level(form):
            return []
        return [
            {
                "criterion": criterion.pk,
                "position": criterion.position,
                "band": band.label if band else None,
                "points": band.score if band else None,
            }
            for criterion, band in zip(row["criteria"], row["cells"], strict=True)
        ]


class EffectivenessFormFilter(PortalFilterSet):
    year = YearFilter(field_name="campaign__year", label="год мониторинга")

    class Meta:
        model = Form
        fields = ["campaign", "organisation", "status"]


class EffectivenessFormViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """The schools' monitoring forms the caller reads: status and its moments, the
    methodist's comment and, for the readers of the municipal table, the level."""

    serializer_class = EffectivenessFormSerializer
    queryset = Form.objects.none()
    filterset_class = EffectivenessFormFilter

    def get_queryset(self):
        return (
            access.forms_for_user(self.request)
            .select_related("campaign__municipality")
            .order_by("-campaign__year", "pk")
        )

    def get_object(self):
        form = access.form_for(self.request, _pk(self))
        return get_object_or_404(self.get_queryset(), pk=form.pk)


# --- answers -----------------------------------------------------------------------------


class EffectivenessAnswerSerializer(PortalModelSerializer):
    """Значение одного показателя формы: вычисленное, подтверждённое, подтверждения."""

    campaign = serializers.IntegerField(source="form.campaign_id", read_only=True)
    indicator_number = serializers.SerializerMethodField(
        help_text="Номер показателя: критерий.показатель, «2.3»."
    )
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    scale = serializers.ChoiceField(
        source="indicator.scale", choices=scales.Scale.choices, read_only=True
    )
    # A plain text: an empty one (no link given) is not a URI.
    evidence_url = serializers.CharField(
        read_only=True, help_text="Ссылка-подтверждение, как её дал куратор; пусто, если нет."
    )
    option_label = serializers.SerializerMethodField(help_text="Ответ словами, как на странице.")
    evidence_file = serializers.SerializerMethodField(
        help_text="Адрес файла-подтверждения (скачивается с тем же токеном или входом), "
        "если он приложен."
    )
    updated_at = UPDATED_AT

    class Meta:
        model = Answer
        fields = [
            "id",
            "form",
            "campaign",
            "organisation",
            "indicator",
            "indicator_number",
            "indicator_name",
            "scale",
            "value",
            "computed_value",
            "computed_note",
            "option",
            "option_label",
            "comment",
            "evidence_text",
            "evidence_url",
            "evidence_file",
            "updated_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "value": {"help_text": "Значение, подтверждённое или исправленное куратором."},
            "computed_value": {"help_text": "Значение, вычисленное из данных портала."},
            "option": {"help_text": "Код словесного ответа по шкале показателя."},
        }

    def get_indicator_number(self, answer) -> str:
        return indicator_number(answer.indicator)

    def get_option_label(self, answer) -> str:
        return scales.option_label(answer.indicator.scale, answer.option)

    def get_evidence_file(self, answer) -> str | None:
        if not answer.evidence_file:
            return None
        path = reverse("monitoring:effectiveness:evidence_file", args=[answer.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class EffectivenessAnswerFilter(PortalFilterSet):
    campaign = IdFilter(field_name="form__campaign", label="мониторинг (номер)")

    class Meta:
        model = Answer
        fields = ["form", "organisation", "indicator"]


class EffectivenessAnswerViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """The answers (values) of the forms the caller reads, one row per indicator of a
    form, in the order of the criteria set."""

    serializer_class = EffectivenessAnswerSerializer
    queryset = Answer.objects.none()
    filterset_class = EffectivenessAnswerFilter

    def get_queryset(self):
        return (
            access.answers_for_user(self.request)
            .select_related("form", "indicator__criterion")
            .order_by("form_id", "indicator__criterion__position", "indicator__position", "pk")
        )

    def get_object(self):
        answer = access.answer_for(self.request, _pk(self))
        return get_object_or_404(self.get_queryset(), pk=answer.pk)
