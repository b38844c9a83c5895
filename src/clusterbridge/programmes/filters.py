from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from clusterbridge.directory.choices import ReferenceChoiceFilter
from clusterbridge.directory.models import Country
from clusterbridge.programmes.models import Participation, ParticipationStatus, Role


class ParticipantFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("Role"), empty_label=_("All"))
    country = ReferenceChoiceFilter(
        field_name="person__country",
        queryset=Country.objects.all(),
        to_field_name="code",
        label=_("Country"),
        empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(
        choices=ParticipationStatus.choices, label=_("Status"), empty_label=_("All")
    )

    class Meta:
        model = Participation
        fields = ["role", "country", "status"]
