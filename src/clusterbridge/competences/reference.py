"""The competence framework of cluster management, seeded by a migration (journeys 0002).

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

# The described anchor of each level of the 1–5 scale, shared by every indicator so that a
# "3" means the same thing in the needs diagnosis, the assessments and the mentor's expertise.
LEVEL_ANCHORS: dict[int, str] = {
    1: _("1 – Absent: nothing is in place yet."),
    2: _("2 – Emerging: first steps, informal and dependent on one person."),
    3: _("3 – Developing: in place for part of the cluster, not yet systematic."),
    4: _("4 – Established: systematic, documented and followed up."),
    5: _("5 – Exemplary: a reference that other clusters could learn from."),
}

# A person's own expertise is not a cluster's maturity: mentors (and anyone on their profile)
# rate how well they master an area, on the same 1–5 numbers that matching compares with needs.
EXPERTISE_ANCHORS: dict[int, str] = {
    1: _("1 – Aware: knows the area from reading or training, without practice."),
    2: _("2 – Practised: has worked on it, with guidance."),
    3: _("3 – Experienced: has worked on it several times, on their own."),
    4: _("4 – Advanced: leads such work and advises others on it."),
    5: _("5 – Expert: a recognised reference who has taught or mentored it."),
}
