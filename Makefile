# scrnews — `make help` lists the targets.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ISSUE  ?= issues/issue-2.yaml
OUT    ?= out

.DEFAULT_GOAL := help

.PHONY: help
help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/scrnews: pyproject.toml
	tools/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,preview,audit]'
	@touch $@

.PHONY: install
install: $(BIN)/scrnews ## Create .venv and install scrnews with its test tools

.PHONY: run
run: install ## Build the example issue into out/issue-2/
	$(BIN)/scrnews build $(ISSUE) --out $(OUT)

.PHONY: test-deps
test-deps: install
	tools/system-deps.sh --test
	@[ -f node_modules/vnu-jar/build/dist/vnu.jar ] || [ ! -f package.json ] || npm ci --ignore-scripts --silent --no-audit --no-fund

.PHONY: test
test: test-deps ## Install what the tests need, then run them all
	$(BIN)/python -m pytest

.PHONY: visual
visual: test-deps ## Compare every example issue (web 375/1280 px, PDF pages) with tests/visual/
	$(BIN)/python -m pytest tests/test_visual.py -q

.PHONY: visual-accept
visual-accept: test-deps ## Show what changed in the look (test-output/visual/), then accept it
	$(BIN)/python tests/visual_shots.py accept

.PHONY: fuzz
fuzz: install ## Fuzz load, validate and render with many Hypothesis examples (FUZZ_EXAMPLES=2000)
	SCRNEWS_FUZZ=1 SCRNEWS_FUZZ_EXAMPLES=$(or $(FUZZ_EXAMPLES),2000) \
	  $(BIN)/python -m pytest tests/security/test_security_fuzz.py -q -p no:cacheprovider

.PHONY: mutate
mutate: install ## Mutation testing of the modules that guard safety and data (MODULES="fetch write")
	$(BIN)/pip install -q -e '.[mutate]'
	$(BIN)/python tools/mutate.py $(MODULES)

.PHONY: lint
lint: install ## Check style with ruff
	$(BIN)/ruff check scrnews tests benchmarks
	$(BIN)/ruff format --check scrnews tests benchmarks

.PHONY: bench
bench: install ## Measure build speed (figures, as ratios, for the issue notes)
	$(BIN)/python benchmarks/run.py

.PHONY: clean
clean: ## Remove built output
	rm -rf $(OUT) dist build
