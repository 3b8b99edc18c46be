"""The on-disk cache of what cold runs would otherwise derive again: compiled grammars, parsed
TOML, character tables (lang/grammar.py) and the output's validator schemas (codec.py).

A base module (like models and records) so that every layer may keep its derived data here."""
from __future__ import annotations

import dataclasses
import hashlib
import io
import marshal
import os
import pickle
import stat
import sys
import threading
from functools import lru_cache
from pathlib import Path
from types import CodeType
from typing import Callable, TypeVar

T = TypeVar("T")


@lru_cache(maxsize=None)
def file_digest(path: "str | os.PathLike[str]") -> str:
    """The SHA-256 of a file's bytes, read once a process: a cache key's part for the source module
    or data file that derives what is kept (a change to it must not read the old results)."""
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def cache_dir() -> Path | None:
    """Where compiled patterns are kept: $MZPARSE_CACHE_DIR (empty: nowhere), else the user cache."""
    env = os.environ
    return _cache_dir(env.get("MZPARSE_CACHE_DIR"), env.get("XDG_CACHE_HOME"), env.get("HOME"))


@lru_cache(maxsize=8)
def _cache_dir(own: str | None, xdg: str | None, home: str | None) -> Path | None:
    # By the variables' values (read at each of a cold run's ~150 look-ups; a test or a caller may
    # change them): the Path made once for them, not at each look-up.
    if own is not None:
        return Path(own) if own else None
    base = xdg or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mzparse"


_refused: set[str] = set()  # cache folders already found unsafe (and said so) in this process


def _private(st: os.stat_result) -> bool:
    """Owned by this user and writable by no one else: nobody else can plant a file there."""
    if not hasattr(os, "geteuid"):  # Windows: per-user profile folders; no POSIX modes to check
        return True
    return st.st_uid == os.geteuid() and not st.st_mode & 0o022


def usable_cache_dir() -> Path | None:
    """The cache folder, made private if new; None when it is off, cannot be made, or is
    not private (owned by someone else or writable by others), which is said once on stderr."""
    where = cache_dir()
    if where is None:
        return None
    try:
        # Asked at each of the ~150 look-ups of a cold run (a folder made unsafe meanwhile is not
        # read): a stat, and mkdir only when it fails (mkdir's FileExistsError, raised and caught
        # inside pathlib, cost twice the stat).
        try:
            st = os.stat(where)
        except FileNotFoundError:
            where.mkdir(mode=0o700, parents=True, exist_ok=True)
            st = os.stat(where)
    except OSError:
        return None  # read-only home and the like: compile in memory, as before
    if not stat.S_ISDIR(st.st_mode):
        return None  # a file by that name (mkdir refused it): nowhere to keep anything
    if _private(st):
        return where
    if str(where) not in _refused:
        _refused.add(str(where))
        sys.stderr.write(f"mzparse: {where}: cache folder not private (owned by another user or writable by "
                         "others); not using it, patterns are compiled in memory. Set MZPARSE_CACHE_DIR to a "
                         "folder only you can write, or to nothing to turn the cache off.\n")
    return None


class _RegexOnly(pickle.Unpickler):
    """Unpickles compiled regex patterns and nothing else: a planted pickle cannot name
    any other callable, so loading it cannot run code of its choosing."""

    ALLOWED = {("regex._regex", "compile")}

    def find_class(self, module: str, name: str):
        """The class a pickle names: regex's compile only, anything else refused."""
        if (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in mzparse's cache")


# Data (parsed TOML, tables, jieba's dictionary) goes through marshal, which builds plain
# values and never calls anything; compiled patterns need pickle, restricted as above. The one
# kind of code kept, the record classes' methods (dataclass below), is marshal's code objects, as
# a .pyc holds them: run only from this user's private folder, as Python runs its own .pyc files.
_FORMATS = {
    "marshal": (marshal.dumps, marshal.loads),
    "pickle": (lambda obj: pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL),
               lambda data: _RegexOnly(io.BytesIO(data)).load()),
}


def cached(kind: str, key: str, build: Callable[[], T], valid: Callable[[object], bool] = lambda _: True,
           fmt: str = "marshal") -> T:
    """``build()``, kept on disk under ``key`` between runs (see cache_dir).

    For what every cold run would otherwise derive again from the pattern files and
    OpenCC's dictionaries: compiled grammars, parsed TOML, character tables. ``key``
    must change whenever the result would (it holds the source's content or stamp and
    the versions involved). Any trouble reading or writing falls back to ``build()``,
    so a read-only home or a corrupt file costs time, never a result. Files are read
    only from a private folder (usable_cache_dir) and only when they are this user's.
    """
    where = usable_cache_dir()
    if where is None:
        return build()
    path = _path(where, kind, key, fmt)
    obj = _read(path, fmt)
    try:
        if obj is not _MISSING and valid(obj):
            return obj
    except Exception:  # a value of another shape than ``valid`` expects: build instead
        pass
    obj = build()
    _write(path, obj, fmt)
    return obj


