from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.forms import Form
from clusterbridge.programmes.models import CLOSED_PAIR_STATUSES, Pair, PairStatus


class ClosePairsForm(Form):
    """One pair (its row's buttons) or the ticked ones (the bulk form), closed out alike."""

    pair = forms.ModelMultipleChoiceField(
        label=_("Pairs"),
        queryset=Pair.objects.none(),
        error_messages={
            "required": _("Choose at least one pair."),
        },
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(status, PairStatus(status).label) for status in CLOSED_PAIR_STATUSES],
    )
    reason = forms.CharField(label=_("Reason for ending early"), required=False, max_length=500)

    def __init__(self, *args: Any, pairs: QuerySet[Pair], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pair"].queryset = pairs  # type: ignore[attr-defined]
