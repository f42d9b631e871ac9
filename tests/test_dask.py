"""Dask: a real two-process cluster gives exactly the single-process records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import SHARED, needs_shared
from govreport_nlp.deliver.batch import parse_records
from govreport_nlp.deliver.frames import INDICATOR_COLUMNS, to_dataframe

distributed = pytest.importorskip("distributed")
gr_dask = pytest.importorskip("govreport_nlp.deliver.dask")

# A handful of corpus files of different formats: enough to spread over two workers.
CORPUS_FILES = (
    "info_disclosure/2024_hongzequ.txt",
    "info_disclosure/raw_formats/2023_hongzequ.pdf",
    "work_reports/1954_guowuyuan.txt",
    "work_reports/raw_formats/2020_guowuyuan.govcn_fragment.html",
    "work_reports/raw_formats/2025_hainansheng.docx",
    "work_reports/raw_formats/2012_hailaerqu.gbk.txt",
)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as local, \
            distributed.Client(local) as client:
        yield client


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    if (SHARED / "corpora").is_dir():
        paths = [str(SHARED / "corpora" / name) for name in CORPUS_FILES]
    else:  # still exercise the cluster without ../shared
        folder = tmp_path_factory.mktemp("dask")
        paths = []
        for i in range(6):
            path = folder / f"{i}.txt"
            path.write_text(f"全年受理政府信息公开申请{i + 90}件。", encoding="utf-8")
            paths.append(str(path))
    broken = tmp_path_factory.mktemp("broken") / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 garbage")
    return [*paths[:3], str(broken), *paths[3:]]


@pytest.fixture(scope="module")
def single(inputs: list[str]) -> list[dict[str, Any]]:
    return list(parse_records(inputs))


@pytest.mark.slow
def test_bag_equals_single_process(cluster: Any, inputs: list[str],
                                   single: list[dict[str, Any]]) -> None:
    bag = gr_dask.to_bag(inputs, partition_size=2)
    assert bag.npartitions == 4
    assert bag.compute() == single
    assert sum("error" in r for r in single) == 1


@pytest.mark.slow
def test_dataframe_equals_single_process(cluster: Any, inputs: list[str],
                                         single: list[dict[str, Any]]) -> None:
    # Three inputs (one record each) are enough here; the bag test covers them all.
    frame = gr_dask.to_dataframe(inputs[:3], partition_size=1).compute()
    frame = frame.reset_index(drop=True)
    expected = to_dataframe(single[:3])
    assert len(expected) > 0
    assert list(frame.columns) == [name for name, _ in INDICATOR_COLUMNS]
    assert frame.equals(expected)


@pytest.mark.slow
def test_cli_on_the_cluster(cluster: Any, inputs: list[str], single: list[dict[str, Any]],
                            capsys: pytest.CaptureFixture[str]) -> None:
    from govreport_nlp.cli import main

    address = cluster.scheduler.address
    assert main(["parse", "--dask", address, *inputs]) == 1
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert records == single


@needs_shared
@pytest.mark.slow
def test_archive_into_a_bag(cluster: Any, tmp_path: Path,
                            single: list[dict[str, Any]], inputs: list[str]) -> None:
    import zipfile

    archive = tmp_path / "some.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in inputs:
            zf.write(path, arcname=Path(path).name)
    records = gr_dask.to_bag(str(archive), partition_size=3).compute()
    # members in walk order (names sorted), as the same files in a folder
    order = sorted(range(len(inputs)), key=lambda i: Path(inputs[i]).name)
    assert [r["source"] for r in records] == [f"{archive}!{Path(inputs[i]).name}" for i in order]
    assert [_without_source(r) for r in records] == [_without_source(single[i]) for i in order]


def _without_source(record: dict[str, Any]) -> dict[str, Any]:
    """The record minus what names the input (the source, and error messages quoting it)."""
    out = {k: v for k, v in record.items() if k != "source"}
    if "error" in out:
        out["error"] = {"type": out["error"]["type"]}
    return out


def test_empty_inputs() -> None:
    assert gr_dask.to_bag([]).compute() == []
    assert len(gr_dask.to_dataframe([]).compute()) == 0
