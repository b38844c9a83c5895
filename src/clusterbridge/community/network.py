"""The collaboration network: organisations tied by pairs, collaborations and interests.

Pure: plain data in, networkx graph and figures, SVG and GEXF out; no Django import.
Several links between the same two organisations make one tie, whose date is the first link's.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

import networkx as nx


@dataclass(frozen=True)
class Node:
    id: int
    label: str
    country: str
    region: str


@dataclass(frozen=True)
class Link:
    source: int
    target: int
    kind: str  # "pair", "collaboration" or "interest"
    on: date


@dataclass(frozen=True)
class Tie:
    source: Node
    target: Node
    first_on: date
    kinds: tuple[str, ...]
    weight: int

    @property
    def cross_border(self) -> bool:
        return self.source.country != self.target.country

    @property
    def cross_region(self) -> bool:
        return self.source.region != self.target.region


@dataclass
class Metrics:
    organisations: int
    ties: int
    cross_border: int
    cross_region: int
    created_in_period: int | None
    density: float
    most_connected: list[tuple[Node, int]] = field(default_factory=list)
    by_year: list[tuple[int, int, int]] = field(default_factory=list)  # year, new, cumulative


def build_graph(nodes: list[Node], links: list[Link]) -> nx.Graph:
    graph = nx.Graph()
    for node in nodes:
        graph.add_node(node.id, node=node)
    for link in links:
        if link.source == link.target or not (
            graph.has_node(link.source) and graph.has_node(link.target)
        ):
            continue
        if graph.has_edge(link.source, link.target):
            data = graph.edges[link.source, link.target]
            data["first_on"] = min(data["first_on"], link.on)
            data["kinds"][link.kind] += 1
        else:
            graph.add_edge(link.source, link.target, first_on=link.on, kinds=Counter([link.kind]))
    return graph


def ties(graph: nx.Graph) -> list[Tie]:
    result = []
    for source, target, data in graph.edges(data=True):
        result.append(
            Tie(
                source=graph.nodes[source]["node"],
                target=graph.nodes[target]["node"],
                first_on=data["first_on"],
                kinds=tuple(sorted(data["kinds"])),
                weight=sum(data["kinds"].values()),
            )
        )
    return sorted(result, key=lambda tie: (tie.first_on, tie.source.label, tie.target.label))


def metrics(graph: nx.Graph, *, period: tuple[date, date] | None = None, top: int = 10) -> Metrics:
    all_ties = ties(graph)
    degree = sorted(
        ((graph.nodes[node]["node"], count) for node, count in graph.degree() if count),
        key=lambda item: (-item[1], item[0].label),
    )
    years = Counter(tie.first_on.year for tie in all_ties)
    cumulative = 0
    by_year = []
    for year in sorted(years):
        cumulative += years[year]
        by_year.append((year, years[year], cumulative))
    return Metrics(
        organisations=graph.number_of_nodes(),
        ties=len(all_ties),
        cross_border=sum(tie.cross_border for tie in all_ties),
        cross_region=sum(tie.cross_region for tie in all_ties),
        created_in_period=(
            None
            if period is None
            else sum(period[0] <= tie.first_on <= period[1] for tie in all_ties)
        ),
        density=nx.density(graph) if graph.number_of_nodes() > 1 else 0.0,
        most_connected=degree[:top],
        by_year=by_year,
    )


REGION_COLOURS = {"eu": "#1f5fa8", "south_med": "#b8570b", "other": "#5b6770"}


def to_svg(graph: nx.Graph, *, title: str, width: int = 640, height: int = 420) -> str:
    """A force-directed picture (seeded, so the same graph gives the same picture)."""
    margin = 24
    connected = [node for node in graph.nodes if graph.degree(node)]
    subgraph = graph.subgraph(connected)
    if subgraph.number_of_nodes():
        positions = nx.spring_layout(subgraph, seed=2021, k=1.5 / math.sqrt(len(connected)))
    else:
        positions = {}
    xs = [x for x, _ in positions.values()] or [0.0]
    ys = [y for _, y in positions.values()] or [0.0]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0

    def place(node: int) -> tuple[float, float]:
        x, y = positions[node]
        return (
            margin + (x - min(xs)) / span_x * (width - 2 * margin),
            margin + (y - min(ys)) / span_y * (height - 2 * margin),
        )

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title, {chr(34): "&quot;"})}" class="network">',
        f"<title>{escape(title)}</title>",
    ]
    for source, target in subgraph.edges:
        (x1, y1), (x2, y2) = place(source), place(target)
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            'stroke="#8a959e" stroke-width="1.2"/>'
        )
    for node_id in subgraph.nodes:
        node: Node = graph.nodes[node_id]["node"]
        x, y = place(node_id)
        radius = 4 + 2 * math.sqrt(graph.degree(node_id))
        colour = REGION_COLOURS.get(node.region, REGION_COLOURS["other"])
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{colour}">'
            # An Arabic name beside a Latin country code: isolated, so neither reorders the other.
            f"<title>\u2068{escape(node.label)}\u2069 ({escape(node.country)})</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)


def to_gexf(graph: nx.Graph) -> bytes:
    """GEXF 1.2 for Gephi: nodes with country and region, ties with their first date."""
    export = nx.Graph()
    export.graph["mode"] = "dynamic"
    for node_id, data in graph.nodes(data=True):
        node: Node = data["node"]
        export.add_node(node_id, label=node.label, country=node.country, region=node.region)
    for tie in ties(graph):
        export.add_edge(
            tie.source.id,
            tie.target.id,
            weight=tie.weight,
            kinds=" ".join(tie.kinds),
            start=tie.first_on.isoformat(),
        )
    buffer = io.BytesIO()
    nx.write_gexf(export, buffer)
    return buffer.getvalue()
