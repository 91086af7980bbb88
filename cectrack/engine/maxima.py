"""Caps and category maxima: the most credit that respects every maximum at once.

A course may fall under caps of its activity (PMA: distance learning at most 12 a cycle; ACSM:
committee service at most 8 a year and 24 a cycle) and under its category's maximum (PMA:
research at most 6).  Filling them in date order would let an early course use up a cap that
a later one needed less (14 counted where 16 fit both).  Here the counted total is the
largest one every maximum allows, found as a maximum flow (flow.py):

    source -> the caps the course falls under, outermost first (each edge: the cap's limit,
              per cycle or, split by cycle year, per year) -> the course -> its category
              (edge: the category's maximum) -> sink

The caps a rule file sets nest (rules/model.py: CapRule.covers, checked when the file is
read), so they form a tree and so do the categories: the flow is then exactly the credit
allowed.  Ties (several ways to the same total) go to the earliest courses: each course in
date order gets the most it can while the total stays the largest and every earlier course
keeps what it got.  A per-item cap only cuts the course itself.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable

from ..rules.model import CapRule, Fact, RuleSet, category_family
from .counting import Assumptions, cycle_year, sourced
from .cycles import Cycle, anniversary
from .flow import Network
from .reasons import Reason, reason
from .report import CapUse, CategoryResult

SCALE = 10_000  # credit is counted in ten-thousandths, exactly
SOURCE, SINK = "source", "sink"


@dataclass(frozen=True, slots=True)
class Claim:
    """One part of an entry's worth that wants to count (a service entry has one per year)."""

    entry: int  # the entry's place in date order: the tie-break
    year: int  # its cycle year, for per-year caps
    amount: float  # in the body's unit, before any maximum
    activity: str
    category: str | None


@dataclass(frozen=True, slots=True)
class Granted:
    counted: float
    notes: tuple[Reason, ...] = ()


Step = tuple[Hashable, int, Fact, CapRule, str]  # a cap's node, limit, fact, cap and per what
Edge = tuple[Hashable, Hashable]


@dataclass(frozen=True, slots=True)
class _Route:
    matched: tuple[int, ...]  # the caps (by index) the claim falls under
    per_item: tuple[tuple[int, CapRule, Fact], ...]  # (limit in units, cap, its fact)
    path: tuple[Step, ...]  # from the outermost cap in
    category: Hashable  # its category's node, or the sink for a category without maximum
    group: Edge  # its edge in the network: (the innermost cap node or source, category)


Part = tuple[Claim, int, tuple[Reason, ...], _Route]  # a claim, its units, notes and route


def _capped(cap: CapRule, fact: Fact, per: str) -> Reason:
    """A course above a cap's limit per item, year or cycle."""
    return reason("cap", cap=cap.id, label=cap.label, max=fact.value, per=per, **sourced(fact))


def _units(amount: float) -> int:
    return round(amount * SCALE)


def applies(cap: CapRule, activity: str, category: str | None) -> bool:
    return ((not cap.activities or activity in cap.activities)
            and (not cap.categories or category in cap.categories))


