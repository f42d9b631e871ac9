"""Zeros a disclosure report states in words (issue 17): one figure per counted thing, named
by what it counts, in that thing's unit.  Sentences from the corpus (file named) and the
wordings the issue lists from reports held aside."""

from __future__ import annotations

import pytest

from govreport_nlp.figures.indicators import find_implicit
from govreport_nlp.models import Genre

CASES = [
    # 2012 本溪 (the seed, simplified)
    ("2012年,我市没有因政府信息公开问题出现申请行政复议和提起行政诉讼的案件。",
     [("因政府信息公开申请行政复议案件", "件"), ("因政府信息公开行政诉讼案件", "件")]),
    ("依法为申请人提供了政府信息,未向申请人收取任何费用。", [("向申请人收取费用", "元")]),
    # 2014 东阳
    ("全县各级行政机关在提供政府信息时均未收取任何费用。", [("收取费用", "元")]),
    ("全县未发生因政府信息公开申请提起行政复议和行政诉讼的案件。",
     [("因政府信息公开申请行政复议案件", "件"), ("因政府信息公开行政诉讼案件", "件")]),
    # 2013 清河 (Traditional, as simplified for analysis)
    ("全年没有发生因政府资讯公开申请行政复议和提起行政诉讼的情况。",
     [("因政府资讯公开申请行政复议案件", "件"), ("因政府资讯公开行政诉讼案件", "件")]),
    # 2024 上海科委, 2025 上海市政府办公厅
    ("市科委未发生政府信息公开收费事项。", [("政府信息公开收费", "元")]),
    ("全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。",
     [("因依申请公开被行政复议纠错", "件"), ("因依申请公开行政诉讼败诉", "件")]),
    ("2025年度本机关未收取信息公开处理费。", [("收取信息公开处理费", "元")]),
    # wordings of reports held aside (issue 17)
    ("本年度未收到政府信息公开申请。", [("收到政府信息公开申请", "件")]),
    ("全年未收到政府信息公开申请，未收取任何费用。",
     [("收到政府信息公开申请", "件"), ("收取费用", "元")]),
    ("本机关未因政府信息公开工作被申请行政复议或提起行政诉讼。",
     [("因政府信息公开工作行政复议案件", "件"), ("因政府信息公开工作行政诉讼案件", "件")]),
    ("无因政府信息公开引起的行政复议、行政诉讼案件。",
     [("因政府信息公开行政复议案件", "件"), ("因政府信息公开行政诉讼案件", "件")]),
    ("全年无政府信息公开申请。", [("政府信息公开申请", "件")]),
    # not zeros
    ("对未收到申请人补正材料的申请，不予处理。", []),
    ("无需申请即可查阅。", []),
    ("未来将进一步完善行政复议工作机制。", []),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:24] for c in CASES])
def test_zero_stated_in_words(sentence: str, expected: list[tuple[str, str]]) -> None:
    found = find_implicit(sentence, genre=Genre.INFO_DISCLOSURE)
    assert [(f.name, f.unit) for f in found] == expected
    assert all(f.value == 0 and sentence[f.start : f.end] for f in found)


def test_work_reports_state_no_implicit_zeros() -> None:
    assert find_implicit("未收取任何费用。", genre=Genre.WORK_REPORT) == []


