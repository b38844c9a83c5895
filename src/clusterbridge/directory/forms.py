from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.forms import Form
from clusterbridge.common.services import known_time_zones
from clusterbridge.directory.models import Country, Gender, Organisation, Visibility


class TimeZoneField(forms.CharField):
    """A free-text IANA zone, checked by the service so the message names the bad value."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_length=64, **kwargs)  # type: ignore[arg-type]
        self.widget.attrs["list"] = "time-zones"


class PersonForm(Form):
    full_name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all())
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


class ProfileForm(Form):
    alternate_name = forms.CharField(
        label=_("Name in another script"),
        max_length=200,
        required=False,
        help_text=_("For example your name in Arabic or in Latin letters."),
    )
    position = forms.CharField(label=_("Position"), max_length=120, required=False)
    time_zone = TimeZoneField(label=_("Time zone"))
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", _("Not given")), *Gender.choices], required=False
    )
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


def time_zone_names() -> list[str]:
    return sorted(known_time_zones())
