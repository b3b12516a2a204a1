"""Pictures of the graph: who meets, sanctions, cooperates with, opposes and makes claims on whom, as
a network over a time window, and the events of one or two actors along time.

Static pictures (PNG, SVG, PDF) are drawn by matplotlib without a screen (the Agg backend). The
interactive network is one self-contained HTML page: the layout is computed here, and the page holds
the data and its own small script, so it opens offline and fetches nothing.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import numpy as np

from kg.errors import KgError

#: Relations and their colours (Okabe and Ito's palette, told apart with the common colour blindnesses).
RELATIONS = {"meeting": "#0072B2", "sanction": "#D55E00", "cooperation": "#009E73", "opposition": "#E69F00",
             "claim": "#CC79A7"}
#: Each event kind's relation, as queries/relation-network.rq groups them.
KIND_RELATION = {"summit": "meeting", "talks": "meeting", "call": "meeting", "visit": "meeting",
                 "sanction": "sanction", "cooperation": "cooperation", "opposition": "opposition",
                 "rejection": "opposition", "territorial": "claim", "demand": "claim", "accusation": "claim",
                 "denial": "claim", "threat": "claim"}
STATIC = (".png", ".svg", ".pdf")
HTML = ".html"
#: Statuses drawn as hollow markers: the event has not (yet) happened.
_NOT_YET = {"planned", "threatened"}
_LAYOUT_STEPS = 300
#: Labels closer than this share of the time shown are stacked.
_LABEL_GAP = 0.12


@dataclass(frozen=True)
class Link:
    """Events of one relation between two actors (QIDs and labels)."""

    a: str
    a_label: str
    b: str
    b_label: str
    relation: str
    events: int


@dataclass(frozen=True)
class Moment:
    """One event on a timeline: its kind, status and possible days, and who did it to whom."""

    kind: str
    status: str
    negated: bool
    earliest: date
    latest: date
    between: str


def _matplotlib() -> None:
    """Draw without a screen, and keep an SVG's words as text (searchable, and smaller than outlines)."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.fonttype"] = "none"


def check_output(path: Path, interactive: bool) -> None:
    """Refuse an output file kind the plot cannot write, before any work is done."""
    allowed = STATIC + ((HTML,) if interactive else ())
    if path.suffix.lower() not in allowed:
        raise KgError(f"cannot draw to {path.name}: the file name must end in {', '.join(allowed)}")
    if not path.parent.is_dir():
        raise KgError(f"cannot draw to {path}: there is no folder {path.parent}")


def draw_network(links: Sequence[Link], path: Path, title: str) -> None:
    """The relation network to a picture or, for .html, an interactive page."""
    check_output(path, interactive=True)
    if not links:
        raise KgError("no relations between actors linked to Wikidata in this range; nothing to draw")
    nodes, positions = layout(links)
    try:
        if path.suffix.lower() == HTML:
            path.write_text(_network_page(links, nodes, positions, title), encoding="utf-8")
        else:
            _network_picture(links, nodes, positions, path, title)
    except OSError as error:
        raise KgError(f"cannot write {path}: {error.strerror or error}") from None


def layout(links: Sequence[Link]) -> tuple[dict[str, str], dict[str, tuple[float, float]]]:
    """Node labels by QID and positions in the unit square: a force-directed layout (Fruchterman and
    Reingold), started from a circle in label order so the same graph is always drawn the same way."""
    nodes = {link.a: link.a_label for link in links} | {link.b: link.b_label for link in links}
    order = sorted(nodes, key=lambda qid: (nodes[qid], qid))
    index = {qid: i for i, qid in enumerate(order)}
    count = len(order)
    angles = np.linspace(0, 2 * math.pi, count, endpoint=False)
    place = np.column_stack([np.cos(angles), np.sin(angles)])
    weight = np.zeros((count, count))
    for link in links:
        weight[index[link.a], index[link.b]] += link.events
        weight[index[link.b], index[link.a]] += link.events
    ideal = 1.0 / math.sqrt(count)
    step = 0.1
    for _ in range(_LAYOUT_STEPS):
        delta = place[:, None, :] - place[None, :, :]
        distance = np.maximum(np.linalg.norm(delta, axis=2), 1e-3)
        force = ideal ** 2 / distance - weight ** 0.5 * distance ** 2 / ideal
        np.fill_diagonal(force, 0)
        move = (delta / distance[:, :, None] * force[:, :, None]).sum(axis=1)
        length = np.maximum(np.linalg.norm(move, axis=1), 1e-9)
        place += move / length[:, None] * np.minimum(length, step)[:, None]
        step *= 0.985
    low, high = place.min(axis=0), place.max(axis=0)
    place = (place - low) / np.maximum(high - low, 1e-9)
    return nodes, {qid: (float(place[index[qid], 0]), float(place[index[qid], 1])) for qid in order}


