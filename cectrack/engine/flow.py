"""A small maximum-flow network with integer capacities (Edmonds-Karp), for the maxima.

Credit capped on two axes at once (a topic maximum and a delivery maximum) is a flow: credit
runs from a source through the caps an entry falls under, along the entry, through its
category's maximum to a sink; the most credit that respects every maximum is the maximum
flow (max-flow min-cut), whatever order the courses come in.  `maxima.py` builds the network;
this module only moves flow.  Some edges have a lower bound that rerouting may not go under
(credit already granted to an earlier course, the tie-break).

Edges are kept in pairs: 2k is an edge, 2k + 1 its reverse in the residual network.
"""
from __future__ import annotations

from collections import deque
from typing import Hashable


class Network:
    def __init__(self) -> None:
        self.nodes: dict[Hashable, int] = {}
        self.out: list[list[int]] = []  # node -> the edges (and reverses) leaving it
        self.head: list[int] = []  # edge -> the node it enters
        self.capacity: list[int] = []  # per edge pair (index k for edges 2k, 2k + 1)
        self.flow: list[int] = []
        self.low: list[int] = []

    def node(self, name: Hashable) -> int:
        found = self.nodes.get(name)
        if found is None:
            found = self.nodes[name] = len(self.out)
            self.out.append([])
        return found

    def add_edge(self, tail: Hashable, head: Hashable, capacity: int) -> int:
        """A new edge from `tail` to `head`; returns its number."""
        u, v = self.node(tail), self.node(head)
        edge = len(self.head)
        self.head += [v, u]
        self.out[u].append(edge)
        self.out[v].append(edge + 1)
        self.capacity.append(capacity)
        self.flow.append(0)
        self.low.append(0)
        return edge

    def residual(self, edge: int) -> int:
        """What more can run along `edge` (a reverse edge: what its edge may give back,
        down to its lower bound)."""
        pair = edge >> 1
        if edge & 1:
            return self.flow[pair] - self.low[pair]
        return self.capacity[pair] - self.flow[pair]

    def push(self, source: Hashable, sink: Hashable, limit: int, avoid: int = -1) -> int:
        """Send up to `limit` more from `source` to `sink` along shortest residual paths,
        never along edge `avoid` (nor its reverse); returns how much went."""
        s, t = self.nodes.get(source), self.nodes.get(sink)
        if s is None or t is None:
            return 0
        sent = 0
        while sent < limit:
            path = self._shortest_path(s, t, avoid >> 1 if avoid >= 0 else -1)
            if path is None:
                break
            amount = min(limit - sent, min(self.residual(e) for e in path))
            for edge in path:
                self.flow[edge >> 1] += -amount if edge & 1 else amount
            sent += amount
        return sent

    def _shortest_path(self, s: int, t: int, avoid_pair: int) -> list[int] | None:
        """The edges of a shortest path from s to t with room on every edge, or None."""
        came_by: dict[int, int] = {s: -1}
        queue = deque([s])
        while queue:
            u = queue.popleft()
            for edge in self.out[u]:
                v = self.head[edge]
                if v in came_by or edge >> 1 == avoid_pair or self.residual(edge) <= 0:
                    continue
                came_by[v] = edge
                if v == t:
                    return self._walk_back(came_by, t)
                queue.append(v)
        return None

    def _walk_back(self, came_by: dict[int, int], t: int) -> list[int]:
        path, node = [], t
        while came_by[node] >= 0:
            edge = came_by[node]
            path.append(edge)
            node = self.head[edge ^ 1]
        return path[::-1]
