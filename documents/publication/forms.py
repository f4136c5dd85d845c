from django import forms
from slugify import slugify

from mentorship import dates
from orgs.concurrency import VersionedFormMixin
from orgs.models import DeficitArea, Organisation, StaffMember, Subject

from .models import NewsItem, NormativeDocument, Practice, PublicPage

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# Sections only a municipality's page has.
MUNICIPAL_SECTIONS = ["show_road_map", "show_events"]


class PageForm(VersionedFormMixin, forms.ModelForm):
    """The «публичная страница» settings: the address, published or not, and the sections
    shown. A new page's address is the place's name in Latin letters."""

    class Meta:
        model = PublicPage
        fields = [
            "slug",
            "published",
            "intro",
            "curator_name",
            "curator_position",
            "curator_contact",
            "contacts",
            "show_documents",
            "show_programmes",
            "show_figures",
            "show_news",
            "show_practices",
            *MUNICIPAL_SECTIONS,
        ]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 3}),
            "contacts": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            name = getattr(place, "short_name", None) or place.name
            self.initial.setdefault("slug", slugify(name, max_length=80, word_boundary=True))
        if isinstance(place, Organisation):
            for name in MUNICIPAL_SECTIONS:
                del self.fields[name]
        else:
            # A municipality's page has no programmes or figures of its own.
            del self.fields["show_programmes"], self.fields["show_figures"]


class NewsForm(forms.ModelForm):
    photo = forms.FileField(label="Фото (JPG, PNG)", required=False)

    class Meta:
        formfield_callback = dates.formfield
        model = NewsItem
        fields = ["title", "text", "published_on", "is_published"]
        widgets = {"published_on": DATE, "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        # Shares the page with the normative document form: ids of its own.
        kwargs.setdefault("auto_id", "id_news_%s")
        super().__init__(*args, **kwargs)


class NormativeForm(forms.ModelForm):
    file = forms.FileField(label="Файл (PDF, DOCX)", required=False)

    class Meta:
        model = NormativeDocument
        fields = ["level", "title", "url"]


class PracticeForm(VersionedFormMixin, forms.ModelForm):
    file = forms.FileField(label="Материалы (файл PDF, DOCX)", required=False)

    class Meta:
        model = Practice
        fields = [
            "title",
            "authors",
            "form",
            "format",
            "description",
            "materials_url",
            "subjects",
            "deficit_areas",
            "level",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "authors": forms.SelectMultiple(attrs={"size": 6}),
            "subjects": forms.SelectMultiple(attrs={"size": 6}),
            "deficit_areas": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authors"].queryset = (
            StaffMember.objects.filter(organisation=organisation).working().order_by("last_name")
        )
        self.fields["subjects"].queryset = Subject.objects.all()
        self.fields["deficit_areas"].queryset = DeficitArea.objects.all()


class PublishDocumentForm(forms.Form):
    document = forms.IntegerField()
    public = forms.BooleanField(required=False)
