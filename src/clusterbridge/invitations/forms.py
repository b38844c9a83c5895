from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clusterbridge.accounts.models import User
from clusterbridge.common.forms import Form
from clusterbridge.directory.models import Person


class SetPasswordForm(Form):
    """The invitee's new password, checked by the same validators as a sign-up's."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            # An unsaved login with the person's name and address: the validators refuse a
            # password too close to them.
            names = self.person.full_name.split(" ", 1)
            candidate = User(email=self.person.email, first_name=names[0][:150])
            try:
                get_adapter().clean_password(first, user=candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class IdsField(forms.Field):
    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        try:
            return [int(item) for item in value or []]
        except (TypeError, ValueError):
            raise ValidationError(_("Choose participants from the list.")) from None


class RecipientsForm(Form):
    """The participants a manager ticked, one row's button, or every pending participant.

    Ids are looked up among the programme's own participants by the view: another
    programme's id is simply not found.
    """

    participation = IdsField(required=False)
    only = forms.IntegerField(required=False)
    pending = forms.BooleanField(required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not (cleaned.get("participation") or cleaned.get("only") or cleaned.get("pending")):
            raise ValidationError(_("Choose at least one participant."))
        return cleaned

    def chosen_ids(self) -> list[int]:
        only = self.cleaned_data.get("only")
        return [only] if only else list(self.cleaned_data.get("participation") or [])
