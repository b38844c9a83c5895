"""Reference data seeded by migrations: countries and sectors.

Names are marked with gettext_noop so the catalogues carry them; models translate on display.
Weekend days use Python weekday numbers (Monday = 0).
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

FRI_SAT = [4, 5]
SAT_SUN = [5, 6]

FRAMEWORK_MA = _(
    "The commitment to the development of innovation has mobilised both public authorities and "
    "private decision-makers since June 2009, when the “Morocco Innovation initiative” made the "
    "creation of clusters through public support, tenders and collaborative projects one of its "
    "tools. Today 11 clusters exist under a national label and 6 of them received a Bronze Label "
    "of the European Cluster Excellence Initiative in 2014."
)
FRAMEWORK_EG = _(
    "Since 2016 the government has made cluster-based industrialisation a key pillar of Egypt's "
    "sustainable development strategy until 2030 and established 22 industrial clusters all over "
    "the country. The Technology Innovation and Entrepreneurship Center (TIEC) of the Information "
    "Technology Industry Development Agency (ITIDA) also launched the Innovation Cluster "
    "Initiative (ICI) in 2016."
)
FRAMEWORK_PS = _(
    "Between 2012 and 2016 the Private Sector Development Cluster Project (PSDCP) was implemented "
    "by the Ministry of National Economy and the Federation of Palestinian Chambers of Commerce, "
    "Industry and Agriculture, providing a foundation for sustainable economic development with a "
    "cluster approach. It started with 5 pilot clusters, 4 in the West Bank and 1 in the Gaza "
    "strip."
)
FRAMEWORK_TN = _(
    "The clustering approach has been supported by public authorities since the beginning of the "
    "2010s; clusters emerged in the framework of technopoles and competitiveness poles through the "
    "commitment of local actors and international funding. 10 technopoles and competitiveness "
    "poles emerged and a clustering policy was implemented in 2013."
)
FRAMEWORK_JO = _(
    "There are no clusters in the sense of a regional ecosystem of related industries. In 2014 the "
    "National Innovation and Competitiveness Council was reactivated; its strategy focuses on six "
    "priority clusters (medical services and pharmaceuticals; information and communication "
    "technology; clean technologies; architecture and engineering services; education and career "
    "guidance; banking and financial services). The ICT Association of Jordan – int@j and "
    "OASIS500 are the two reference clusters within THE NEXT SOCIETY community."
)

COUNTRIES: list[dict[str, object]] = [
    # South Mediterranean
    {
        "code": "EG",
        "name": _("Egypt"),
        "region": "south_med",
        "tz": "Africa/Cairo",
        "weekend": FRI_SAT,
        "languages": ["ar", "en"],
        "framework": FRAMEWORK_EG,
    },
    {
        "code": "JO",
        "name": _("Jordan"),
        "region": "south_med",
        "tz": "Asia/Amman",
        "weekend": FRI_SAT,
        "languages": ["ar", "en"],
        "framework": FRAMEWORK_JO,
    },
    {
        "code": "PS",
        "name": _("Palestine"),
        "region": "south_med",
        "tz": "Asia/Hebron",
        "weekend": FRI_SAT,
        "languages": ["ar", "en"],
        "framework": FRAMEWORK_PS,
    },
    {
        "code": "MA",
        "name": _("Morocco"),
        "region": "south_med",
        "tz": "Africa/Casablanca",
        "weekend": SAT_SUN,
        "languages": ["ar", "fr"],
        "framework": FRAMEWORK_MA,
    },
    {
        "code": "TN",
        "name": _("Tunisia"),
        "region": "south_med",
        "tz": "Africa/Tunis",
        "weekend": SAT_SUN,
        "languages": ["ar", "fr"],
        "framework": FRAMEWORK_TN,
    },
    {
        "code": "DZ",
        "name": _("Algeria"),
        "region": "south_med",
        "tz": "Africa/Algiers",
        "weekend": FRI_SAT,
        "languages": ["ar", "fr"],
        "framework": "",
    },
    {
        "code": "LB",
        "name": _("Lebanon"),
        "region": "south_med",
        "tz": "Asia/Beirut",
        "weekend": SAT_SUN,
        "languages": ["ar", "fr", "en"],
        "framework": "",
    },
    # European Union
    {
        "code": "FR",
        "name": _("France"),
        "region": "eu",
        "tz": "Europe/Paris",
        "weekend": SAT_SUN,
        "languages": ["fr"],
        "framework": "",
    },
    {
        "code": "IT",
        "name": _("Italy"),
        "region": "eu",
        "tz": "Europe/Rome",
        "weekend": SAT_SUN,
        "languages": ["it"],
        "framework": "",
    },
    {
        "code": "ES",
        "name": _("Spain"),
        "region": "eu",
        "tz": "Europe/Madrid",
        "weekend": SAT_SUN,
        "languages": ["es", "ca"],
        "framework": "",
    },
    {
        "code": "PT",
        "name": _("Portugal"),
        "region": "eu",
        "tz": "Europe/Lisbon",
        "weekend": SAT_SUN,
        "languages": ["pt"],
        "framework": "",
    },
    {
        "code": "GR",
        "name": _("Greece"),
        "region": "eu",
        "tz": "Europe/Athens",
        "weekend": SAT_SUN,
        "languages": ["el"],
        "framework": "",
    },
    {
        "code": "BE",
        "name": _("Belgium"),
        "region": "eu",
        "tz": "Europe/Brussels",
        "weekend": SAT_SUN,
        "languages": ["fr", "nl", "de"],
        "framework": "",
    },
    {
        "code": "DE",
        "name": _("Germany"),
        "region": "eu",
        "tz": "Europe/Berlin",
        "weekend": SAT_SUN,
        "languages": ["de"],
        "framework": "",
    },
    {
        "code": "CY",
        "name": _("Cyprus"),
        "region": "eu",
        "tz": "Asia/Nicosia",
        "weekend": SAT_SUN,
        "languages": ["el", "tr"],
        "framework": "",
    },
    {
        "code": "MT",
        "name": _("Malta"),
        "region": "eu",
        "tz": "Europe/Malta",
        "weekend": SAT_SUN,
        "languages": ["mt", "en"],
        "framework": "",
    },
    # Others
    {
        "code": "TR",
        "name": _("Türkiye"),
        "region": "other",
        "tz": "Europe/Istanbul",
        "weekend": SAT_SUN,
        "languages": ["tr"],
        "framework": "",
    },
    {
        "code": "GB",
        "name": _("United Kingdom"),
        "region": "other",
        "tz": "Europe/London",
        "weekend": SAT_SUN,
        "languages": ["en"],
        "framework": "",
    },
]

SECTORS: list[tuple[str, str]] = [
    ("ict", _("Information and communication technology")),
    ("textile", _("Textile and technical textiles")),
    ("electronics-mechatronics", _("Electronics, mechatronics and mechanics")),
    ("agrifood", _("Agriculture and agri-food")),
    ("renewable-energy", _("Renewable energy")),
    ("furniture", _("Furniture and wood")),
    ("leather-footwear", _("Leather and footwear")),
    ("olive-oil", _("Olive oil")),
    ("marble-stone", _("Marble and stone")),
    ("automotive", _("Automotive")),
    ("aerospace", _("Aerospace")),
    ("health", _("Health and pharmaceuticals")),
    ("tourism", _("Tourism")),
    ("logistics", _("Logistics")),
    ("cleantech", _("Clean technologies")),
    ("creative", _("Creative industries")),
]
