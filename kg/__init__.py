"""dipkg: news articles in, a knowledge graph of relations between states out.

The Python API (kg.api) is loaded on first use, so the processes that import kg's modules (the
ingest workers, the query engine of `kg serve`) do not pay for it:

    import kg
    with kg.open("kg-data") as graph:
        rows = graph.query("sanctions-against", target="Q159")
"""

from __future__ import annotations

__version__ = "0.1.0"
_API = ("open", "KnowledgeGraph", "StoredEvent", "Entity", "IngestReport")


def __getattr__(name: str) -> object:
    if name in _API:
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
