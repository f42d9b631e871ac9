"""Build ``src/govreport_nlp/data/regions.tsv`` from a published division code list.

The source is the ``adcodes.csv`` that the cpca package (MIT licence) ships: 12-digit
行政区划代码 of provinces, prefectures and counties.  Usage::

    pip download cpca==0.5.5 --no-deps -d /tmp/cpca && unzip /tmp/cpca/*.whl -d /tmp/cpca
    python scripts/build_regions.py /tmp/cpca/cpca/resources/adcodes.csv

Rows keep the 6-digit code, the name, the parent's code and the level; the placeholder rows
(市辖区, 县, 省直辖县级行政区划) are dropped and their children hang from the province.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "govreport_nlp" / "data" / "regions.tsv"
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def main(source: str) -> None:
    names: dict[str, str] = {}
    with open(source, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            names[row["adcode"][:6]] = row["name"]
    rows = []
    for code, name in sorted(names.items()):
        if name in PLACEHOLDERS:
            continue
        if code.endswith("0000"):
            level, parent = "province", ""
        elif code.endswith("00"):
            level, parent = "prefecture", code[:2] + "0000"
        else:
            level = "county"
            prefecture = code[:4] + "00"
            keep = prefecture in names and names[prefecture] not in PLACEHOLDERS
            parent = prefecture if keep else code[:2] + "0000"
        rows.append((code, name, parent, level))
    with open(OUT, "w", encoding="utf-8", newline="") as out:
        out.write(
            "# Administrative divisions (行政区划代码, 6 digits): provinces, prefectures,\n"
            "# counties.\n"
            "# Built by scripts/build_regions.py from the adcodes.csv of the cpca package (MIT\n"
            "# licence), itself from the published national code list. parent: the enclosing\n"
            "# division (a municipality's districts and a province's directly governed counties\n"
            "# hang from the province). Read by govreport_nlp.structure.issuer.\n"
            "code\tname\tparent\tlevel\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
    print(f"{len(rows)} regions written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
