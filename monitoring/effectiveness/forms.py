from django import forms

from .models import Answer, Form
from .scales import NUMERIC_SCALES, SCALE_OPTIONS, Scale


class OpenCampaignForm(forms.Form):
    year = forms.IntegerField(label="Год", min_value=2020, max_value=2100)
    deadline = forms.DateField(label="Срок сдачи", required=False)


class AnswerForm(forms.ModelForm):
    """One indicator of a monitoring form; the field shown depends on its scale."""

    class Meta:
        model = Answer
        fields = ["value", "option", "comment", "evidence_text", "evidence_url", "evidence_file"]
        widgets = {
            "comment": forms.TextInput(attrs={"placeholder": "комментарий"}),
            "evidence_text": forms.TextInput(attrs={"placeholder": "подтверждение"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scale = self.instance.indicator.scale
        self.scale = scale
        if scale in NUMERIC_SCALES:
            del self.fields["option"]
            self.fields["value"].label = "%" if scale == Scale.PERCENT else "количество"
            # People type «79,5»; the page shows values the same way.
            self.fields["value"].localize = True
            self.fields["value"].widget.is_localized = True
            if self.instance.value is None and self.instance.computed_value is not None:
                self.initial["value"] = self.instance.computed_value
        else:
            del self.fields["value"]
            self.fields["option"] = forms.ChoiceField(
                label="Ответ",
                required=False,
                choices=[("", "—")] + [(c, label) for c, label, _ in SCALE_OPTIONS[scale]],
            )

    def clean_value(self):
        value = self.cleaned_data.get("value")
        if value is not None and value < 0:
            raise forms.ValidationError("Значение не может быть отрицательным.")
        if value is not None and self.scale == Scale.PERCENT and value > 100:
            raise forms.ValidationError("Процент не может быть больше 100.")
        return value


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("submit", "Сдать"), ("return", "Вернуть"), ("accept", "Принять")]
    )
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea)


class ActsFilter(forms.Form):
    gaps = forms.BooleanField(label="Только с пробелами", required=False)


STATUS_COLOURS = {
    Form.Status.NOT_STARTED: "secondary",
    Form.Status.IN_PROGRESS: "primary",
    Form.Status.SUBMITTED: "warning",
    Form.Status.RETURNED: "danger",
    Form.Status.ACCEPTED: "success",
}
