from __future__ import annotations

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.forms import Form
from clusterbridge.community.models import Opportunity, OpportunityKind
from clusterbridge.directory.choices import (
    ReferenceChoiceField,
    ReferenceChoiceFilter,
    ReferenceMultipleChoiceField,
)
from clusterbridge.directory.models import Country, Organisation, Sector
from clusterbridge.journeys.models import CollaborationKind


class DateInput(forms.DateInput):
    input_type = "date"


class OpportunityForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OpportunityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea,
        help_text=_("Plain text or Markdown; HTML is removed."),
    )
    sector = ReferenceChoiceField(label=_("Sector"), queryset=Sector.objects.all(), required=False)
    countries = ReferenceMultipleChoiceField(
        label=_("Countries"),
        queryset=Country.objects.all(),
        required=False,
        help_text=_("The countries this opportunity concerns."),
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput)


class InterestForm(Form):
    message = forms.CharField(
        label=_("Message to the author"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Plain text or Markdown; HTML is removed."),
    )


class AnswerForm(Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(Form):
    reason = forms.CharField(label=_("What is wrong with this post?"), max_length=500)


class ModerateForm(Form):
    action = forms.ChoiceField(
        label=_("Moderation"), choices=[("hide", _("Hide")), ("restore", _("Restore"))]
    )
    note = forms.CharField(label=_("Note for the log"), max_length=500, required=False)


class CollaborationForm(Form):
    organisation_a = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all()
    )
    organisation_b = forms.ModelChoiceField(label=_("Partner"), queryset=Organisation.objects.all())
    kind = forms.ChoiceField(label=_("Kind"), choices=CollaborationKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    started_on = forms.DateField(label=_("Started on"), widget=DateInput)


class OpportunityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(
        choices=OpportunityKind.choices, label=_("Kind"), empty_label=_("All")
    )
    sector = ReferenceChoiceFilter(
        queryset=Sector.objects.all(), to_field_name="code", label=_("Sector"), empty_label=_("All")
    )
    country = ReferenceChoiceFilter(
        queryset=Country.objects.all(),
        to_field_name="code",
        label=_("Country"),
        empty_label=_("All"),
        method="by_country",
    )

    class Meta:
        model = Opportunity
        fields = ["kind", "sector"]

    def search(
        self, queryset: QuerySet[Opportunity], name: str, value: str
    ) -> QuerySet[Opportunity]:
        for word in value.split()[:8]:
            queryset = queryset.filter(Q(title__icontains=word) | Q(body__icontains=word))
        return queryset

    def by_country(
        self, queryset: QuerySet[Opportunity], name: str, value: Country
    ) -> QuerySet[Opportunity]:
        through = Opportunity.countries.through.objects.filter(country=value)
        return queryset.filter(pk__in=through.values("opportunity_id"))


class PortfolioForm(Form):
    """Which portfolio to prepare: the job that writes it runs in the background."""

    lang = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("pdf", _("PDF, to print or send")), ("html", _("Web page, one file"))],
    )
