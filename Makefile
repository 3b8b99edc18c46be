# Everything runs from a local virtual environment made from pyproject.toml.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
SHARED ?= ../shared
# Sub-makes say nothing about directories: `make demo > out.json` must hold only the JSON.
MAKEFLAGS += --no-print-directory

.PHONY: setup demo test score silver bench fuzz clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev]'
	# An editable install has no bytecode, and with PYTHONDONTWRITEBYTECODE set every
	# run would compile mzparse's modules again (~30 ms of each cold start).
	$(BIN)/python -m compileall -q src/mzparse
	touch $(STAMP)

setup: $(STAMP)

# stdout is the document alone (`make demo > out.json`): recipes are not echoed, and
# setting up, when needed, reports on stderr.
demo:
	@$(MAKE) --no-print-directory -s $(STAMP) >&2
	@$(BIN)/mzparse extract samples/004_26c38e0122c86045.txt

test: $(STAMP)
	$(BIN)/python -m pytest

score: $(STAMP)
	rm -rf .score && $(BIN)/mzparse extract samples/ --out-dir .score/samples -q
	$(BIN)/python $(SHARED)/eval/score.py --gold $(SHARED)/gold --pred .score/samples
	$(BIN)/mzparse extract $(SHARED)/corpus/docs --out-dir .score/corpus -q
	$(BIN)/python $(SHARED)/eval/score.py --gold $(SHARED)/corpus/gold --pred .score/corpus

# Structure, titles and dates on the unannotated laws corpus, checked without gold
# (markers recall/precision, paths, items under their article, title, date).
silver: $(STAMP)
	rm -rf .silver && $(BIN)/mzparse extract $(SHARED)/laws --out-dir .silver -q -j 2
	$(BIN)/python $(SHARED)/eval/silver.py --corpus $(SHARED)/laws --pred .silver --list $${SILVER_LIST:-5}

bench: $(STAMP)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[bench]'
	# Bytecode for the sources as they are now, or the cold start would time compiling them.
	$(BIN)/python -m compileall -q src/mzparse
	$(BIN)/python bench/run.py

fuzz: $(STAMP)
	$(BIN)/python -m pip install -q --disable-pip-version-check atheris
	mkdir -p .fuzz/corpus .fuzz/crashes
	# .fuzz/corpus grows as the fuzzer learns; the seeds (the repo's, and the shared real
	# documents and web pages, read where they lie) stay read-only.
	$(BIN)/python tests/fuzz/fuzz_extract.py -max_total_time=$${FUZZ_SECONDS:-1800} -timeout=120 \
		-artifact_prefix=.fuzz/crashes/ -print_final_stats=1 .fuzz/corpus tests/fuzz/corpus samples \
		$(wildcard $(SHARED)/corpus/docs $(SHARED)/formats)

clean:
	rm -rf $(VENV) .fuzz .score .silver .pytest_cache .hypothesis build src/*.egg-info
