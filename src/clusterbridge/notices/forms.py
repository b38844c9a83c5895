from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.forms import Form
from clusterbridge.journeys.forms import PairChoiceField
from clusterbridge.notices import registry, selectors
from clusterbridge.notices.models import Audience, Delivery, Frequency
from clusterbridge.programmes.models import Pair, Programme


class AnnouncementForm(Form):
    audience = forms.ChoiceField(
        label=_("To"), choices=Audience.choices, widget=forms.RadioSelect, initial=Audience.EVERYONE
    )
    pairs = PairChoiceField(
        label=_("Pairs (when you pick pairs)"),
        queryset=Pair.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea)

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pairs"].queryset = selectors.pickable_pairs(programme)  # type: ignore[attr-defined]
        self.fields["language"].initial = get_language()
        for code, name in settings.LANGUAGES:
            self.fields[f"subject_{code}"] = forms.CharField(
                label=_("Subject in %(language)s (optional)") % {"language": name},
                max_length=200,
                required=False,
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Message in %(language)s (optional)") % {"language": name},
                required=False,
                widget=forms.Textarea,
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for code, _name in settings.LANGUAGES:
            subject, body = cleaned.get(f"subject_{code}"), cleaned.get(f"body_{code}")
            if bool(subject) != bool(body):
                self.add_error(
                    f"body_{code}" if subject else f"subject_{code}",
                    _("Give both the subject and the message of this version, or neither."),
                )
        return cleaned

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        versions = {
            code: (data[f"subject_{code}"], data[f"body_{code}"])
            for code, _name in settings.LANGUAGES
            if data.get(f"subject_{code}") and code != data["language"]
        }
        return {
            "audience": data["audience"],
            "pairs": list(data["pairs"]),
            "language": data["language"],
            "subject": data["subject"],
            "body": data["body"],
            "versions": versions,
        }


class PreferencesForm(Form):
    frequency = forms.ChoiceField(
        label=_("Digest"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Your upcoming meetings, what is waiting for you and what is new, in one e-mail "
            "in the morning of your time zone (on Mondays for the weekly one)."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for category in registry.categories():
            self.fields[f"delivery_{category.key}"] = forms.ChoiceField(
                label=category.label, choices=Delivery.choices, widget=forms.RadioSelect
            )

    def deliveries(self) -> dict[str, str]:
        return {
            category.key: self.cleaned_data[f"delivery_{category.key}"]
            for category in registry.categories()
        }
