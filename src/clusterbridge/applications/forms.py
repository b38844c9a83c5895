"""The application form (its field names are a contract), the call's form and the review's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from clusterbridge.applications.competences import CompetenceArea
from clusterbridge.applications.models import Application
from clusterbridge.applications.services import Answers, Decision
from clusterbridge.common.forms import Form
from clusterbridge.common.services import known_time_zones
from clusterbridge.directory.choices import ReferenceChoiceField
from clusterbridge.directory.imports import parse_languages
from clusterbridge.directory.models import Country
from clusterbridge.programmes.models import Role

# Hidden from people by the stylesheet and from screen readers; a robot filling every field
# fills it, and its application is dropped without a word.
HONEYPOT = "website"
LEVELS = [("", _("Not given")), *((str(level), str(level)) for level in range(1, 6))]


def area_field_name(area: CompetenceArea) -> str:
    return f"area_{area.code}"


class ApplicationForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))
    country = ReferenceChoiceField(
        label=_("Country"), queryset=Country.objects.all(), to_field_name="code"
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=120, required=False)
    role = forms.ChoiceField(label=_("I apply as"), choices=[])
    languages = forms.CharField(
        label=_("Working languages"),
        max_length=200,
        help_text=_("Language codes with a level (A1–C2 or native), e.g. ar:native, fr:C1, en:B2"),
    )
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        help_text=_("Where you work, e.g. Africa/Tunis or Europe/Paris"),
    )
    motivation = forms.CharField(
        label=_("Motivation"),
        max_length=4000,
        widget=forms.Textarea,
        help_text=_("What you hope to give and to gain in this programme."),
    )
    consent_privacy = forms.BooleanField(
        label=_(
            "I agree that the programme's managers keep and read these answers to review my "
            "application."
        )
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args: Any, roles: list[str], areas: list[CompetenceArea], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, Role(role).label) for role in roles]  # type: ignore[attr-defined]
        self.fields["time_zone"].widget.attrs["list"] = "time-zones"
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.areas = areas
        for area in areas:
            self.fields[area_field_name(area)] = forms.TypedChoiceField(
                label=str(area), choices=LEVELS, coerce=int, empty_value=None, required=False
            )

    @property
    def area_fields(self) -> list[forms.BoundField]:
        return [self[area_field_name(area)] for area in self.areas]

    @property
    def main_fields(self) -> list[forms.BoundField]:
        skipped = {HONEYPOT, *(area_field_name(area) for area in self.areas)}
        return [field for field in self if field.name not in skipped]

    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean_languages(self) -> dict[str, str]:
        try:
            languages = parse_languages(self.cleaned_data["languages"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        if not languages:
            raise forms.ValidationError(_("Give at least one language, e.g. en:B2."))
        return languages

    def clean_time_zone(self) -> str:
        zone = str(self.cleaned_data["time_zone"]).strip()
        if zone not in known_time_zones():
            raise forms.ValidationError(
                _("“%(zone)s” is not a known time zone, e.g. Africa/Cairo."),
                params={"zone": zone},
            )
        return zone

    def answers(self) -> Answers:
        data = self.cleaned_data
        return Answers(
            name=data["name"],
            email=data["email"],
            country=data["country"],
            organisation=data["organisation"],
            position=data["position"],
            role=data["role"],
            languages=data["languages"],
            time_zone=data["time_zone"],
            motivation=data["motivation"],
            competences={
                area.code: data[area_field_name(area)]
                for area in self.areas
                if data.get(area_field_name(area)) is not None
            },
        )


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


def _countries_field(label: Promise) -> forms.ModelMultipleChoiceField:  # type: ignore[type-arg]
    # A function, not a subclass: django-stubs' generic field is no generic class at run time.
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Country.objects.order_by("region", "name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: applicants from every country."),
    )


class CallForm(Form):
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        widget=DateTimeInput(),
        help_text=_("In your time zone. Applications are taken until then."),
    )
    seeks_mentees = forms.BooleanField(label=_("Mentees sought"), required=False)
    seeks_mentors = forms.BooleanField(label=_("Mentors sought"), required=False)
    mentee_countries = _countries_field(_("Mentees from"))
    mentor_countries = _countries_field(_("Mentors from"))
    mentee_places = forms.IntegerField(
        label=_("Places for mentees"),
        min_value=1,
        required=False,
        help_text=_("Empty: no limit. When all are taken, the next applicants are waitlisted."),
    )
    mentor_places = forms.IntegerField(
        label=_("Places for mentors"),
        min_value=1,
        required=False,
        help_text=_("Empty: no limit. When all are taken, the next applicants are waitlisted."),
    )


DECISION_LABELS = {
    Decision.ACCEPT: _("Accept"),
    Decision.WAITLIST: _("Waitlist"),
    Decision.DECLINE: _("Decline"),
    Decision.WITHDRAW: _("Record a withdrawal"),
}


class DecisionForm(Form):
    applications = forms.ModelMultipleChoiceField(
        label=_("Applications"), queryset=Application.objects.none()
    )
    decision = forms.TypedChoiceField(
        label=_("Decision"), choices=list(DECISION_LABELS.items()), coerce=Decision
    )
    message = forms.CharField(
        label=_("Message to the applicants (optional)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, applications: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications  # type: ignore[attr-defined]
