"""The community's lists as tables for common.exports (CSV and Excel)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from clusterbridge.common.exports import Table
from clusterbridge.community.models import Opportunity
from clusterbridge.community.network import Tie


def opportunities_table(opportunities: QuerySet[Opportunity]) -> Table:
    return Table(
        headers=[
            _("Title"),
            _("Kind"),
            _("Author"),
            _("Organisation"),
            _("Sector"),
            _("Countries"),
            _("Deadline"),
            _("Posted (UTC)"),
            _("Interests"),
        ],
        rows=(
            [
                post.title,
                post.kind,
                post.author.full_name,
                post.author.organisation.name if post.author.organisation else "",
                post.sector.code if post.sector else "",
                ", ".join(country.code for country in post.countries.all()),
                post.deadline,
                post.created_at,
                getattr(post, "interest_count", None),
            ]
            for post in opportunities
        ),
        title="opportunities",
    )


def ties_table(ties: Iterable[Tie]) -> Table:
    """One row per tie, with Gephi's edge-table column names first (Source, Target)."""
    return Table(
        headers=[
            "Source",
            "Target",
            "Source label",
            "Target label",
            "Source country",
            "Target country",
            "Weight",
            "Kinds",
            "First tie",
            "Cross-border",
        ],
        rows=(
            [
                tie.source.id,
                tie.target.id,
                tie.source.label,
                tie.target.label,
                tie.source.country,
                tie.target.country,
                tie.weight,
                " ".join(tie.kinds),
                tie.first_on,
                "yes" if tie.cross_border else "no",
            ]
            for tie in ties
        ),
        title="network",
    )
