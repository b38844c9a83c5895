from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterbridge.api.models import ApiToken
from clusterbridge.common.forms import Form


class TokenForm(Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_(
            "What the token is for, so that you recognise it later: “weekly report script”."
        ),
    )
