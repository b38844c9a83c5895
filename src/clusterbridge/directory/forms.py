from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.dates import Digits
from clusterbridge.common.forms import Form
from clusterbridge.common.services import known_time_zones
from clusterbridge.competences.forms import expertise_level_choices
from clusterbridge.competences.models import CompetenceArea
from clusterbridge.directory.choices import ReferenceChoiceField, ReferenceMultipleChoiceField
from clusterbridge.directory.imports import parse_languages
from clusterbridge.directory.models import (
    Country,
    Gender,
    Organisation,
    Person,
    Sector,
    Visibility,
)


class TimeZoneField(forms.CharField):
    """A free-text IANA zone, checked by the service so the message names the bad value."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_length=64, **kwargs)  # type: ignore[arg-type]
        self.widget.attrs["list"] = "time-zones"


class PersonForm(Form):
    full_name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))
    country = ReferenceChoiceField(label=_("Country"), queryset=Country.objects.all())
    time_zone = TimeZoneField(
        label=_("Time zone"), required=False, help_text=_("Empty: the country's usual zone.")
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), required=False
    )
    position = forms.CharField(label=_("Position"), max_length=120, required=False)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", _("Not given")), *Gender.choices], required=False
    )
    bio = forms.CharField(label=_("Short bio"), widget=forms.Textarea, required=False)
    directory_consent = forms.BooleanField(
        label=_("Listed in the community directory"), required=False
    )
    portfolio_consent = forms.BooleanField(
        label=_("Included in the programme portfolio"), required=False
    )


# IANA areas offered as groups of the time-zone list; other names (UTC, Etc/GMT+3, legacy
# aliases) come last, so a zone stored by an import stays selectable.
ZONE_AREAS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


def time_zone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every zone zoneinfo knows, grouped by area for a <select> with <optgroup>s."""
    groups: dict[str, list[tuple[str, str]]] = {area: [] for area in ZONE_AREAS}
    others: list[tuple[str, str]] = []
    for zone in sorted(known_time_zones()):
        area, _slash, place = zone.partition("/")
        target = groups.get(area, others)
        target.append((zone, place.replace("_", " ") if target is not others else zone))
    return [*groups.items(), (str(_("Other")), others)]


LANGUAGE_SYNTAX_HELP = _(
    "Language codes with a level (A1–C2 or native), separated by commas, "
    "for example: ar:native, fr:C1, en:B2."
)


class ProfileForm(Form):
    """The whole profile on one page. A manager's copy (``own=False``) leaves out the
    visibility and the consents: those are the person's own decisions."""

    OWN_ONLY = ("visibility", "portfolio_consent", "emails_consent")

    full_name = forms.CharField(label=_("Name"), max_length=200)
    arabic_name = forms.CharField(
        label=_("Name in Arabic script"),
        max_length=200,
        required=False,
        help_text=_("Printed on Arabic pages and certificates. Leave empty if you have none."),
    )
    alternate_name = forms.CharField(
        label=_("Name in another script"),
        max_length=200,
        required=False,
        help_text=_("For example your name in Latin letters as it is spelled in your passport."),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"list": "organisations", "autocomplete": "off"}),
        help_text=_("Pick one from the list as you type, or write the name of a new one."),
    )
    position = forms.CharField(label=_("Position"), max_length=120, required=False)
    languages = forms.CharField(
        label=_("Working languages"), max_length=200, required=False, help_text=LANGUAGE_SYNTAX_HELP
    )
    sectors = ReferenceMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)
    digits = forms.ChoiceField(
        label=_("Digits in dates and times"),
        choices=Digits.choices,
        required=False,
        help_text=_(
            "Arabic pages use Arabic-Indic digits unless you choose Latin ones, as in the Maghreb."
        ),
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", _("Not given")), *Gender.choices], required=False
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP, at most 5 MB. It is resized and its metadata removed."),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)
    bio = forms.CharField(
        label=_("Short bio"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Plain text or Markdown; HTML is removed."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may see my profile"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        help_text=_("Public and community profiles are listed in the community directory."),
    )
    portfolio_consent = forms.BooleanField(
        label=_("Include me in the programme portfolio"), required=False
    )
    emails_consent = forms.BooleanField(
        label=_("Send me news and community notifications by e-mail"),
        required=False,
        help_text=_(
            "For example when someone is interested in your opportunity or answers your "
            "interest; you still find these notifications in clusterbridge. Whatever you "
            "choose, you receive the e-mails you need to take part in your programmes and to "
            "keep your account secure: your pair, invitations to your meetings and their "
            "changes and reminders, reminders about your pair's progress, your mission "
            "requests and agendas, and sign-in and password e-mails."
        ),
    )

    def __init__(
        self, *args: Any, areas: Iterable[CompetenceArea], own: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.areas = list(areas)
        self.own = own
        if not own:
            for name in (*self.OWN_ONLY, "digits"):
                del self.fields[name]
            self.fields["remove_photo"].label = _("Remove the photo")
        for area in self.areas:
            self.fields[f"area_{area.pk}"] = forms.TypedChoiceField(
                label=str(area), choices=expertise_level_choices(), coerce=int, required=False
            )

    def clean_languages(self) -> dict[str, str]:
        try:
            return parse_languages(self.cleaned_data["languages"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The page's fieldsets, in order: (legend, fields)."""
        layout: list[tuple[Promise, list[str]]] = [
            (_("Name"), ["full_name", "arabic_name", "alternate_name", "gender"]),
            (_("Work"), ["organisation", "position", "sectors"]),
            (_("Languages and time zone"), ["languages", "time_zone", "digits"]),
            (_("Photo and bio"), ["photo", "remove_photo", "bio"]),
            (_("Expertise"), [f"area_{area.pk}" for area in self.areas]),
            (_("Privacy"), list(self.OWN_ONLY)),
        ]
        return [
            (str(legend), [self[name] for name in names if name in self.fields])
            for legend, names in layout
            if any(name in self.fields for name in names)
        ]

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned data as save_profile takes it."""
        data = dict(self.cleaned_data)
        data["organisation_name"] = data.pop("organisation")
        data["expertise"] = {
            area: level for area in self.areas if (level := data.pop(f"area_{area.pk}"))
        }
        return data


def profile_initial(
    person: Person, *, expertise: dict[int, int], emails_consent: bool
) -> dict[str, Any]:
    """The profile form's initial values from the stored person."""
    languages = ", ".join(f"{row.language}:{row.level}" for row in person.languages.all())
    return {
        "full_name": person.full_name,
        "arabic_name": person.arabic_name,
        "alternate_name": person.alternate_name,
        "organisation": person.organisation.name if person.organisation else "",
        "position": person.position,
        "languages": languages,
        "sectors": list(person.sectors.all()),
        "time_zone": person.time_zone,
        "digits": person.digits,
        "gender": person.gender,
        "bio": person.bio,
        "visibility": person.visibility,
        "portfolio_consent": person.portfolio_consent_at is not None,
        "emails_consent": emails_consent,
        **{f"area_{area_id}": level for area_id, level in expertise.items()},
    }


def time_zone_names() -> list[str]:
    return sorted(known_time_zones())
