"""The forms of a programme's next edition: its new name and dates, then who is invited back."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.forms import Form
from clusterbridge.programmes.forms import DateInput
from clusterbridge.programmes.models import Participation, Programme


class EditionForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(label=_("Short name in addresses"), max_length=50)
    starts_on = forms.DateField(label=_("Start date"), widget=DateInput)
    ends_on = forms.DateField(label=_("End date"), widget=DateInput)

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if Programme.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Another programme already uses this short name."))
        return slug


def _label(participation: Participation) -> str:
    return f"{participation.person.full_name} ({participation.get_role_display()})"


class ReturningForm(Form):
    returning = forms.ModelMultipleChoiceField(
        label=_("Invite back"),
        queryset=Participation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, returning: QuerySet[Participation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["returning"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = returning
        field.label_from_instance = _label  # type: ignore[method-assign,assignment]