# --------------------------------------------------------------------------- issue 17 measure
# Every zero-in-words statement of the corpus disclosure texts (info_disclosure, written_cases,
# the seed and 清河 in Traditional script, as they are written) and the usual wordings of
# disclosure reports of every era, each with the figures a spelled-out report would print:
# (name, unit), value 0.  Scored like ``evaluate``: a figure is found and named when one
# predicted figure has the same value and unit and a name of char-F1 >= 0.5.
APP, FEE = ("政府信息公开申请", "件"), ("收取费用", "元")
REVIEW, SUIT = ("行政复议案件", "件"), ("行政诉讼案件", "件")
WORDING_CASES = [
    # corpus: 2012 本溪 (Traditional), 2013 清河 (Traditional), 2014 东阳
    ("依據規定分別向申請人提供了政府信息,未向申請人收取任何費用。", [FEE]),
    ("2012年,我市沒有因政府信息公開問題出現申請行政複議和提起行政訴訟的案件發生。", [REVIEW, SUIT]),
    ("全年未收取任何費用。", [FEE]),
    ("全年沒有發生因政府資訊公開申請行政複議和提起行政訴訟的情況。", [REVIEW, SUIT]),
    ("全县各级行政机关在提供政府信息时均未收取任何费用。", [FEE]),
    ("2014年，全县未发生因政府信息公开申请提起行政复议和行政诉讼的案件。", [REVIEW, SUIT]),
    # corpus: 2024 上海科委, 2025 上海市政府办公厅
    ("2024 年，市科委未发生政府信息公开收费事项。", [("政府信息公开收费", "元")]),
    ("全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。",
     [("因依申请公开被行政复议纠错", "件"), ("因依申请公开行政诉讼败诉", "件")]),
    ("2025 年度本机关未收取信息公开处理费。", [("信息公开处理费", "元")]),
    # wordings of reports held aside (issue 17) and of other disclosure reports
    ("本年度未收到政府信息公开申请。", [APP]),
    ("全年未收到政府信息公开申请，未收取任何费用。", [APP, FEE]),
    ("全年未收到依申请公开政府信息的申请。", [APP]),
    ("本年度未收到公民、法人或其他组织提出的政府信息公开申请。", [APP]),
    ("未接到政府信息公开申请。", [APP]),
    ("本年度未受理政府信息公开申请。", [APP]),
    ("全年无政府信息公开申请。", [APP]),
    ("全年未收到政府信息公开申请件。", [APP]),
    ("本机关未因政府信息公开工作被申请行政复议或提起行政诉讼。", [REVIEW, SUIT]),
    ("无因政府信息公开引起的行政复议、行政诉讼案件。", [REVIEW, SUIT]),
    ("未发生政府信息公开申请行政复议、行政诉讼的情况。", [REVIEW, SUIT]),
    ("没有发生因政府信息公开引起的行政复议和行政诉讼案件。", [REVIEW, SUIT]),
    ("本年度无因政府信息公开工作而被申请行政复议、提起行政诉讼的情况。", [REVIEW, SUIT]),
    ("全年未发生因政府信息公开引发的行政复议和行政诉讼。", [REVIEW, SUIT]),
    ("本年度无政府信息公开行政复议、行政诉讼案件。", [REVIEW, SUIT]),
    ("未出现因政府信息公开申请而被提起行政复议或行政诉讼的情况。", [REVIEW, SUIT]),
    ("本单位未发生政府信息公开方面的行政复议和行政诉讼。", [REVIEW, SUIT]),
    ("本年度我局未发生因政府信息公开而引起的行政复议、行政诉讼案件。", [REVIEW, SUIT]),
    ("本年度未发生行政复议、行政诉讼情况。", [REVIEW, SUIT]),
    ("没有因政府信息公开工作被申请行政复议或提起行政诉讼的情况。", [REVIEW, SUIT]),
    ("未发生针对本机关的政府信息公开行政复议和行政诉讼。", [REVIEW, SUIT]),
    ("未收到行政复议申请和行政诉讼。", [REVIEW, SUIT]),
    ("本年度未收到政府信息公开申请，也未发生政府信息公开行政复议和行政诉讼案件。",
     [APP, REVIEW, SUIT]),
    ("本年度没有收到政府信息公开申请，因此无政府信息公开收费情况。",
     [APP, ("政府信息公开收费", "元")]),
    ("本年度，未收到政府信息公开申请，没有收取任何费用，未发生行政复议、行政诉讼。",
     [APP, FEE, REVIEW, SUIT]),
    ("未发生政府信息公开收费情况。", [("政府信息公开收费", "元")]),
    ("本机关未收取政府信息公开费用。", [("政府信息公开费用", "元")]),
    ("全年没有收取任何费用。", [FEE]),
    ("依申请公开未收取任何费用。", [FEE]),
    ("本年度未收到有关政府信息公开的投诉和举报。",
     [("政府信息公开投诉", "件"), ("政府信息公开举报", "件")]),
    ("全年政府信息公开申请为零。", [APP]),
    # fresh wordings, written down and scored before the rules below them were fixed
    # (20 sentences, 30 zeros: 23 found and named = 0.767, 3 extra; after 30/30, 0 extra)
    ("本年度本机关未收到政府信息公开申请，无行政复议、行政诉讼情况。", [APP, REVIEW, SUIT]),
    ("全年无因政府信息公开引发的行政复议、行政诉讼。", [REVIEW, SUIT]),
    ("2023年未发生政府信息公开行政复议、行政诉讼案件。", [REVIEW, SUIT]),
    ("本年度没有收取政府信息公开相关费用。", [FEE]),
    ("依申请提供政府信息未收取费用。", [FEE]),
    ("我局全年未收到依申请公开件。", [APP]),
    ("未发生针对我局政府信息公开工作的行政复议和行政诉讼。", [REVIEW, SUIT]),
    ("没有发生政府信息公开收费和减免情况。", [("政府信息公开收费", "元")]),
    ("本年度未产生信息公开处理费。", [("信息公开处理费", "元")]),
    ("全年未有政府信息公开申请。", [APP]),
    ("本单位全年未接收政府信息公开申请。", [APP]),
    ("本年度暂未收到政府信息公开申请。", [APP]),
    ("本年度我办没有收到任何政府信息公开申请。", [APP]),
    ("2024年度，本机关未收到政府信息公开申请，也没有因政府信息公开被申请行政复议或提起行政"
     "诉讼的情况。", [APP, REVIEW, SUIT]),
    ("没有向申请人收取检索、复制、邮寄等费用。", [FEE]),
    ("全年没有发生一起因政府信息公开引起的行政复议或行政诉讼。", [REVIEW, SUIT]),
    ("本年度无依申请公开政府信息情况。", [APP]),
    ("全年未收到政府信息公开申请，故无收费情况。", [APP, FEE]),
    ("本机关未发生政府信息公开行政复议及行政诉讼案件。", [REVIEW, SUIT]),
    ("本年度未收到申请公开政府信息的申请。", [APP]),
    # not zeros: the corpus's 未/无/没有 that state no count, and goals, conditions, rules
    ("未来将进一步完善行政复议工作机制。", []),
    ("未能及时更新。", []),
    ("无论是主动公开还是依申请公开，均严格审查。", []),
    ("经审查，并无不妥。", []),
    ("未经审核的信息一律不准发布。", []),
    ("4.无正当理由大量反复申请。", []),
    ("2.没有现成信息需要另行制作。", []),
    ("申请人逾期未按收费通知要求缴纳费用。", []),
    ("该行政复议件未被复议审查机关纠错。", []),
    ("尚未审结。", []),
    ("未经复议直接起诉。", []),
    ("无法提供。", []),
    ("对未收到申请人补正材料的申请，不予处理。", []),
    ("无需申请即可查阅。", []),
    ("未予公开的信息不得收取费用。", []),
    ("对申请人提出的政府信息公开申请未按期答复的，依法追究责任。", []),
    ("确保没有出现因信息公开不当引发的行政复议。", []),
    ("如未收到答复，申请人可申请行政复议。", []),
    ("关停更新不及时、无力运维的政务新媒体账号。", []),
    # 上海市政府办公厅 2019 (a crawled page in a public repository): a part with nothing to
    # report, and a count that is not a zero
    ("六、其他需要报告的事项无。", []),
    ("信息公开类行政复议7件，诉讼9件，均获维持，继续保持了省级政府零败诉的记录。", []),
]
# Written after the round above, by someone who had not read the rules' cases, and scored
# before any rule was changed for them (2026-12-08): 14/15 = 0.933 found and named, 0 extra,
# the 4 negatives clean — the out-of-sample estimate for issue 17's >= 0.8.
COMPLAINTS = ("政府信息公开投诉举报", "件")
FRESH_WORDINGS = [
    ("本年度未发生政府信息公开行政复议案件。", [REVIEW]),
    ("全年没有收到公民、法人或其他组织提出的政府信息公开申请。", [APP]),
    ("在提供政府信息过程中未收取任何检索、复制、邮寄等费用。", [FEE]),
    ("本机关未因政府信息公开工作被申请行政复议或提起行政诉讼。", [REVIEW, SUIT]),
    ("全年无涉及政府信息公开的投诉举报。", [COMPLAINTS]),
    ("未出现因政府信息公开引发的行政诉讼。", [SUIT]),
    ("2023年度无依申请公开政府信息情况。", [("依申请公开政府信息", "件")]),
    ("报告期内无政府信息公开行政复议、行政诉讼情况。", [REVIEW, SUIT]),
    ("我局今年未接到政府信息公开申请。", [APP]),
    ("本年度未向申请人收取信息处理费。", [("收取信息处理费", "元")]),
    ("全年未发生因政府信息公开引起的行政复议和行政诉讼案件。", [REVIEW, SUIT]),
    ("没有出现政府信息公开方面的举报投诉。", [("政府信息公开举报投诉", "件")]),
    ("未来将进一步加强政府信息公开工作。", []),
    ("无论线上还是线下，均及时受理申请。", []),
    ("部分栏目存在未能及时更新的问题。", []),
    ("尚未完全实现政务公开标准化。", []),
]
WORDING_CASES += FRESH_WORDINGS
# wordings the rules do not read yet (strict: a fix must move the case out of this set)
WORDING_MISSES: set[str] = {
    "全年无涉及政府信息公开的投诉举报。",  # 无 + 涉及…的 + a topic not in the zero vocabulary
}


