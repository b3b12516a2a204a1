"""A hash join for rdflib's SPARQL engine, so one way of writing a query suits both engines.

Oxigraph looks every row of a join up in its index unless the parts are independent subqueries,
which it reads once each and joins by hashing: ten times faster on whole-graph questions at ten
million triples (README, "Queries at scale"). rdflib joins such parts by comparing every row of
one with every row of the other, which made the same queries up to a hundred times slower on its
memory store. This join, registered as an rdflib custom evaluation, takes over exactly those joins
(the ones rdflib does not evaluate row by row): it indexes the right-hand rows by the variables
they all bind and looks each left-hand row up, keeping SPARQL's answer, duplicates included.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from rdflib.plugins.sparql import CUSTOM_EVALS
from rdflib.plugins.sparql.evaluate import evalPart
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import FrozenBindings, QueryContext
from rdflib.term import Identifier, Variable

Row = Mapping[Variable, Identifier]


def evaluate(ctx: QueryContext, part: CompValue) -> Iterator[FrozenBindings]:
    """rdflib's entry point: a join it would evaluate by nested loops, or NotImplementedError."""
    if part.name != "Join" or part.lazy:
        raise NotImplementedError  # rdflib evaluates it as it would have
    return hash_join(evalPart(ctx, part.p1), list(evalPart(ctx, part.p2)))


def hash_join(left: Iterable[FrozenBindings], right: list[Row]) -> Iterator[FrozenBindings]:
    """Every compatible pair of rows, merged. The right rows are indexed once for each set of
    shared variables the left rows bring (nearly always one), so a pair is found by one lookup."""
    if not right:
        return
    everywhere = set(right[0]).intersection(*right[1:])
    indexes: dict[tuple[Variable, ...], dict[tuple[Identifier, ...], list[Row]]] = {}
    for row in left:
        keys = tuple(sorted(everywhere.intersection(row)))  # the row's own variables, as rdflib compares them
        index = indexes.get(keys)
        if index is None:
            index = indexes[keys] = _index(right, keys)
        for candidate in index.get(tuple(row[v] for v in keys), ()):
            if row.compatible(candidate):
                yield row.merge(candidate)


def _index(rows: list[Row], keys: tuple[Variable, ...]) -> dict[tuple[Identifier, ...], list[Row]]:
    index: dict[tuple[Identifier, ...], list[Row]] = {}
    for row in rows:
        index.setdefault(tuple(row[v] for v in keys), []).append(row)
    return index


def install() -> None:
    """Register the join with rdflib (idempotent): kg.queries and kg.store call it on import, so
    every query kg runs on rdflib, bundled or not, uses it."""
    CUSTOM_EVALS["dipkg-hash-join"] = evaluate
