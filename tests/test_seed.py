"""The seed report in corpora/: byte for byte the one in ../shared/seed, and read as what it is."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import SHARED, needs_shared
from govreport_nlp import parse
from govreport_nlp.models import Genre, Script

SEED = Path(__file__).resolve().parents[1] / "corpora" / "2012_benxi.txt"


@needs_shared
def test_seed_is_byte_for_byte_the_shared_copy() -> None:
    shared = SHARED / "seed" / "2012_benxi.txt"
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() == hashlib.sha256(
        shared.read_bytes()).hexdigest()


def test_seed_reads_as_benxi_2012_disclosure_report_in_traditional() -> None:
    report = parse(SEED)
    assert report.meta.genre is Genre.INFO_DISCLOSURE
    assert report.meta.year == 2012
    assert report.meta.script is Script.TRADITIONAL
    assert report.meta.issuer is not None and "本溪" in report.meta.issuer
    assert len(report.indicators) > 10
    for figure in report.indicators:
        assert report.text[figure.start:figure.end] == figure.text
