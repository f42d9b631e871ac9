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
     [("因政府信息公开工作被申请行政复议案件", "件"), ("因政府信息公开工作行政诉讼案件", "件")]),
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
