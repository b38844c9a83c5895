from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.forms import Form
from clusterbridge.directory.models import Organisation, Person
from clusterbridge.directory.tabular import MAX_FILE_BYTES, Table, UnreadableFile, read_table
from clusterbridge.programmes.models import (
    Modality,
    Participation,
    ParticipationStatus,
    Programme,
    ProgrammeKind,
    ProgrammeStatus,
    Role,
)
from clusterbridge.programmes.selectors import (
    AnyUser,
    managed_programmes,
    operators_of,
    people_visible_to,
    staff_candidates,
)


class DateInput(forms.DateInput):
    input_type = "date"


class ProgrammeForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(label=_("Short name in addresses"), max_length=50)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgrammeKind.choices)
    edition = forms.CharField(label=_("Edition"), max_length=40, required=False)
    operator = forms.ModelChoiceField(label=_("Operator"), queryset=Organisation.objects.none())
    initiator = forms.ModelChoiceField(
        label=_("Initiator"), queryset=Organisation.objects.all(), required=False
    )
    starts_on = forms.DateField(label=_("Start date"), widget=DateInput)
    ends_on = forms.DateField(label=_("End date"), widget=DateInput)
    modality = forms.ChoiceField(label=_("Modality"), choices=Modality.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Staff create programmes for the operators they work for, and no other.
        operators = operators_of(user).order_by("name")
        self.fields["operator"].queryset = operators  # type: ignore[attr-defined]
        if len(operators) == 1:
            self.fields["operator"].initial = operators[0]

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if Programme.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Another programme already uses this short name."))
        return slug


class ProgrammeEditForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    edition = forms.CharField(label=_("Edition"), max_length=40, required=False)
    starts_on = forms.DateField(label=_("Start date"), widget=DateInput)
    ends_on = forms.DateField(label=_("End date"), widget=DateInput)
    modality = forms.ChoiceField(label=_("Modality"), choices=Modality.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)


class StatusForm(Form):
    # Closing has its own page (the closing checks and the exit survey), linked beside this form.
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (value, label)
            for value, label in ProgrammeStatus.choices
            if value != ProgrammeStatus.CLOSED
        ],
    )


class ParticipantForm(Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    status = forms.ChoiceField(
        label=_("Status"), choices=ParticipationStatus.choices, initial="accepted"
    )
    motivation = forms.CharField(label=_("Motivation"), widget=forms.Textarea, required=False)
    needs_or_offer = forms.CharField(
        label=_("Needs or offer"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Enrolling opens a profile's private data to the managers: offer only the people the
        # manager may already see. A chosen id outside this list is "not a valid choice".
        # Every role is offered: only the programme's managers reach the page, and they may
        # appoint co-managers (add_participant checks it again).
        self.fields["person"].queryset = people_visible_to(user)  # type: ignore[attr-defined]


class PairForm(Form):
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=Participation.objects.none())
    mentee = forms.ModelChoiceField(label=_("Mentee"), queryset=Participation.objects.none())

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Offer only this programme's people; the service still refuses anything else.
        enrolled = Participation.objects.filter(programme=programme).select_related("person")
        self.fields["mentor"].queryset = enrolled.filter(role=Role.MENTOR)  # type: ignore[attr-defined]
        self.fields["mentee"].queryset = enrolled.filter(role=Role.MENTEE)  # type: ignore[attr-defined]
        for name in ("mentor", "mentee"):
            self.fields[name].label_from_instance = lambda p: p.person.full_name  # type: ignore[attr-defined]


KINDS = [("people", _("People")), ("organisations", _("Organisations"))]


class ImportForm(Form):
    table: Table  # the file, parsed once by `clean_file`
    kind = forms.ChoiceField(label=_("What the file holds"), choices=KINDS)
    file = forms.FileField(
        label=_("CSV or Excel (.xlsx) file"),
        help_text=_(
            "A header row, then one row per person or organisation. UTF-8 or Windows-1252, "
            "separated by commas or semicolons."
        ),
    )
    programme = forms.ModelChoiceField(
        label=_("Enrol the people in"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("No programme"),
    )
    role = forms.ChoiceField(
        label=_("as"),
        choices=[("", "—"), (Role.MENTEE, Role.MENTEE.label), (Role.MENTOR, Role.MENTOR.label)],
        required=False,
    )

    def __init__(self, *args: object, user: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        programme_field = self.fields["programme"]
        assert isinstance(programme_field, forms.ModelChoiceField)
        programme_field.queryset = managed_programmes(user).order_by("name")  # type: ignore[arg-type]

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(
                _("The file is larger than the limit of %(limit)d MiB."),
                params={"limit": MAX_FILE_BYTES // (1024 * 1024)},
            )
        try:
            self.table = read_table(upload.read(), filename=upload.name)
        except UnreadableFile as error:
            raise ValidationError(str(error)) from None
        return upload

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if bool(data.get("programme")) != bool(data.get("role")):
            raise ValidationError(_("Choose both a programme and a role, or neither."))
        if data.get("programme") and data.get("kind") != "people":
            raise ValidationError(_("Only people can be enrolled in a programme."))
        return data


class StaffForm(Form):
    """For site admins (the view checks): any operator, anyone who can sign in."""

    operator = forms.ModelChoiceField(label=_("Operator"), queryset=Organisation.objects.none())
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.none(),
        help_text=_("Only people who can sign in are listed."),
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = operators_of(user).order_by("name")  # type: ignore[attr-defined]
        self.fields["person"].queryset = staff_candidates()  # type: ignore[attr-defined]