def _found_and_named(sentence: str, expected: list[tuple[str, str]]) -> tuple[int, int]:
    """(expected figures found and named, predicted figures matching none), scored greedily."""
    from govreport_nlp.evaluate import char_f1
    from govreport_nlp.text.normalise import normalise

    found = find_implicit(normalise(sentence).text, genre=Genre.INFO_DISCLOSURE)
    free = [(f.name, f.unit) for f in found if f.value == 0]
    hits = 0
    for name, unit in expected:
        best = max((p for p in free if p[1] == unit), key=lambda p: char_f1(p[0], name),
                   default=None)
        if best is not None and char_f1(best[0], name) >= 0.5:
            free.remove(best)
            hits += 1
    return hits, len(free) + len(found) - len([f for f in found if f.value == 0])


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [pytest.param(s, e, marks=pytest.mark.xfail(strict=True) if s in WORDING_MISSES else (),
                  id=s[:24]) for s, e in WORDING_CASES],
)
def test_zero_wording_found_and_named(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _found_and_named(sentence, expected) == (len(expected), 0)


def test_found_and_named_share() -> None:
    """Issue 17 target: >= 0.8 of the zeros found and named, no figure where none is stated.

    Measured on WORDING_CASES (81 sentences: 60 with 96 zeros, 21 negatives): before this
    round's rules 56/66 = 0.848 found and named on the first 61 sentences, 2 extra (确保没有
    出现…; a name too long to agree); after 66/66 = 1.000, 0 extra.  In-sample: the rules were
    fixed on these cases.  The 20 fresh wordings added after that, scored before their
    fixes: 23/30 = 0.767, 3 extra; after 30/30, 0 extra; all 96/96.  FRESH_WORDINGS (16
    sentences, 15 zeros, written and scored before any rule change): 14/15 = 0.933, 0 extra.
    """
    hits = extra = total = 0
    for sentence, expected in WORDING_CASES:
        h, x = _found_and_named(sentence, expected)
        hits, extra, total = hits + h, extra + x, total + len(expected)
    assert hits / total >= 0.8
    assert extra == 0


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("全年共收到政府信息公开申请813件次。全年无政府信息公开申请。", "件次"),
        ("本年新收政府信息公开申请 12 件。全年无政府信息公开申请。", "件"),
        ("全年无政府信息公开申请。", "件"),
    ],
    ids=["report-counts-in-件次", "report-counts-in-件", "no-count-elsewhere"],
)
def test_zero_takes_the_unit_the_report_counts_in(text: str, unit: str) -> None:
    found = find_implicit(text, genre=Genre.INFO_DISCLOSURE)
    assert [f.unit for f in found] == [unit]
