"""The collaboration network: ties, metrics, picture and Gephi exports."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import networkx as nx

from clusterbridge.community import network, selectors, services
from clusterbridge.community.network import Link, Node
from clusterbridge.journeys import services as journeys
from clusterbridge.journeys.models import CollaborationKind
from tests.conftest import World
from tests.factories import OrganisationFactory, country

NODES = [
    Node(1, "Maroc Numeric Cluster", "MA", "south_med"),
    Node(2, "Provence Numérique", "FR", "eu"),
    Node(3, "C2TM", "MA", "south_med"),
    Node(4, "Lonely", "TN", "south_med"),
]
LINKS = [
    Link(1, 2, "pair", date(2021, 1, 20)),
    Link(2, 1, "interest", date(2020, 5, 1)),
    Link(1, 3, "collaboration", date(2022, 3, 1)),
]


def test_several_links_between_two_organisations_make_one_tie_dated_by_the_first() -> None:
    graph = network.build_graph(NODES, LINKS)
    ties = network.ties(graph)
    assert [(t.source.id, t.target.id, t.first_on, t.kinds, t.weight) for t in ties] == [
        (1, 2, date(2020, 5, 1), ("interest", "pair"), 2),
        (1, 3, date(2022, 3, 1), ("collaboration",), 1),
    ]


def test_metrics_count_cross_border_ties_and_ties_created_in_the_period() -> None:
    graph = network.build_graph(NODES, LINKS)
    metrics = network.metrics(graph, period=(date(2021, 1, 1), date(2022, 12, 31)))
    assert (metrics.ties, metrics.cross_border, metrics.cross_region) == (2, 1, 1)
    assert metrics.created_in_period == 1
    assert metrics.density == nx.density(graph) == 2 / 6
    assert [(node.id, degree) for node, degree in metrics.most_connected] == [
        (1, 2),
        (3, 1),  # equal degrees by name: "C2TM" before "Provence Numérique"
        (2, 1),
    ]
    assert metrics.by_year == [(2020, 1, 1), (2022, 1, 2)]


def test_the_svg_draws_one_circle_per_connected_organisation_and_one_line_per_tie() -> None:
    svg = network.to_svg(network.build_graph(NODES, LINKS), title="<Network>")
    root = ET.fromstring(svg)
    tag = "{http://www.w3.org/2000/svg}"
    assert len(root.findall(f"{tag}circle")) == 3
    assert len(root.findall(f"{tag}line")) == 2
    title = root.find(f"{tag}title")
    assert title is not None
    assert title.text == "<Network>"


def test_gexf_export_is_read_back_by_networkx_with_dates_and_countries(tmp_path) -> None:
    path = tmp_path / "network.gexf"
    path.write_bytes(network.to_gexf(network.build_graph(NODES, LINKS)))
    graph = nx.read_gexf(path)
    assert graph.nodes["1"]["country"] == "MA"
    assert graph.edges["1", "2"]["start"] == "2020-05-01"
    assert graph.number_of_edges() == 2


def test_programme_network_page_shows_pairs_and_collaborations(world: World) -> None:
    marc_org = world.organisation_of("marc")
    marc_org.country = country("FR")
    marc_org.save()
    services.record_collaboration(
        organisation_a=world.organisation_of("amina"),
        organisation_b=world.organisation_of("karim"),
        kind="project",
        title="Joint project",
        started_on=date(2021, 6, 1),
    )
    services.record_collaboration(
        organisation_a=OrganisationFactory(),
        organisation_b=OrganisationFactory(),
        kind="project",
        title="Outside the programme",
        started_on=date(2021, 6, 1),
    )
    response = world.client_for("mona").get(f"/programmes/{world.reloaded.slug}/network/")
    metrics = response.context["metrics"]
    assert metrics.ties == 3  # two pairs and the collaboration between its clusters
    assert metrics.cross_border == 1  # Marc's French cluster with Amina's Moroccan one


def test_network_downloads_for_gephi(world: World) -> None:
    client = world.client_for("carla")
    gexf = client.get("/community/network/?export=gexf")
    table = client.get("/community/network/?export=csv")
    assert gexf["Content-Type"] == "application/gexf+xml"
    assert table.content.decode("utf-8-sig").splitlines()[0].startswith("Source,Target,")


def test_a_collaboration_reported_in_a_journey_is_a_tie_of_the_network(world: World) -> None:
    amina = world.people["amina"]
    partner = world.organisation_of("paola")
    journeys.report_collaboration(
        mentee=world.pair.mentee,
        reported_by=amina,
        kind="joint_project",
        title="Joint proposal",
        partners=[partner],
        started_on=date(2021, 6, 1),
    )
    _nodes, links = selectors.programme_network(world.reloaded)
    reported = [link for link in links if link.kind == "collaboration"]
    assert [(link.source, link.target) for link in reported] == [
        (amina.organisation_id, partner.pk)
    ]


def test_both_kinds_of_collaboration_take_every_kind_of_the_one_list(world: World) -> None:
    amina = world.people["amina"]
    for kind in CollaborationKind:
        recorded = services.record_collaboration(
            organisation_a=world.organisation_of("amina"),
            organisation_b=world.organisation_of("paola"),
            kind=kind,
            title=str(kind.label),
            started_on=date(2021, 6, 1),
        )
        reported = journeys.report_collaboration(
            mentee=world.pair.mentee,
            reported_by=amina,
            kind=kind,
            title=str(kind.label),
            partners=[world.organisation_of("paola")],
            started_on=date(2021, 6, 1),
        )
        recorded.refresh_from_db()
        reported.refresh_from_db()
        assert (recorded.kind, reported.kind) == (kind.value, kind.value)
