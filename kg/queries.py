"""Named SPARQL queries from queries/*.rq and their parameters, bound safely.

Each query file starts with comment lines giving its title, description and parameters:
`# param: NAME TYPE [= DEFAULT] -- description`. A value given by the user is checked against
its type and bound as the SPARQL variable of the same name, never pasted into the query text.

The header is read strictly: a `# param:` line off that grammar, or a missing, empty or repeated
title or description, is an error naming the file and the line. Read leniently, a typo in a
`# param:` line would drop the parameter and leave its variable unbound, so the query would
quietly match everything instead of failing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from rdflib import XSD, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from kg import hashjoin
from kg.errors import KgError
from kg.iri import actor_iri, is_qid
from kg.vocab import DIPR

hashjoin.install()

QUERY_DIR = Path(__file__).resolve().parent.parent / "queries"
_PARAM = re.compile(r"^#\s*param:\s*(?P<name>[A-Za-z_]\w*)\s+(?P<type>actor|event|date|string|integer)"
                    r"(?:\s*=\s*(?P<default>\S+))?\s*--\s*(?P<doc>\S.*)$")
_EVENT_IRI = re.compile(re.escape(str(DIPR)) + r"event/[0-9a-f]{24}")
_PARAM_LINE = re.compile(r"^#\s*param:")
_FIELD = re.compile(r"^#\s*(?P<key>title|description):(?P<value>.*)$")
_PARAM_GRAMMAR = "# param: NAME actor|event|date|string|integer [= DEFAULT] -- description"


@dataclass(frozen=True)
class Param:
    """One declared query parameter."""

    name: str
    type: str
    default: str | None
    doc: str


@dataclass(frozen=True)
class NamedQuery:
    """A query file: its text and what its header declares."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str

    def bindings(self, given: dict[str, str]) -> dict[str, Node]:
        """Typed values for every parameter, from the user's strings or the defaults."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            expected = ", ".join(known) or "none"
            raise KgError(f"query {self.name} has no parameter {unknown[0]!r} (parameters: {expected})")
        values: dict[str, Node] = {}
        for param in self.params:
            raw = given.get(param.name, param.default)
            if raw is None:
                raise KgError(f"query {self.name} needs --param {param.name}=... ({param.doc})")
            values[param.name] = _convert(param, raw)
        return values


def _convert(param: Param, raw: str) -> Node:
    if param.type == "actor":
        if not is_qid(raw):
            raise KgError(f"parameter {param.name} must be a Wikidata QID such as Q148, not {raw!r}")
        return actor_iri(raw)
    if param.type == "event":
        if not _EVENT_IRI.fullmatch(raw):
            raise KgError(f"parameter {param.name} must be an event IRI as other queries print it, "
                          f"such as {DIPR}event/0123abcd..., not {raw!r}")
        return URIRef(raw)
    if param.type == "date":
        try:
            return Literal(date.fromisoformat(raw), datatype=XSD.date)
        except ValueError:
            raise KgError(f"parameter {param.name} must be a date as YYYY-MM-DD, not {raw!r}") from None
    if param.type == "integer":
        if not re.fullmatch(r"-?\d{1,18}", raw):
            raise KgError(f"parameter {param.name} must be an integer of at most 18 digits, not {raw[:40]!r}")
        return Literal(int(raw))
    return Literal(raw)


def parse_query_file(path: Path) -> NamedQuery:
    """A named query from its file; a malformed header or query is a user-facing error.

    The SPARQL is checked before the header, so a file that is not a query at all is reported as
    such rather than by the first header line it lacks.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise KgError(f"cannot read query {path}: {error}") from error
    check_syntax(text, str(path))
    fields: dict[str, str] = {}
    params = []
    for number, line in enumerate(text.splitlines(), start=1):
        if _PARAM_LINE.match(line):
            match = _PARAM.match(line)
            if match is None:
                raise KgError(f"{path}, line {number}: {line!r} is not a parameter; write {_PARAM_GRAMMAR}")
            params.append(Param(match["name"], match["type"], match["default"], match["doc"].strip()))
        elif match := _FIELD.match(line):
            key, value = match["key"], match["value"].strip()
            if not value:
                raise KgError(f"{path}, line {number}: the {key} is empty")
            if key in fields:
                raise KgError(f"{path}, line {number}: a second '# {key}:' line")
            fields[key] = value
    # A user's own query file needs no header; the shipped ones are checked to have both lines.
    return NamedQuery(path.stem, fields.get("title", path.stem), fields.get("description", ""), tuple(params), text)


def check_syntax(text: str, where: str) -> None:
    """Raise a one-line error for a query that is not SPARQL 1.1."""
    try:
        prepareQuery(text)
    except Exception as error:  # rdflib raises pyparsing and its own errors for bad syntax
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise KgError(f"SPARQL syntax error in {where}: {first}") from None


def find_query(name_or_path: str) -> NamedQuery:
    """A query by name (queries/NAME.rq) or by the path of a .rq file."""
    path = Path(name_or_path)
    if path.suffix == ".rq" or "/" in name_or_path:  # a file in the working directory never hides a name
        if not path.is_file():
            raise KgError(f"no query file {name_or_path}")
        return parse_query_file(path)
    candidate = QUERY_DIR / f"{name_or_path}.rq"
    if not re.fullmatch(r"[a-z0-9-]+", name_or_path) or not candidate.is_file():
        names = ", ".join(q.name for q in all_queries())
        raise KgError(f"no query named {name_or_path!r}; known queries: {names}")
    return parse_query_file(candidate)


def all_queries() -> list[NamedQuery]:
    """Every named query shipped with the project, by name."""
    return [parse_query_file(p) for p in sorted(QUERY_DIR.glob("*.rq"))]


@cache
def wikidata_query(name: str) -> str:
    """The text of queries/wikidata/NAME.rq (the queries asked of a Wikidata endpoint), checked once."""
    return parse_query_file(QUERY_DIR / "wikidata" / f"{name}.rq").text
