"""The competence framework of cluster management, seeded by a migration.

Six areas following the dimensions the European Cluster Excellence Initiative assesses.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

FRAMEWORK: list[dict[str, object]] = [
    {
        "code": "strategy",
        "name": _("Strategy"),
        "description": _("A shared strategy and an action plan the members own."),
        "indicators": [
            ("strategy-shared", _("Strategy shared with and owned by the members")),
            ("strategy-action-plan", _("Action plan with measurable objectives")),
            ("strategy-monitoring", _("Monitoring and evaluation of results")),
        ],
    },
    {
        "code": "governance-financing",
        "name": _("Governance and financing"),
        "description": _("Bodies that represent the members and funding that lasts."),
        "indicators": [
            ("governance-bodies", _("Governance bodies representing the members")),
            ("financing-diversified", _("Diversified sources of funding")),
            ("financing-sustainability", _("Financial sustainability plan")),
        ],
    },
    {
        "code": "member-services",
        "name": _("Services to members"),
        "description": _("Services that answer the members' needs and that they value."),
        "indicators": [
            ("services-needs", _("Regular assessment of the members' needs")),
            ("services-portfolio", _("Portfolio of services to members")),
            ("services-satisfaction", _("Members' satisfaction with the services")),
        ],
    },
    {
        "code": "internationalisation",
        "name": _("Internationalisation and collaboration"),
        "description": _("Partnerships beyond the region and projects with other clusters."),
        "indicators": [
            ("international-partnerships", _("International partnerships")),
            ("international-intercluster", _("Inter-cluster collaboration projects")),
            ("international-members", _("Support to the members' internationalisation")),
        ],
    },
    {
        "code": "communication",
        "name": _("Communication and visibility"),
        "description": _("A clear message to members, partners and the public."),
        "indicators": [
            ("communication-plan", _("Communication plan")),
            ("communication-online", _("Online presence")),
            ("communication-members", _("Visibility of the members' achievements")),
        ],
    },
    {
        "code": "innovation",
        "name": _("Innovation projects"),
        "description": _("Collaborative projects that bring new products and services to members."),
        "indicators": [
            ("innovation-projects", _("Collaborative innovation projects")),
            ("innovation-research", _("Links with research centres and universities")),
            ("innovation-funding", _("Access to innovation funding")),
        ],
    },
]
