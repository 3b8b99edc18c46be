"""The on-disk cache of compiled patterns (grammar.compile): same behaviour, never a failure."""
import os
import stat

import pytest
import regex

from mzparse.lang import grammar

PATTERN = r"(?P<juris>\p{Han}{1,6}?[省市])?(?P<body>民政厅|财政厅)(?![门])"
TEXT = "经山东省民政厅和省财政厅协商，民政厅门前"


def _matches(rx):
    return [(m.span(), m.groupdict()) for m in rx.finditer(TEXT)]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MZPARSE_CACHE_DIR", str(tmp_path / "c"))
    return tmp_path / "c"


def test_second_compile_loads_the_same_pattern_from_disk(cache):
    first = grammar.compile(PATTERN)
    files = list(cache.glob("rx-*.pickle"))
    assert len(files) == 1
    second = grammar.compile(PATTERN)
    assert second is not first  # a new object, read back from the file
    assert second.pattern == PATTERN and second.groupindex == first.groupindex
    assert _matches(second) == _matches(first) == _matches(regex.compile(PATTERN))


def test_flags_and_pattern_make_the_key(cache):
    grammar.compile(PATTERN)
    grammar.compile(PATTERN, regex.REVERSE)
    grammar.compile(PATTERN + "?")
    assert len(list(cache.glob("rx-*.pickle"))) == 3
    rev = grammar.compile(PATTERN, regex.REVERSE)
    assert rev.flags & regex.REVERSE


def test_corrupt_or_foreign_cache_file_is_recompiled(cache):
    grammar.compile(PATTERN)
    (path,) = cache.glob("rx-*.pickle")
    path.write_bytes(b"\x80\x05not a pickle")
    assert _matches(grammar.compile(PATTERN)) == _matches(regex.compile(PATTERN))
    # a valid pickle of something else (another pattern) is not trusted either
    import pickle
    path.write_bytes(pickle.dumps(regex.compile("x")))
    assert grammar.compile(PATTERN).pattern == PATTERN


def test_unwritable_cache_directory_still_compiles(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("MZPARSE_CACHE_DIR", str(blocker / "sub"))
    assert _matches(grammar.compile(PATTERN)) == _matches(regex.compile(PATTERN))
    assert not list(tmp_path.glob("**/*.tmp"))


def test_empty_setting_turns_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("MZPARSE_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    grammar.compile(PATTERN)
    assert grammar.cache_dir() is None
    assert not list(tmp_path.rglob("*.pickle"))


def test_default_location_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("MZPARSE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert grammar.cache_dir() == tmp_path / "mzparse"


def test_cache_directory_is_private(cache):
    grammar.compile(PATTERN)
    assert stat.S_IMODE(os.stat(cache).st_mode) & 0o077 == 0


def test_pattern_files_parse_the_same_from_the_cache(cache):
    import tomllib

    grammar.load.cache_clear()
    try:
        first = grammar.load("lang/agencies")
        assert list(cache.glob("toml-*.pickle"))
        grammar.load.cache_clear()
        second = grammar.load("lang/agencies")  # read back from the cache
        with open(grammar.data_path("lang/agencies.toml"), "rb") as fh:
            assert first == second == tomllib.load(fh)
    finally:
        grammar.load.cache_clear()


def test_a_cached_value_that_fails_validation_is_rebuilt(cache):
    assert grammar.cached("t", "k", lambda: [1, 2]) == [1, 2]
    assert grammar.cached("t", "k", lambda: [3]) == [1, 2]  # from disk
    assert grammar.cached("t", "k", lambda: [3], valid=lambda v: v == [3]) == [3]


def test_jieba_prefix_dictionary_from_the_cache_cuts_as_one_built_fresh(cache):
    from mzparse.lang import segment

    line = "经潍坊市人民政府同意，人民银行南京分行和宽城满族自治县民政局负责"
    segment._tokenizer.cache_clear()
    fresh = segment._tokenizer()
    assert list(cache.glob("jieba-*.pickle"))
    want = list(fresh.cut(line, HMM=False))
    segment._tokenizer.cache_clear()
    loaded = segment._tokenizer()
    assert loaded is not fresh and loaded.FREQ == fresh.FREQ and loaded.total == fresh.total
    assert list(loaded.cut(line, HMM=False)) == want
    assert "潍坊市" in want and "人民银行" in want  # the project's vocabulary is in it
    segment._tokenizer.cache_clear()
