"""The on-disk cache of compiled patterns (grammar.compile): same behaviour, never a failure."""
import os
import stat

import pytest
import regex

from mzparse import cache as disk_cache
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


def test_a_cache_path_that_is_a_file_is_not_used(tmp_path, monkeypatch):
    # The folder is stat'ed, not made each time: a private file by that name must still be refused.
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    blocker.chmod(0o600)
    monkeypatch.setenv("MZPARSE_CACHE_DIR", str(blocker))
    assert disk_cache.usable_cache_dir() is None
    assert _matches(grammar.compile(PATTERN)) == _matches(regex.compile(PATTERN))


def test_empty_setting_turns_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("MZPARSE_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    grammar.compile(PATTERN)
    assert disk_cache.cache_dir() is None
    assert not list(tmp_path.rglob("*-*.*"))


def test_default_location_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("MZPARSE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert disk_cache.cache_dir() == tmp_path / "mzparse"


def test_cache_directory_is_private(cache):
    grammar.compile(PATTERN)
    assert stat.S_IMODE(os.stat(cache).st_mode) & 0o077 == 0


def test_pattern_files_parse_the_same_from_the_cache(cache):
    import tomllib

    grammar.load.cache_clear()
    try:
        first = grammar.load("lang/agencies")
        assert list(cache.glob("toml-*.marshal"))
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
    assert list(cache.glob("jieba-*.marshal"))
    want = list(fresh.cut(line, HMM=False))
    segment._tokenizer.cache_clear()
    loaded = segment._tokenizer()
    assert loaded is not fresh and loaded.FREQ == fresh.FREQ and loaded.total == fresh.total
    assert list(loaded.cut(line, HMM=False)) == want
    assert "潍坊市" in want and "人民银行" in want  # the project's vocabulary is in it
    segment._tokenizer.cache_clear()


# ---------------------------------------------------------------- issue 19: nothing planted runs

class _Planted:
    """What an attacker would put in a cache: unpickling it calls os.system."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _plant(cache, tmp_path):
    """Compile once, then replace the cached file with a pickle that runs a command."""
    import pickle

    grammar.compile(PATTERN)
    (path,) = cache.glob("rx-*.pickle")
    marker = tmp_path / "pwned"
    path.write_bytes(pickle.dumps(_Planted(marker)))
    return marker


def test_a_planted_pickle_in_the_cache_does_not_run(cache, tmp_path):
    marker = _plant(cache, tmp_path)
    assert _matches(grammar.compile(PATTERN)) == _matches(regex.compile(PATTERN))
    assert not marker.exists()


@pytest.mark.parametrize("make_unsafe", [
    lambda d: d.chmod(0o777),                   # writable by everyone (a shared /tmp folder)
    lambda d: d.chmod(0o775),                   # writable by the group
    lambda d: os.chown(d, 65534, 65534),        # owned by someone else (needs root to set up)
])
def test_a_folder_others_can_write_is_not_read_and_that_is_said_once(tmp_path, monkeypatch, capsys, make_unsafe):
    shared = tmp_path / "shared"
    monkeypatch.setenv("MZPARSE_CACHE_DIR", str(shared))
    grammar.compile(PATTERN)
    try:
        make_unsafe(shared)
    except PermissionError:
        pytest.skip("changing a folder's owner needs root")
    monkeypatch.setattr(disk_cache, "_refused", set())
    import pickle

    marker = tmp_path / "pwned"
    (path,) = shared.glob("rx-*.pickle")
    path.write_bytes(pickle.dumps(_Planted(marker)))
    assert _matches(grammar.compile(PATTERN)) == _matches(regex.compile(PATTERN))
    grammar.compile(PATTERN + "x")
    assert not marker.exists()
    err = capsys.readouterr().err
    assert err.count("cache folder not private") == 1 and str(shared) in err


def test_a_cache_file_owned_by_someone_else_is_not_read(cache):
    grammar.compile(PATTERN)
    (path,) = cache.glob("rx-*.pickle")
    import pickle

    # The same pattern with another flag: it would pass validation, so only ownership keeps it out.
    path.write_bytes(pickle.dumps(regex.compile(PATTERN, regex.IGNORECASE)))
    try:
        os.chown(path, 65534, 65534)
    except PermissionError:
        pytest.skip("changing a file's owner needs root")
    assert not grammar.compile(PATTERN).flags & regex.IGNORECASE


def test_data_is_cached_in_a_format_that_cannot_run_code(cache):
    import marshal

    grammar.load.cache_clear()
    try:
        grammar.load("structure/markers")
        (path,) = cache.glob("toml-*.marshal")
        assert isinstance(marshal.loads(path.read_bytes()), dict)
    finally:
        grammar.load.cache_clear()
    assert not list(cache.glob("toml-*.pickle"))


def test_the_cli_says_once_for_a_whole_batch(tmp_path):
    import shutil
    import subprocess
    import sys

    from conftest import SAMPLE_FILES

    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    src = tmp_path / "in"
    src.mkdir()
    for p in SAMPLE_FILES:
        shutil.copy(p, src / p.name)
    res = subprocess.run([sys.executable, "-m", "mzparse", "extract", str(src), "-d", str(tmp_path / "out"),
                          "-q", "-j", "2"], capture_output=True, text=True,
                         env={**os.environ, "MZPARSE_CACHE_DIR": str(shared)})
    assert res.returncode == 0
    assert res.stderr.count("cache folder not private") == 1
    assert list(shared.iterdir()) == []


def test_han_class_is_regex_han_for_python_re():
    # The agency grammar runs on Python's re with \p{Han} spelled out: the same characters.
    import re

    import regex

    from mzparse.lang import grammar

    text = "".join(map(chr, range(0x40000)))
    ours = re.findall(grammar.han_class(), text)
    assert ours == regex.findall(r"\p{Han}", text)
    assert "〇" in ours and "々" in ours and "\U00020000" in ours and "a" not in ours


RE_PATTERN = r"(?m)^[ ]*(?P<juris>[\u4e00-\u9fff]{1,6}?[省市])?(?P<body>民政厅|财政厅)(?![门])(?=(?P<tail>\w))?"


def test_compile_re_loads_re_code_from_disk(cache):
    import re

    first = grammar.compile_re(RE_PATTERN)
    assert len(list(cache.glob("re-*.marshal"))) == 1
    second = grammar.compile_re(RE_PATTERN)  # from the file: the engine's code, not a parse
    plain = re.compile(RE_PATTERN)
    for rx in (first, second):
        assert isinstance(rx, re.Pattern)
        assert (rx.pattern, rx.flags, rx.groups, rx.groupindex) == (plain.pattern, plain.flags, plain.groups,
                                                                   plain.groupindex)
        assert [(m.span(), m.groupdict(), m.lastgroup) for m in rx.finditer(TEXT + "\n 省民政厅x")] == \
            [(m.span(), m.groupdict(), m.lastgroup) for m in plain.finditer(TEXT + "\n 省民政厅x")]
    assert grammar.compile_re(RE_PATTERN, re.I).flags & re.I



def test_compile_re_keeps_a_pattern_given_a_regexflag(cache):
    # re.DOTALL is an int subclass, which marshal refuses: such a pattern was compiled every run.
    import re

    grammar.compile_re(RE_PATTERN, re.DOTALL)
    assert len(list(cache.glob("re-*.marshal"))) == 1
    assert grammar.compile_re(RE_PATTERN, re.DOTALL).flags & re.DOTALL

def test_compile_re_without_a_cache_or_with_a_bad_file(cache, monkeypatch):
    import re

    grammar.compile_re(RE_PATTERN)
    (path,) = cache.glob("re-*.marshal")
    path.write_bytes(b"\x00garbage")
    assert grammar.compile_re(RE_PATTERN).groupindex == re.compile(RE_PATTERN).groupindex
    monkeypatch.setenv("MZPARSE_CACHE_DIR", "")
    assert grammar.compile_re(RE_PATTERN).pattern == RE_PATTERN


def test_escape_is_regex_escape_for_every_vocabulary_word():
    # grammar.escape hands words of word characters back as they are: held equal to
    # regex.escape over every word of every data file, and words that need escaping.
    import regex

    words = {"a.b", "(一)", "1+1", "第 一", "C++", "[注]", "^$", "\\", "一|二"}
    for toml in grammar.PACKAGE.rglob("*.toml"):
        stack = [grammar.load(str(toml.relative_to(grammar.PACKAGE).with_suffix("")))]
        while stack:
            v = stack.pop()
            if isinstance(v, dict):
                stack.extend(v.values())
            elif isinstance(v, list):
                stack.extend(v)
            elif isinstance(v, str):
                words.add(v)
    assert len(words) > 1000
    for w in words:
        assert grammar.escape(w) == regex.escape(w), w
    assert grammar.alternation(["一", "一二", "a.b"]) == "a\\.b|一二|一"   # longest first


def test_class_rx_matches_exactly_its_characters():
    # class_rx writes the characters as themselves (the few a class reads otherwise escaped):
    # every code point of planes 0-2 is matched iff it is one of them.
    from mzparse.lang.script import _chars

    chars = frozenset(_chars("TSCharacters.txt") | set("\\[]^-&~|a\U00020000"))
    bmp, beyond = grammar.class_rx(chars)
    assert beyond is not None
    for code in [*range(0xD800), *range(0xE000, 0x30000)]:
        c = chr(code)
        rx = bmp if code <= 0xFFFF else beyond
        assert (rx.fullmatch(c) is not None) == (c in chars), hex(code)
