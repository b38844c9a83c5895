from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.forms import Form
from clusterbridge.conversations.services import MAX_BODY
from clusterbridge.directory.choices import ReferenceChoiceField
from clusterbridge.directory.models import Sector


class MessageForm(Form):
    body = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("Markdown welcome; write @ and a member's name to mention them."),
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("PDF, PNG, JPEG, office document, text or CSV."),
    )


class EditForm(Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


class ReportForm(Form):
    reason = forms.CharField(label=_("What is wrong with this message?"), max_length=500)


class ModerateForm(Form):
    action = forms.ChoiceField(
        label=_("Action"), choices=[("hide", _("Hide")), ("restore", _("Restore"))]
    )
    note = forms.CharField(label=_("Note for the log"), max_length=500, required=False)


class GroupForm(Form):
    title = forms.CharField(label=_("Name"), max_length=200)
    topic = forms.CharField(label=_("Topic"), max_length=300, required=False)
    sector = ReferenceChoiceField(
        label=_("Sector"), queryset=Sector.objects.order_by("name"), required=False
    )


class SearchForm(Form):
    q = forms.CharField(label=_("Search my conversations"), max_length=200, required=False)
