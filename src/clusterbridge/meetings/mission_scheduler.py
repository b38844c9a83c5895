"""Business-development mission scheduling: accepted meeting requests into (slot, table).

Pure Python plus numpy/scipy (no Django). The services layer builds a ``MissionProblem`` from
the mission's participants, accepted requests, slot count, table count and absences, calls
``schedule_mission`` and stores ``MissionSchedule.meetings`` / ``MissionSchedule.agendas()``.

Public API
----------
``MeetingRequest(first, second, priority=0)``
``MissionProblem(participants, requests, slot_count, table_count, absent_slots={})``
    ``absent_slots`` maps a participant id to the slot indices (0-based) they cannot attend.
``schedule_mission(problem, *, time_limit_seconds=30.0, seed=0, stall_rounds=...)
-> MissionSchedule``
    Maximises the number of meetings placed, then shortens idle gaps in personal agendas.
``schedule_mission_greedy(problem) -> MissionSchedule``
    First-fit baseline, kept for comparison in the benchmark.
``mission_upper_bound(problem) -> UpperBound``
    The proven bound the result is compared with (see below).
``MissionSchedule``: ``meetings`` (``PlacedMeeting(request_index, slot, table, first,
second)``), ``unplaced`` (request indices), ``bound``, ``idle_gaps``, ``placed_count``,
``bound_ratio`` and ``agendas() -> dict[id, list[AgendaItem(slot, table, other,
request_index)]]``.

Hard constraints: nobody is in two meetings in one slot, nobody meets in a slot they are
absent from, at most ``table_count`` meetings per slot. Priority orders the construction
(higher first), so a contested last slot goes to the higher-priority request; the local search
after it only counts meetings.

Upper bound
-----------
Placed meetings form a "b-matching" of the request graph: person ``v`` meets at most
``b_v`` = number of slots they attend, and a request needs at least one slot both attend.
The fractional b-matching LP optimum equals half a maximum flow on the bipartite double
cover (source -> v_left with capacity b_v, u_left -> v_right and v_left -> u_right with
capacity 1 per request, v_right -> sink with capacity b_v): a fractional solution gives a
flow of twice its value and any flow halves into a fractional solution. So
``floor(maxflow / 2)`` bounds every schedule. We also take ``sum over slots of
min(tables, floor(attendees / 2))`` and the request count, and report the minimum.

Algorithm
---------
1. Within each priority, requests the maximum flow above uses go first (they are what a
   count-optimal selection is likely to contain), most constrained first (fewest common
   slots).
2. Each request is put in a slot both people have free; failing that, a Kempe-chain swap of
   two slots along an alternating path frees a common slot (as in edge-colouring proofs).
3. Local search inserts unplaced requests by ejecting at most two meetings from a slot and
   re-placing them (or an unplaced request of the person freed by the ejection); moves that
   lose meetings are rolled back, neutral ones are taken with a tabu list to avoid cycling.
4. Gap compaction moves single meetings to free common slots while the idle gaps of both
   people shrink.
An idle gap is a slot between a person's first and last meeting that they attend but have
no meeting in; slots they are absent from are not idle.
"""

from __future__ import annotations

import random
import time
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import coo_array
from scipy.sparse.csgraph import maximum_flow

PersonId = int | str
FREE = -1


@dataclass(frozen=True, slots=True)
class MeetingRequest:
    first: PersonId
    second: PersonId
    priority: int = 0


