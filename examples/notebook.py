# %% [markdown]
# # dipkg from Python: a notebook-style walk through the API
#
# Each `# %%` block is a cell (Jupyter, VS Code and Spyder run them one by one); the whole file
# also runs as a script: `python examples/notebook.py [OUTPUT_FOLDER] [--blank]` (--blank: no language
# model, rule-based fallbacks only, as the tests run it).
# It builds a store of the example articles in a temporary folder, asks it questions, reads the
# events as records, and draws the pictures into OUTPUT_FOLDER (default: demo-out/notebook).

# %%
import sys
import tempfile
from pathlib import Path

import kg

HERE = Path(__file__).resolve().parent
arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
OUT = Path(arguments[0]) if arguments else HERE.parent / "demo-out" / "notebook"
MODEL = {"model": "blank"} if "--blank" in sys.argv else {}
OUT.mkdir(parents=True, exist_ok=True)
store_folder = tempfile.mkdtemp(prefix="dipkg-notebook-")

# %% [markdown]
# ## Build a graph from the bundled articles

# %%
graph = kg.open(Path(store_folder) / "store", create=True)
report = graph.ingest([HERE / "articles"], **MODEL)
print(f"{report.stored} articles stored, events by family: {dict(report.families)}, "
      f"{len(report.problems)} problems")

# %% [markdown]
# ## Ask the named queries: rows as dicts, or a pandas DataFrame

# %%
for row in graph.query("sanctions-against", target="Q159"):
    print(row["sourceLabel"], row["status"], row["earliest"])

network = graph.dataframe("alignment-network")
print(network[["aLabel", "bLabel", "cooperation", "opposition"]].to_string(index=False))

# %% [markdown]
# ## Events as records, with their parties by role

# %%
for event in sorted(graph.events(involving="Q159"), key=lambda e: (e.earliest is None, e.earliest or "")):
    parties = ", ".join(p.label for p in event.participants + event.sources + event.targets)
    print(f"{event.earliest}  {event.family:9} {event.kind:12} {event.status:10} {parties}")

# %% [markdown]
# ## Pictures: the relation network (static and interactive) and a timeline of two states

# %%
print(graph.plot_network(OUT / "network.png"))
print(graph.plot_network(OUT / "network.html"))
print(graph.plot_timeline(OUT / "china-russia.png", "Q148", "Q159"))
print(graph.export(OUT / "graph.ttl"))
graph.close()
