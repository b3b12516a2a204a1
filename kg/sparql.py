"""SPARQL text: values bound into a query without pasting them, and the form of a query.

Both need to see the query as SPARQL sees it, so strings, IRIs and comments are skipped by a small
lexer rather than by searching the raw text (a comment saying "address" is not an ADD update).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rdflib import BNode
from rdflib.term import Node

from kg.errors import KgError

# Enough of SPARQL's lexical grammar to find the braces and the keywords kg looks for (WHERE, the
# query form, SERVICE, FROM) outside strings (escaped quotes included), IRIs, comments and escaped
# characters such as the `\#` a prefixed name may hold.
_TOKENS = re.compile(
    r'''"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""|\'\'\'(?:[^'\\]|\\[\s\S]|'(?!''))*\'\'\''''
    r'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>|\#[^\n]*|\\.'''
    r"|(?P<where>\bWHERE\b)|(?P<open>\{)|(?P<close>\})"
    r"|(?<![?$:\w])(?P<form>SELECT|CONSTRUCT|ASK|DESCRIBE)(?![:\w])"
    r"|(?<![?$:\w])(?P<service>SERVICE)(?![:\w])"
    r"|(?<![?$:\w])(?P<dataset>FROM)(?![:\w])",
    re.IGNORECASE,
)


def query_form(sparql: str) -> str:
    """SELECT, CONSTRUCT, ASK or DESCRIBE: the first such keyword outside strings, IRIs and comments."""
    for token in _TOKENS.finditer(sparql):
        if token["form"]:
            return token["form"].upper()
    raise KgError("not a SPARQL query: no SELECT, CONSTRUCT, ASK or DESCRIBE in it")


def calls_service(sparql: str) -> bool:
    """Whether the query asks another endpoint (SERVICE), outside strings, IRIs and comments."""
    return any(token["service"] for token in _TOKENS.finditer(sparql))


def names_dataset(sparql: str) -> bool:
    """Whether the query chooses its own graphs (FROM or FROM NAMED)."""
    return any(token["dataset"] for token in _TOKENS.finditer(sparql))


def with_values(sparql: str, bindings: Mapping[str, Node]) -> str:
    """The query with a one-row VALUES block opening its WHERE group, so every pattern and FILTER sees it.

    Values are RDF terms written in SPARQL's own syntax (rdflib refuses to write an invalid IRI and
    escapes literals), so a value can never change the query around it.
    """
    return with_value_rows(sparql, list(bindings), [list(bindings.values())])


def with_value_rows(sparql: str, names: Sequence[str], rows: Sequence[Sequence[Node]]) -> str:
    """The query with a VALUES block of several rows opening its WHERE group ("one row per entity
    of a batch"); values are written as RDF terms, so none can change the query around it."""
    if any(isinstance(value, BNode) for row in rows for value in row):
        raise KgError("a blank node cannot be bound in a query sent to an endpoint")
    header = " ".join(f"?{name}" for name in names)
    body = " ".join("(" + " ".join(value.n3() for value in row) + ")" for row in rows)
    at = _where_group(sparql)
    return f"{sparql[:at]}\n  VALUES ({header}) {{ {body} }}\n{sparql[at:]}"


def _where_group(sparql: str) -> int:
    """The offset just inside the brace that opens the query's WHERE group."""
    depth, after_where, first = 0, False, None
    for token in _TOKENS.finditer(sparql):
        if token["open"]:
            if depth == 0 and after_where:
                return token.end()
            first = token.end() if first is None and depth == 0 else first
            depth += 1
        elif token["close"]:
            depth -= 1
        elif token["where"] and depth == 0:
            after_where = True
    if first is None:
        raise KgError("the query has no WHERE group to bind parameters in")
    return first