@dataclass(frozen=True, slots=True)
class MissionProblem:
    participants: Sequence[PersonId]
    requests: Sequence[MeetingRequest]
    slot_count: int
    table_count: int
    absent_slots: Mapping[PersonId, Collection[int]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PlacedMeeting:
    request_index: int
    slot: int
    table: int
    first: PersonId
    second: PersonId


@dataclass(frozen=True, slots=True)
class AgendaItem:
    slot: int
    table: int
    other: PersonId
    request_index: int


@dataclass(frozen=True, slots=True)
class UpperBound:
    """``value`` is the smallest of the proven bounds; ``method`` names it."""

    value: int
    method: str
    request_count: int
    table_capacity: int
    b_matching_lp: int
    per_person_caps: int


@dataclass(frozen=True, slots=True)
class MissionSchedule:
    meetings: tuple[PlacedMeeting, ...]
    unplaced: tuple[int, ...]
    bound: UpperBound
    idle_gaps: int

    @property
    def placed_count(self) -> int:
        return len(self.meetings)

    @property
    def bound_ratio(self) -> float:
        return self.placed_count / self.bound.value if self.bound.value else 1.0

    def agendas(self) -> dict[PersonId, list[AgendaItem]]:
        agendas: dict[PersonId, list[AgendaItem]] = {}
        for m in self.meetings:
            for me, other in ((m.first, m.second), (m.second, m.first)):
                agendas.setdefault(me, []).append(
                    AgendaItem(
                        slot=m.slot, table=m.table, other=other, request_index=m.request_index
                    )
                )
        for items in agendas.values():
            items.sort(key=lambda item: item.slot)
        return agendas


def schedule_mission(
    problem: MissionProblem,
    *,
    time_limit_seconds: float = 30.0,
    seed: int = 0,
    stall_rounds: int = 20_000,
) -> MissionSchedule:
    """Place as many requests as possible, then compact agendas. Deterministic for a seed
    as long as the time limit is not what stops the search."""
    deadline = time.perf_counter() + time_limit_seconds
    graph = _Graph.from_problem(problem)
    bound, flow_units = _upper_bound(graph)
    state = _State(graph)
    order = sorted(
        range(graph.edge_count),
        key=lambda e: (-graph.priority[e], -flow_units[e], graph.lists[e].bit_count(), e),
    )
    for e in order:
        if graph.lists[e]:
            state.insert(e)
    state.commit()
    _LocalSearch(state, random.Random(seed), bound.value).run(deadline, stall_rounds)
    _compact_gaps(state, deadline)
    return _schedule(problem, graph, state, bound)


def schedule_mission_greedy(problem: MissionProblem) -> MissionSchedule:
    """Requests in the given order, each into the first slot where it fits."""
    graph = _Graph.from_problem(problem)
    bound, _ = _upper_bound(graph)
    state = _State(graph)
    for e in range(graph.edge_count):
        common = state.common_free(e)
        if common:
            state.place(e, _lowest_bit(common))
    state.commit()
    return _schedule(problem, graph, state, bound)


def mission_upper_bound(problem: MissionProblem) -> UpperBound:
    return _upper_bound(_Graph.from_problem(problem))[0]


@dataclass(slots=True)
class _Graph:
    person_count: int
    slot_count: int
    table_count: int
    heads: list[int]
    tails: list[int]
    priority: list[int]
    avail: list[int]  # bitmask of attended slots per person
    lists: list[int]  # bitmask of slots both ends attend, per request
    incident: list[list[int]]

    @property
    def edge_count(self) -> int:
        return len(self.heads)

    @classmethod
    def from_problem(cls, problem: MissionProblem) -> _Graph:
        if problem.slot_count < 0 or problem.table_count < 0:
            raise ValueError("slot and table counts must not be negative")
        index = {pid: i for i, pid in enumerate(problem.participants)}
        if len(index) != len(problem.participants):
            raise ValueError("participant ids must be unique")
        everything = (1 << problem.slot_count) - 1
        avail = [everything] * len(index)
        for pid, slots in problem.absent_slots.items():
            for s in slots:
                avail[index[pid]] &= ~(1 << s)
        heads, tails, priority, lists = [], [], [], []
        incident: list[list[int]] = [[] for _ in index]
        for e, request in enumerate(problem.requests):
            u, v = index[request.first], index[request.second]
            if u == v:
                raise ValueError(f"request {e} pairs {request.first} with themselves")
            heads.append(u)
            tails.append(v)
            priority.append(request.priority)
            lists.append(avail[u] & avail[v])
            incident[u].append(e)
            incident[v].append(e)
        return cls(
            len(index),
            problem.slot_count,
            problem.table_count,
            heads,
            tails,
            priority,
            avail,
            lists,
            incident,
        )


def _upper_bound(graph: _Graph) -> tuple[UpperBound, list[int]]:
    """The bound, and per request how many of its two arcs carry flow in a maximum flow."""
    n = graph.person_count
    usable = [e for e in range(graph.edge_count) if graph.lists[e]]
    caps = [a.bit_count() for a in graph.avail]
    degree = [0] * n
    for e in usable:
        degree[graph.heads[e]] += 1
        degree[graph.tails[e]] += 1
    per_person = sum(min(d, c) for d, c in zip(degree, caps, strict=True)) // 2
    attendees = [sum(1 for a in graph.avail if a >> s & 1) for s in range(graph.slot_count)]
    tables = sum(min(graph.table_count, count // 2) for count in attendees)
    flow_units, lp = _flow_units(graph, usable, caps)
    candidates = {
        "request count": len(usable),
        "table capacity per slot": tables,
        "fractional b-matching (max flow)": lp,
        "per-person slot caps": per_person,
    }
    method = min(candidates, key=lambda name: candidates[name])
    bound = UpperBound(
        value=candidates[method],
        method=method,
        request_count=len(usable),
        table_capacity=tables,
        b_matching_lp=lp,
        per_person_caps=per_person,
    )
    return bound, flow_units


def _flow_units(graph: _Graph, usable: list[int], caps: list[int]) -> tuple[list[int], int]:
    n = graph.person_count
    if not usable:
        return [0] * graph.edge_count, 0
    source, sink = 2 * n, 2 * n + 1
    heads = np.array([graph.heads[e] for e in usable], dtype=np.int64)
    tails = np.array([graph.tails[e] for e in usable], dtype=np.int64)
    people = np.arange(n, dtype=np.int64)
    rows = np.concatenate([heads, tails, np.full(n, source), n + people])
    cols = np.concatenate([n + tails, n + heads, people, np.full(n, sink)])
    capacity = np.concatenate([np.ones(2 * len(usable)), caps, caps]).astype(np.int32)
    # Duplicate requests for one pair add up into one arc of higher capacity.
    network = coo_array((capacity, (rows, cols)), shape=(2 * n + 2, 2 * n + 2)).tocsr()
    result = maximum_flow(network, source, sink)
    flow = result.flow.tocsr()
    forward = np.asarray(flow[heads, n + tails]).ravel()
    backward = np.asarray(flow[tails, n + heads]).ravel()
    remaining: dict[tuple[int, int], int] = {}
    for u, v, f, b in zip(heads.tolist(), tails.tolist(), forward, backward, strict=True):
        remaining[(min(u, v), max(u, v))] = int(f + b)
    units = [0] * graph.edge_count
    for e in usable:
        pair = (min(graph.heads[e], graph.tails[e]), max(graph.heads[e], graph.tails[e]))
        units[e] = min(2, remaining[pair])
        remaining[pair] -= units[e]
    return units, int(result.flow_value) // 2


class _State:
    """Slot of every request plus per-person and per-slot occupancy, with an undo log."""

    def __init__(self, graph: _Graph) -> None:
        self.graph = graph
        self.slot_of = [FREE] * graph.edge_count
        self.occ = [[FREE] * graph.slot_count for _ in range(graph.person_count)]
        self.busy = [0] * graph.person_count
        self.load = [0] * graph.slot_count
        self.full = 0 if graph.table_count else (1 << graph.slot_count) - 1
        self.placed = 0
        self._log: list[tuple[int, int]] = []

    def free(self, person: int) -> int:
        return self.graph.avail[person] & ~self.busy[person]

    def common_free(self, e: int) -> int:
        g = self.graph
        return self.free(g.heads[e]) & self.free(g.tails[e]) & ~self.full

    def place(self, e: int, slot: int) -> None:
        self._log.append((e, self.slot_of[e]))
        self._set(e, slot)

    def remove(self, e: int) -> None:
        self.place(e, FREE)

    def commit(self) -> None:
        self._log.clear()

    def rollback(self) -> None:
        while self._log:
            e, previous = self._log.pop()
            self._set(e, previous)

    def insert(self, e: int) -> bool:
        """Place unplaced request ``e``, if need be after one Kempe-chain swap."""
        common = self.common_free(e)
        if common:
            self.place(e, _lowest_bit(common))
            return True
        u, v = self.graph.heads[e], self.graph.tails[e]
        return self._kempe_insert(e, u, v) or self._kempe_insert(e, v, u)

    def _kempe_insert(self, e: int, u: int, v: int) -> bool:
        """Free slot ``a`` of ``v`` by swapping slots a/b on the alternating path from ``v``,
        where ``u`` is free in ``a`` and ``v`` free in ``b``."""
        free_v = self.free(v)
        if not free_v:
            return False
        for a in _bits(self.free(u) & self.graph.avail[v]):
            for b in _bits(free_v):
                path = self._kempe_path(v, a, b, avoid=u)
                if path is not None and self._swap_fits(path, a, b):
                    for f in path:
                        self.remove(f)
                    for i, f in enumerate(path):
                        self.place(f, b if i % 2 == 0 else a)
                    self.place(e, a)
                    return True
        return False

    def _kempe_path(self, start: int, a: int, b: int, *, avoid: int) -> list[int] | None:
        g = self.graph
        path: list[int] = []
        person, colour, other = start, a, b
        while (f := self.occ[person][colour]) != FREE:
            path.append(f)
            person = g.tails[f] if g.heads[f] == person else g.heads[f]
            if person == avoid:
                return None
            colour, other = other, colour
        # The path's last meeting moves to ``colour``; its far end must attend that slot.
        return path if g.avail[person] >> colour & 1 else None

    def kempe_component(self, e: int, a: int, b: int, *, limit: int = 24) -> list[int] | None:
        """Meetings in slots a/b connected to meeting ``e`` (in slot ``a``) through shared
        people, if exchanging their slots keeps everyone available and tables within limits.
        Long chains are skipped: they rarely pay off and cost time."""
        g = self.graph
        chain = [e]
        for start in (g.heads[e], g.tails[e]):
            person, colour = start, b
            while (f := self.occ[person][colour]) != FREE:
                if f == e:
                    return chain if self._exchange_fits(chain, a, b) else None
                chain.append(f)
                if len(chain) > limit:
                    return None
                person = g.tails[f] if g.heads[f] == person else g.heads[f]
                colour = a if colour == b else b
            if not g.avail[person] >> colour & 1:
                return None
        return chain if self._exchange_fits(chain, a, b) else None

    def swap(self, chain: list[int], a: int, b: int) -> None:
        slots = [self.slot_of[f] for f in chain]
        for f in chain:
            self.remove(f)
        for f, slot in zip(chain, slots, strict=True):
            self.place(f, b if slot == a else a)

    def _exchange_fits(self, chain: list[int], a: int, b: int) -> bool:
        in_a = sum(1 for f in chain if self.slot_of[f] == a)
        shift = len(chain) - 2 * in_a  # meetings gained by slot a
        cap = self.graph.table_count
        return self.load[a] + shift <= cap and self.load[b] - shift <= cap

    def _swap_fits(self, path: list[int], a: int, b: int) -> bool:
        if len(path) % 2 == 0:
            return not self.full >> a & 1
        return not self.full >> b & 1

    def _set(self, e: int, slot: int) -> None:
        g = self.graph
        u, v = g.heads[e], g.tails[e]
        old = self.slot_of[e]
        if old != FREE:
            self.occ[u][old] = self.occ[v][old] = FREE
            self.busy[u] ^= 1 << old
            self.busy[v] ^= 1 << old
            self.load[old] -= 1
            self.full &= ~(1 << old)
            self.placed -= 1
        if slot != FREE:
            self.occ[u][slot] = self.occ[v][slot] = e
            self.busy[u] |= 1 << slot
            self.busy[v] |= 1 << slot
            self.load[slot] += 1
            if self.load[slot] >= g.table_count:
                self.full |= 1 << slot
            self.placed += 1
        self.slot_of[e] = slot


class _LocalSearch:
    """Ejection moves around unplaced requests; never accepts a loss of meetings."""

    TABU_TENURE = 7

    def __init__(self, state: _State, rng: random.Random, target: int) -> None:
        self.state = state
        self.rng = rng
        self.target = target
        self.iteration = 0
        self.tabu_until: dict[int, int] = {}
        self.pool: list[int] = []

    def run(self, deadline: float, stall_rounds: int) -> None:
        state, graph = self.state, self.state.graph
        last_gain = 0
        while state.placed < self.target and self.iteration - last_gain < stall_rounds:
            if self.iteration % 256 == 0 and time.perf_counter() > deadline:
                return
            if self.iteration % 64 == 0:
                self.pool = self._open_requests()
                if not self.pool:
                    return
            self.iteration += 1
            e = self.rng.choice(self.pool)
            if state.slot_of[e] != FREE:
                continue
            before = state.placed
            if state.insert(e) or self._eject_insert(e, graph.lists[e]):
                state.commit()
                if state.placed > before:
                    last_gain = self.iteration

    def _open_requests(self) -> list[int]:
        """Unplaced requests with a person who still has a free slot. When both people are
        full, inserting the request can only trade meetings, never add one."""
        state, graph = self.state, self.state.graph
        return [
            e
            for e in range(graph.edge_count)
            if state.slot_of[e] == FREE
            and graph.lists[e]
            and (state.free(graph.heads[e]) or state.free(graph.tails[e]))
        ]

    def _eject_insert(self, e: int, slots: int) -> bool:
        state, graph = self.state, self.state.graph
        u, v = graph.heads[e], graph.tails[e]
        candidates = list(_bits(slots))
        self.rng.shuffle(candidates)
        for s in candidates:
            ejected = {f for f in (state.occ[u][s], state.occ[v][s]) if f != FREE}
            if not ejected and state.full >> s & 1:
                continue
            if any(self.tabu_until.get(f, 0) > self.iteration for f in ejected):
                continue
            before = state.placed
            for f in ejected:
                state.remove(f)
            state.place(e, s)
            for f in ejected:
                if not state.insert(f):
                    self._refill(f)
            gain = state.placed - before
            if gain > 0 or (gain == 0 and self.rng.random() < 0.5):
                self.tabu_until[e] = self.iteration + self.TABU_TENURE
                return True
            state.rollback()
        return False

    def _refill(self, ejected: int) -> None:
        """Use the slot an ejected meeting left for another unplaced request of its people."""
        state, graph = self.state, self.state.graph
        for person in (graph.heads[ejected], graph.tails[ejected]):
            if not state.free(person):
                continue
            for f in graph.incident[person]:
                if f != ejected and state.slot_of[f] == FREE and state.common_free(f):
                    state.insert(f)
                    return


def _compact_gaps(state: _State, deadline: float) -> None:
    while time.perf_counter() < deadline:
        moved = _move_single_meetings(state, deadline)
        swapped = _swap_slot_pairs(state, deadline)
        if not (moved or swapped):
            return


def _move_single_meetings(state: _State, deadline: float) -> bool:
    """Move meetings to a slot both people have free when that shortens their idle gaps."""
    graph = state.graph
    improved = False
    for e in range(graph.edge_count):
        if e % 1024 == 0 and time.perf_counter() > deadline:
            break
        old = state.slot_of[e]
        targets = state.common_free(e) if old != FREE else 0
        if not targets:
            continue
        u, v = graph.heads[e], graph.tails[e]
        best, best_gaps = old, _idle(state, u) + _idle(state, v)
        for s in _bits(targets):
            state.place(e, s)
            gaps = _idle(state, u) + _idle(state, v)
            if gaps < best_gaps:
                best, best_gaps = s, gaps
        state.place(e, best)
        state.commit()
        improved = improved or best != old
    return improved


def _swap_slot_pairs(state: _State, deadline: float) -> bool:
    """Exchange slots a and b along the Kempe chain through a meeting when that shortens the
    idle gaps of everyone on the chain: it reaches agendas no single move can."""
    graph = state.graph
    improved = False
    for e in range(graph.edge_count):
        if e % 256 == 0 and time.perf_counter() > deadline:
            break
        a = state.slot_of[e]
        if a == FREE:
            continue
        for b in _bits(graph.lists[e] & ~(1 << a)):
            chain = state.kempe_component(e, a, b)
            if chain is None:
                continue
            people = {p for f in chain for p in (graph.heads[f], graph.tails[f])}
            before = sum(_idle(state, p) for p in people)
            state.swap(chain, a, b)
            if sum(_idle(state, p) for p in people) < before:
                state.commit()
                improved = True
                break
            state.rollback()
    return improved


def _idle(state: _State, person: int) -> int:
    busy = state.busy[person]
    if not busy:
        return 0
    low = (busy & -busy).bit_length() - 1
    span = ((1 << busy.bit_length()) - 1) & ~((1 << low) - 1)
    return (span & state.graph.avail[person] & ~busy).bit_count()


def _schedule(
    problem: MissionProblem, graph: _Graph, state: _State, bound: UpperBound
) -> MissionSchedule:
    tables = [0] * graph.slot_count
    meetings = []
    for e, slot in enumerate(state.slot_of):
        if slot == FREE:
            continue
        request = problem.requests[e]
        meetings.append(PlacedMeeting(e, slot, tables[slot], request.first, request.second))
        tables[slot] += 1
    unplaced = tuple(e for e, slot in enumerate(state.slot_of) if slot == FREE)
    idle = sum(_idle(state, p) for p in range(graph.person_count))
    return MissionSchedule(tuple(meetings), unplaced, bound, idle)


def _bits(mask: int) -> Iterator[int]:
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def _lowest_bit(mask: int) -> int:
    return (mask & -mask).bit_length() - 1