class Maxima:
    """Grants claims as much credit as every cap and category maximum allows together, and
    keeps what each cap and category used (for the pages)."""

    def __init__(self, caps: tuple[CapRule, ...], maxima: dict[str, Fact | None],
                 assumptions: Assumptions):
        self.caps = caps
        self.maxima = maxima
        self.assumptions = assumptions
        limited = [cap for cap in caps if cap.per_cycle is not None or cap.per_year is not None]
        # How many caps hold a cap strictly: the outer ones come first on a course's way.
        self.depth = {id(cap): sum(1 for other in limited if other is not cap
                                   and other.covers(cap) and not cap.covers(other))
                      for cap in limited}
        self._routes: dict[tuple[str, str | None, int], _Route] = {}
        self.used_cycle: dict[int, float] = {}
        self.used_year: dict[tuple[int, int], float] = {}
        self.earned: dict[str, float] = {}

    # --- the way a claim's credit runs --------------------------------------------------
    def _route(self, claim: Claim) -> "_Route":
        """The caps a claim falls under and the nodes its credit passes (made once for each
        activity, category and year: thousands of courses share a few routes)."""
        key = (claim.activity, claim.category, claim.year)
        route = self._routes.get(key)
        if route is None:
            route = self._routes[key] = self._new_route(claim)
        return route

    def _new_route(self, claim: Claim) -> "_Route":
        matched = tuple(i for i, cap in enumerate(self.caps)
                        if applies(cap, claim.activity, claim.category))
        nodes: list[tuple[tuple[int, int, int], Step]] = []
        for index in matched:
            cap = self.caps[index]
            for kind, fact, node, per in ((0, cap.per_cycle, ("cap", index), "cycle"),
                                          (1, cap.per_year, ("cap", index, claim.year), "year")):
                if fact is not None:
                    nodes.append(((self.depth[id(cap)], kind, index),
                                  (node, _units(float(fact.value)), fact, cap, per)))
        nodes.sort(key=lambda pair: pair[0])
        path = tuple(node for _, node in nodes)
        maximum = self.maxima.get(claim.category) if claim.category is not None else None
        category = ("category", claim.category) if maximum is not None else SINK
        per_item = tuple((_units(float(fact.value)), self.caps[i], fact) for i in matched
                         if (fact := self.caps[i].per_item) is not None)
        return _Route(matched, per_item, path, category, (path[-1][0] if path else SOURCE, category))

    def _per_item(self, claim: Claim, route: "_Route") -> tuple[int, tuple[Reason, ...]]:
        """The claim's amount cut to every per-item cap it falls under."""
        amount = round(claim.amount * SCALE)
        if not route.per_item:
            return amount, ()
        notes = []
        for limit, cap, fact in route.per_item:
            if amount > limit:
                amount = limit
                self.assumptions.add(fact)
                notes.append(_capped(cap, fact, "item"))
        return amount, tuple(notes)

    # --- the allocation -------------------------------------------------------------------
    def allocate(self, claims: list[Claim]) -> list[Granted]:
        """What each claim counts (claims in date order: earlier ones win ties)."""
        network = Network()
        parts: list[Part] = []
        edges: dict[Edge, int] = {}
        tree: set[Edge] = set()
        for claim in claims:
            route = self._route(claim)
            amount, notes = self._per_item(claim, route)
            if route.group not in edges and route.group != (SOURCE, SINK):
                self._lay(network, route, tree, claim.category)
                edges[route.group] = network.add_edge(route.group[0], route.group[1], 0)
            if route.group in edges:
                network.capacity[edges[route.group] >> 1] += amount
            parts.append((claim, amount, notes, route))
        network.push(SOURCE, SINK, sum(amount for _, amount, *_ in parts))
        return self._earliest_first(network, parts, edges)

    def _lay(self, network: Network, route: "_Route", tree: set[Edge],
             category: str | None) -> None:
        """The edges of a route's caps and category, each laid once."""
        parent: Hashable = SOURCE
        for node, limit, *_ in route.path:
            if (parent, node) not in tree:
                tree.add((parent, node))
                network.add_edge(parent, node, limit)
            parent = node
        if route.category != SINK and (route.category, SINK) not in tree:
            tree.add((route.category, SINK))
            network.add_edge(route.category, SINK, _units(float(self._maximum(category).value)))

    def _maximum(self, category: str | None) -> Fact:
        """The maximum of a category a route reaches (it reaches one only when it has one)."""
        fact = self.maxima.get(category) if category is not None else None
        assert fact is not None, "a route reaches a category's node only when it has a maximum"
        return fact

    def _earliest_first(self, network: Network, parts: list[Part],
                        edges: dict[Edge, int]) -> list[Granted]:
        """Each part in date order takes the most it can while the total stays the largest
        and every earlier part keeps what it took (rerouting the flow around it)."""
        granted: list[Granted] = []
        closed: set[Edge] = set()
        for claim, amount, notes, route in parts:
            group = route.group
            edge = edges.get(group)
            if edge is None:
                taken = amount  # under no maximum at all
            else:
                pair = edge >> 1
                room = network.flow[pair] - network.low[pair]
                if group in closed:
                    taken = 0
                elif room >= amount:
                    taken = amount
                else:
                    tail, head = group
                    gained = network.push(head, tail, amount - room, avoid=edge)
                    network.flow[pair] += gained
                    taken = room + gained
                    if taken < amount:
                        closed.add(group)  # it can never take more once later ones hold
                network.low[pair] += taken
            granted.append(self._grant(network, claim, amount, taken, notes, route))
        return granted

    def _grant(self, network: Network, claim: Claim, amount: int, taken: int,
               notes: tuple[Reason, ...], route: "_Route") -> Granted:
        """Record what a claim took, and say which maximum held back the rest."""
        counted = taken / SCALE
        if not route.matched and claim.category is None and taken == amount:
            return Granted(round(counted, 2), notes)  # no cap, no category: as it is
        for index in route.matched:
            self.used_cycle[index] = self.used_cycle.get(index, 0.0) + counted
            key = (index, claim.year)
            self.used_year[key] = self.used_year.get(key, 0.0) + counted
        if claim.category is not None:
            self.earned[claim.category] = self.earned.get(claim.category, 0.0) + counted
        if taken < amount:
            notes += self._full(network, route, claim.category, (amount - taken) / SCALE)
        return Granted(round(counted, 2), notes)

    def _full(self, network: Network, route: _Route, category: str | None,
              ignored: float) -> tuple[Reason, ...]:
        """The maxima on a claim's way that are used up."""
        notes = []
        for node, limit, fact, cap, per in route.path:
            if self._used(network, node) >= limit:
                self.assumptions.add(fact)
                notes.append(_capped(cap, fact, per))
        if route.category != SINK:
            maximum = self._maximum(category)
            if self._used(network, route.category) >= _units(float(maximum.value)):
                self.assumptions.add(maximum)
                notes.append(reason("category-max", category=category, max=maximum.value,
                                    ignored=round(ignored, 2), **sourced(maximum)))
        return tuple(notes)

    @staticmethod
    def _used(network: Network, node: Hashable) -> int:
        """The flow through `node` (what its cap or category has counted)."""
        index = network.nodes[node]
        return sum(network.flow[edge >> 1] for edge in network.out[index] if edge & 1)

    # --- what the pages show ----------------------------------------------------------------
    def uses(self, cycle: Cycle) -> tuple[CapUse, ...]:
        """Every cap with what the cycle used of it, in total and in each cycle year."""
        years = range(cycle_year(cycle.end, cycle) + 1)

        def value(fact: Fact | None) -> float | None:
            return float(fact.value) if fact is not None else None
        return tuple(CapUse(
            cap.id, cap.label, cap.activities, value(cap.per_item), value(cap.per_year),
            value(cap.per_cycle), round(self.used_cycle.get(index, 0.0), 2),
            tuple((anniversary(cycle.start, y), round(self.used_year.get((index, y), 0.0), 2))
                  for y in years) if cap.per_year is not None else (),
            any(f is not None and f.unconfirmed for f in (cap.per_item, cap.per_year,
                                                          cap.per_cycle)))
            for index, cap in enumerate(self.caps))

    def summary(self, rules: RuleSet,
                minima: dict[str, Fact | None] | None = None) -> tuple[CategoryResult, ...]:
        """Each category's credit with its minimum (prorated where the requirement is:
        `minima`) and maximum."""
        minima = {cid: c.min for cid, c in rules.categories.items()} if minima is None else minima
        family = category_family(rules.categories)  # a course counts in every category it is in
        for fact in minima.values():
            self.assumptions.add(fact)  # an unconfirmed minimum is shown as such
        return tuple(
            CategoryResult(cid, category.label,
                           round(sum(self.earned.get(member, 0.0) for member in family[cid]), 2),
                           float(low.value) if (low := minima.get(cid)) else None,
                           float(high.value) if (high := self.maxima.get(cid)) else None,
                           within=category.within)
            for cid, category in rules.categories.items())
