"""Word segmentation with jieba, loaded once and only when needed.

jieba runs on the project's own vocabulary (lang/places.txt, built from
jieba's dictionary by scripts/build_places.py: its place names and its common
two-character words; plus the agency vocabulary), not its full dictionary: the
questions asked are where a body's name starts inside a run of Han characters
(经潍坊市人民政府 → 潍坊市; 直辖市民政局 holds no 市民政局; 印发市人大常委会 → 市人大常委会)
and which place a title begins with, and the full dictionary would cost ~0.8 s
of every run. Unknown stretches fall apart into single characters (HMM off),
which agencies._trim_place reads as an unknown place name (乌兰察布市).
"""
from __future__ import annotations

from functools import lru_cache
from types import ModuleType


def _import_jieba():
    """``import jieba``, without letting it import pkg_resources.

    jieba uses pkg_resources only to find its own data files and falls back to
    their path when it is missing; setuptools' pkg_resources takes ~80 ms to
    import, half of jieba's import time and a sixth of a cold run.
    """
    import sys

    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba
        return jieba
    sys.modules["pkg_resources"] = None  # makes `import pkg_resources` raise ImportError
    # jieba's HMM (jieba.finalseg, 10 ms of tables) is never used here (HMM off): a stand-in
    # loads it on first use, for any other user of jieba in the same process.
    sys.modules.setdefault("jieba.finalseg", _LazyModule("jieba.finalseg"))
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


class _LazyModule(ModuleType):
    """A module imported on its first attribute use (then it stands in for it)."""

    def __getattr__(self, attr: str):
        import importlib
        import sys

        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        real = importlib.import_module(self.__name__)
        self.__dict__.update({k: v for k, v in vars(real).items() if k != "__name__"})
        return getattr(real, attr)


@lru_cache(maxsize=1)
def _tokenizer():
    import hashlib
    import logging
    import sys

    from . import grammar

    jieba = _import_jieba()
    jieba.setLogLevel(logging.WARNING)
    places = grammar.data_path("lang/places.txt")
    # The agency vocabulary: whole bodies and place names must come out as single words,
    # so that a place name's first character is a word boundary (支持/潍坊市, 人民银行/南京/分行);
    # the verbs of official texts before a body (印发/市人大常委会), and the departments'
    # cores, which must not fall apart into other words (直辖市/民政/局, not 直辖/市民/政局).
    vocab = grammar.load("lang/agencies")
    words = (vocab["known"] + vocab["places"] + vocab["segmentation_words"]
             + [c for c in vocab["cores"] if len(c) > 1] + vocab["suffixes"] + vocab["organs"])
    tk = jieba.Tokenizer(dictionary=str(places))

    def prefix_dict():
        tk.FREQ, tk.total = tk.gen_pfdict(tk.get_dict_file())
        tk.initialized = True
        for word in words:
            tk.add_word(word, freq=100000)
        return tk.FREQ, tk.total

    # The prefix dictionary (every word and its prefixes, with the total frequency) is
    # what jieba's initialize() builds or reads from its own cache with marshal.load,
    # which takes 18 ms on a file object; kept with the compiled grammars it loads in 3.
    key = hashlib.sha256(places.read_bytes() + "\n".join(words).encode()).hexdigest()
    tk.FREQ, tk.total = grammar.cached("jieba", f"{jieba.__version__}\0{sys.version}\0{key}", prefix_dict,
                                        lambda v: isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], dict))
    tk.initialized = True
    return tk


@lru_cache(maxsize=4096)
def cut(line: str) -> tuple[str, ...]:
    """A line → its words by jieba (with the place names and vocabulary added), no HMM guessing."""
    return tuple(_tokenizer().cut(line, HMM=False))
