"""jieba's HMM tables load only when something uses them (mzparse never does)."""
import subprocess
import sys

CHILD = """
import sys
from mzparse.lang import segment
assert segment.cut("经潍坊市人民政府批准") == ("经", "潍坊市", "人民政府", "批准"), segment.cut("经潍坊市人民政府批准")
print("loaded after mzparse:", "jieba.finalseg.prob_emit" in sys.modules)
import jieba
# Another user of jieba in the same process still has its HMM: it loads on first use.
words = list(jieba.finalseg.cut("潍坊市人民政府"))
assert "".join(words) == "潍坊市人民政府" and len(words) > 1, words
print("loaded after use:", "jieba.finalseg.prob_emit" in sys.modules)
"""


def test_hmm_tables_load_on_first_use_only():
    out = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["loaded after mzparse: False", "loaded after use: True"]