_MISSING = object()


def toml(data: bytes) -> dict:
    """The TOML document ``data`` parsed (the pattern files, a configuration file), kept by its
    content: tomllib is pure Python (the pattern files took ~10 ms of every cold run to parse, a
    project's pyproject.toml ~3 ms with tomllib's import). Errors (``ValueError``s:
    tomllib.TOMLDecodeError, UnicodeDecodeError) are raised, never kept."""
    def parse() -> dict:
        import tomllib

        return tomllib.loads(data.decode("utf-8"))

    return cached("toml", f"{sys.version}\0{hashlib.sha256(data).hexdigest()}", parse, lambda d: isinstance(d, dict))


def _path(where: Path, kind: str, key: str, fmt: str) -> str:
    return os.path.join(where, f"{kind}-{hashlib.sha256(key.encode()).hexdigest()[:40]}.{fmt}")


def _read(path: str, fmt: str):
    """What a cache file holds, or _MISSING (missing, unreadable, truncated, foreign: build instead)."""
    try:
        with open(path, "rb") as fh:
            if not _private(os.fstat(fh.fileno())):
                raise PermissionError("cache file not private")
            return _FORMATS[fmt][1](fh.read())
    except Exception:
        return _MISSING


def _write(path: str, obj, fmt: str) -> None:
    """Keep ``obj`` at ``path``, whole or not at all; a failure only costs the next run the time."""
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        data = _FORMATS[fmt][0](obj)
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)  # whole or absent: concurrent runs never read half a file
    except (OSError, ValueError, pickle.PicklingError):  # ValueError: a value marshal cannot hold
        try:
            os.unlink(tmp)
        except OSError:
            pass


# The record classes' methods, compiled once. dataclasses writes each class's __init__, __repr__,
# __eq__, __hash__ and a frozen class's __setattr__/__delattr__ as source text and compiles it at
# every import: ~450 µs a frozen slotted class, ~13 ms of the ~32 classes a cold run makes (a tenth
# of `mzparse extract FILE`). :func:`dataclass` keeps the code objects of those texts on disk, a
# marshal file a module (as a .pyc keeps a module's code, and in the same private folder as the
# rest), keyed by the text itself: a changed class writes new text, which is compiled.
_code_lock = threading.RLock()   # re-entrant: a class made while another is being made (it never is today)
_code: dict[str, tuple[str, dict]] = {}   # module -> (its file, {source text: code object}), read once a module


def _new_code_lock() -> None:
    global _code_lock
    _code_lock = threading.RLock()


if hasattr(os, "register_at_fork"):   # a child forked while another thread held it starts unlocked
    os.register_at_fork(after_in_child=_new_code_lock)


def dataclass(cls=None, /, **params):
    """:func:`dataclasses.dataclass` (the same class, field for field and method for method), with
    the code of the methods it writes read from the cache instead of compiled at each import."""
    def wrap(cls):
        module = sys.modules.get(cls.__module__)
        source = getattr(module, "__file__", None)
        where = usable_cache_dir() if source else None
        if where is None:
            return dataclasses.dataclass(cls, **params)
        with _code_lock:
            return _with_kept_code(where, cls.__module__, source, lambda: dataclasses.dataclass(cls, **params))

    return wrap if cls is None else wrap(cls)


def _with_kept_code(where: Path, module: str, source: str, make: Callable[[], T]) -> T:
    got = _code.get(module)
    if got is None:
        # One file per module's content: an edit of the module starts a new file, not a growing one.
        try:
            digest = file_digest(source)
        except OSError:   # a module without its source beside it (bytecode only): compiled as usual
            return make()
        path = _path(where, "dataclass", f"{sys.version}\0{module}\0{digest}", "marshal")
        kept = _read(path, "marshal")
        got = _code[module] = (path, kept if type(kept) is dict else {})
    path, kept = got   # (the module's file and table, found at its first class: not again at each)
    added = []

    def kept_exec(text, globals=None, locals=None):
        if type(text) is not str:
            return exec(text, globals, locals)
        code = kept.get(text)
        if type(code) is not CodeType:
            # dont_inherit: this module's `from __future__ import annotations` would turn the
            # methods' annotations into their local names' strings ('_type_path').
            code = kept[text] = compile(text, "<string>", "exec", dont_inherit=True)
            added.append(text)
        return exec(code, globals, locals)

    # dataclasses calls exec() by its global name: a module global of that name stands in for the
    # builtin while this class is made (the lock keeps two of ours apart; a class another thread
    # makes meanwhile is compiled by kept_exec as exec would).
    before = vars(dataclasses).get("exec", _MISSING)
    dataclasses.exec = kept_exec
    try:
        made = make()
    finally:
        if before is _MISSING:
            del dataclasses.exec
        else:
            dataclasses.exec = before
    if added:
        _write(path, dict(kept), "marshal")   # a copy: no other thread's addition while it is dumped
    return made