def _network_picture(links: Sequence[Link], nodes: dict[str, str], positions: dict[str, tuple[float, float]],
                     path: Path, title: str) -> None:
    _matplotlib()
    from matplotlib import pyplot
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    figure, axes = pyplot.subplots(figsize=(11, 8.5), dpi=110)
    pairs: dict[tuple[str, str], list[Link]] = defaultdict(list)
    for link in links:
        pairs[(link.a, link.b)].append(link)
    for (a, b), between in pairs.items():
        for number, link in enumerate(sorted(between, key=lambda item: list(RELATIONS).index(item.relation))):
            bend = 0.0 if len(between) == 1 else 0.28 * (number - (len(between) - 1) / 2)
            axes.add_patch(FancyArrowPatch(positions[a], positions[b], connectionstyle=f"arc3,rad={bend}",
                                           arrowstyle="-", color=RELATIONS[link.relation], alpha=0.85,
                                           linewidth=_width(link.events), shrinkA=14, shrinkB=14))
    totals = _totals(links)
    for qid, (x, y) in positions.items():
        axes.scatter([x], [y], s=120 + 60 * math.sqrt(totals[qid]), color="#33414f", zorder=3)
        axes.annotate(nodes[qid], (x, y), xytext=(0, 12), textcoords="offset points", ha="center", fontsize=11,
                      zorder=4, bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
    axes.legend(handles=[Line2D([], [], color=colour, linewidth=3, label=name) for name, colour in RELATIONS.items()],
                loc="lower left", bbox_to_anchor=(1.0, 0.0), frameon=False, title="relation (width: events)")
    axes.set_title(title, fontsize=13)
    axes.set_xlim(-0.12, 1.12)
    axes.set_ylim(-0.12, 1.15)
    axes.axis("off")
    figure.tight_layout()
    figure.savefig(path, metadata=_metadata(path))
    pyplot.close(figure)


def _width(events: int) -> float:
    return 1.2 + 1.6 * math.log2(1 + events)


def _totals(links: Sequence[Link]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for link in links:
        totals[link.a] += link.events
        totals[link.b] += link.events
    return totals


def _metadata(path: Path) -> dict[str, None]:
    """No creation date or tool version in the file, so the same graph gives the same bytes."""
    keys = {".png": ("Software",), ".svg": ("Date", "Creator"), ".pdf": ("CreationDate", "Creator", "Producer")}
    return dict.fromkeys(keys[path.suffix.lower()])


def _network_page(links: Sequence[Link], nodes: dict[str, str], positions: dict[str, tuple[float, float]],
                  title: str) -> str:
    totals = _totals(links)
    data = {
        "title": title,
        "relations": RELATIONS,
        "nodes": [{"id": qid, "label": nodes[qid], "x": x, "y": y, "events": totals[qid]}
                  for qid, (x, y) in positions.items()],
        "links": [{"a": link.a, "b": link.b, "relation": link.relation, "events": link.events} for link in links],
    }
    # inside <script>, "</script" or "<!--" would change how the page is read; JSON may write "<" as \u003c
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    template = resources.files("kg").joinpath("web", "network.html").read_text(encoding="utf-8")
    return template.replace("/*DATA*/null", payload, 1)


def draw_timeline(moments: Sequence[Moment], path: Path, title: str, undated: int) -> None:
    """Events along time, one lane per relation: a dot for a day, a bar for a longer possible range,
    hollow for planned or threatened, grey for negated; undated events are counted in the caption."""
    check_output(path, interactive=False)
    if not moments:
        raise KgError("no dated events for these actors; nothing to draw")
    _matplotlib()
    from matplotlib import pyplot

    used = {KIND_RELATION[m.kind] for m in moments}
    lanes = [relation for relation in RELATIONS if relation in used]
    figure, axes = pyplot.subplots(figsize=(11, 1.8 + 1.1 * len(lanes)), dpi=110)
    span = max(m.latest for m in moments) - min(m.earliest for m in moments)
    last_label: dict[str, tuple[date, int]] = {}
    for moment in sorted(moments, key=lambda m: m.earliest):
        relation = KIND_RELATION[moment.kind]
        colour = "#9aa3ab" if moment.negated else RELATIONS[relation]
        lane = lanes.index(relation)
        middle = moment.earliest + (moment.latest - moment.earliest) / 2
        if moment.latest > moment.earliest:
            axes.plot([moment.earliest, moment.latest + timedelta(days=1)], [lane, lane], color=colour, linewidth=6,
                      alpha=0.35, solid_capstyle="butt")
        hollow = moment.status in _NOT_YET
        axes.scatter([middle], [lane], s=70, zorder=3, color="white" if hollow else colour, edgecolors=colour,
                     linewidths=2)
        # a label near the lane's previous one goes a level up, so the two do not overprint
        before = last_label.get(relation)
        level = before[1] + 1 if before and (middle - before[0]) < span * _LABEL_GAP else 0
        last_label[relation] = (middle, level % 3)
        axes.annotate(f"{moment.kind}, {moment.status}{' (negated)' if moment.negated else ''}\n{moment.between}",
                      (middle, lane), xytext=(6, 7 + 22 * (level % 3)), textcoords="offset points", fontsize=8,
                      color="#33414f", arrowprops={"arrowstyle": "-", "color": "#c5ccd3", "linewidth": 0.6})
    axes.set_yticks(range(len(lanes)), lanes)
    axes.set_ylim(-0.6, len(lanes) - 0.1)
    axes.grid(axis="x", color="#e3e7eb")
    axes.set_title(title + (f"  ({undated} undated event{'s' if undated != 1 else ''} not shown)" if undated else ""),
                   fontsize=12)
    figure.autofmt_xdate()
    figure.tight_layout()
    try:
        figure.savefig(path, metadata=_metadata(path))
    except OSError as error:
        raise KgError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        pyplot.close(figure)
