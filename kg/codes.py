"""CAMEO event codes and the PLOVER categories they convert to.

Read from the conversion table of the PLOVER project (kg/data/CAMEO2PLOVER-2021.txt, CC BY-SA 4.0,
attributed in NOTICE), so a code the extractors give is always one the table knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

_LINE = re.compile(r"^(?P<code>\d{2,4}):\s*(?P<plover>[A-Z]+)\s*(?:,[^#]*)?(?:#\s*(?P<name>.*))?$")


@dataclass(frozen=True)
class Code:
    """One CAMEO code: its number, its name, and the PLOVER category it converts to."""

    cameo: str
    name: str
    plover: str


@cache
def cameo_table() -> dict[str, Code]:
    """Every CAMEO code in the conversion table, keyed by its number."""
    text = resources.files("kg").joinpath("data", "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8")
    table: dict[str, Code] = {}
    for line in text.splitlines():
        match = _LINE.match(line.strip())
        if match and match["name"]:
            table.setdefault(match["code"], Code(match["code"], match["name"].strip(), match["plover"]))
    return table


def plover_of(cameo: str) -> str:
    """The PLOVER category of a CAMEO code; a code the table lacks is a programming error."""
    return cameo_table()[cameo].plover
