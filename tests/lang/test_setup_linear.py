"""Set-up bodies in a long line: the clause before each is found without rescanning the line."""
from mzparse.lang import agencies


class CountingPattern:
    """_CLAUSE_START, counting how many characters its scans cover."""

    def __init__(self, rx):
        self.rx, self.scanned = rx, 0

    def finditer(self, text, pos=0, endpos=None):
        endpos = len(text) if endpos is None else endpos
        self.scanned += endpos - pos
        return self.rx.finditer(text, pos, endpos)


def test_clause_starts_scanned_once_per_line(monkeypatch):
    # A page whose line breaks were lost: many sentences, each setting up a body.
    sentence = "为加强协调，省政府成立了全省养老服务工作领导小组；"
    work = sentence * 200
    counting = CountingPattern(agencies._CLAUSE_START)
    monkeypatch.setattr(agencies, "_CLAUSE_START", counting)
    found = agencies._set_up(work, 0, len(work))
    assert len(found) == 200 and {m.text for m in found} == {"全省养老服务工作领导小组"}
    assert counting.scanned <= 2 * len(work)  # a scan back from each match covered ~100 times as much


def test_the_clause_is_the_one_before_the_verb():
    # 各级 in the same clause makes it a class (each locality sets one up); in the clause before, it does not.
    work = "各级普遍成立了老龄工作委员会。省政府成立了养老服务工作领导小组。"
    assert [m.text for m in agencies._set_up(work, 0, len(work))] == ["养老服务工作领导小组"]
