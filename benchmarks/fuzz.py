"""Fuzz the batch API: generated strings, damaged files of every format, hostile archives.

    python benchmarks/fuzz.py --cases 100000                # the issue-19 run
    python benchmarks/fuzz.py --cases 2000 --seed 7         # a quick look
    python benchmarks/fuzz.py --cases 100000 --shards 2     # two processes, half each

Every case is built here, from a seeded generator (no file is read): text in several
encodings; ``txt``/``html``/``docx``/``pdf``/``xlsx``/``ofd``/``zip``/``tar``/``jsonl`` files,
well formed, then damaged (cut, bytes flipped, ranges overwritten or zeroed, chunks inserted or
repeated); and hostile archives (path traversal, absolute names, links, devices, bombs by size
and by ratio, deep nesting, thousands of members, unsupported compression, GBK names, a .docx
bomb).  A share of the cases is 1 MB (``--large``: digit runs, spaced digits, comma groups,
dense figures, one long line, deep HTML, whitespace).

The cases go through :func:`govreport_nlp.deliver.batch.iter_groups` (records as output
dicts, serialising inside the per-input boundary) in chunks of ``--chunk`` inputs, one process
per shard.  Reported:

- *untyped errors*: error records whose type is not one of ``govreport_nlp.errors``;
- *batch aborts*: ``iter_groups`` raising (the chunk is then retried one input at a time, so
  the input that did it is named);
- *unaccounted*: an input with no record at all;
- *unserialisable*: a record ``json.dumps(allow_nan=False)`` cannot write (NaN, Infinity);
- *hangs*: an input that takes more than ``--hang`` CPU seconds alone (default 10; a chunk
  whose records come slower than that is re-timed input by input), and any
  ``DocumentTimeoutError`` record; the slowest inputs are listed with their size.

Exit status 1 if any count is not 0.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import random
import subprocess
import sys
import tarfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from govreport_nlp import errors
from govreport_nlp.deliver.batch import iter_groups

MB = 1 << 20
TYPED = {
    name
    for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, errors.GovReportError)
}

# --- generated text ---------------------------------------------------------------------------

SENTENCES = [
    "全年主动公开政府信息2847条，较上年增加312条，增长12.3%。",
    "受理政府信息公开申请1,252件，其中予以公开56件，约占三成。",
    "地区生产总值达到3.78万亿元，比上年增长5%左右；近1亿农村贫困人口实现脱贫。",
    "二、主动公开政府信息情况",
    "第二十条 第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 1 0 11",
    "行政许可 447228\n行政处罚 3985758\n行政事业性收费 96171.6",
    "各位代表：现在，我代表市人民政府，向大会报告政府工作，请予审议。",
    "四、政府信息公开行政复议、行政诉讼情况\n1 1 0 0 2 1 0 0 0 1 2 0 1 0 3",
    "政府資訊公開工作年度報告\n一、總體情況\n受理申請１２件，約佔三成。",
    "由8300万增加到1亿3千多万，分别达1409万、1305万人次。",
    "1 9 9 8 年外贸进出口总额 1 9 4 亿美元，增长 8 ．8 ％。",
    "<p>全年办理人大代表建议<b>120</b>件</p>",
]
PIECES = [
    "1", "1 ", "123,", "1,", "1.", "一", "十", "一二三四五六七八九十百千万亿", "政", " ",
    "\u3000", "\t", "\n", "\r\n", "\n\n", "%", "万元", "亿", "件", "（", "）", "(", ")",
    "一、", "（一）", "第一章", "- 1 -\n", "—", "“", "”", "，", "。", "、", "；", "：", "三分之",
    "百分之", "约", "近", "以上", "左右", "至", "~", "\x00", "\ufeff", "\u200b", "𠀀", "ﬁ",
    "<", ">", "&amp;", "|", "0", "9" * 30, ".5", "２０２４年", "二〇二四年",
]


def random_text(rng: random.Random, size: int) -> str:
    parts: list[str] = []
    length = 0
    while length < size:
        roll = rng.random()
        if roll < 0.35:
            piece = rng.choice(SENTENCES)
        elif roll < 0.8:
            piece = rng.choice(PIECES) * rng.choice((1, 1, 2, 3, 10, 100, 1000))
        elif roll < 0.9:
            piece = "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(rng.randrange(40)))
        else:
            piece = "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(rng.randrange(20)))
        parts.append(piece)
        length += len(piece)
    return "".join(parts)[:size]


def encode(rng: random.Random, text: str) -> bytes:
    roll = rng.random()
    if roll < 0.75:
        return text.encode("utf-8")
    if roll < 0.85:
        return text.encode("gb18030", errors="replace")
    if roll < 0.9:
        return text.encode("utf-16")
    if roll < 0.95:
        return text.encode("utf-8")[: rng.randrange(1, max(2, len(text) * 3))]
    return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))


# --- well-formed files of every format --------------------------------------------------------


def _zip(members: dict[str, bytes | str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _tar(members: dict[str, bytes], mode: str = "w") -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode=mode) as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def make_txt(text: str) -> bytes:
    return text.encode("utf-8")


def make_html(text: str) -> bytes:
    body = "".join(f"<p>{_esc(line)}</p>" for line in text.splitlines())
    table = "<table><tr><td>规章</td><td>1</td><td>0</td></tr><tr><td>行政许可</td><td>9</td></tr>"
    page = f"<html><head><title>报告</title></head><body>{body}{table}</table></body></html>"
    return page.encode()


def make_docx(text: str) -> bytes:
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paragraphs = "".join(
        f"<w:p><w:r><w:t>{_esc(line)}</w:t></w:r></w:p>" for line in text.splitlines()
    )
    table = ("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>规章</w:t></w:r></w:p></w:tc>"
             "<w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc></w:tr></w:tbl>")
    return _zip({
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats'
        '.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>",
        "word/document.xml": f'<?xml version="1.0"?><w:document {ns}><w:body>{paragraphs}'
        f"{table}</w:body></w:document>",
    })


def make_xlsx(text: str) -> bytes:
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    lines = text.splitlines()[:50] or [""]
    shared = "".join(f"<si><t>{_esc(line)}</t></si>" for line in lines)
    rows = "".join(
        f'<row r="{i + 1}"><c r="A{i + 1}" t="s"><v>{i}</v></c><c r="B{i + 1}"><v>{i * 7}</v></c>'
        "</row>"
        for i in range(len(lines))
    )
    return _zip({
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats'
        '.org/package/2006/content-types"/>',
        "xl/workbook.xml": f'<workbook {ns} xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="表1" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
        '.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
        "xl/sharedStrings.xml": f"<sst {ns}>{shared}</sst>",
        "xl/worksheets/sheet1.xml": f"<worksheet {ns}><sheetData>{rows}</sheetData></worksheet>",
    })


def make_ofd(text: str) -> bytes:
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    objects = "".join(
        f'<ofd:TextObject Boundary="10 {10 + 6 * i} 150 6" Size="4" Font="1">'
        f'<ofd:TextCode X="0" Y="4">{_esc(line)}</ofd:TextCode></ofd:TextObject>'
        for i, line in enumerate(text.splitlines()[:40])
    )
    return _zip({
        "OFD.xml": f'<ofd:OFD {ns} Version="1.0"><ofd:DocBody><ofd:DocInfo><ofd:Title>报告'
        "</ofd:Title></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody>"
        "</ofd:OFD>",
        "Doc_0/Document.xml": f"<ofd:Document {ns}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>"
        '0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID="0"'
        ' BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>',
        "Doc_0/Pages/Page_0/Content.xml": f"<ofd:Page {ns}><ofd:Content><ofd:Layer>{objects}"
        "</ofd:Layer></ofd:Content></ofd:Page>",
    })


def make_pdf(text: str) -> bytes:
    """A one-page PDF with a Helvetica text layer (the ASCII of ``text``: digits survive)."""
    ascii_lines = [line.encode("ascii", "ignore").decode() for line in text.splitlines()[:40]]
    ops = "BT /F1 10 Tf 40 800 Td 12 TL " + " ".join(
        "({}) '".format(line.replace("\\", "").replace("(", "").replace(")", ""))
        for line in ascii_lines or ["0"]
    ) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R"
        " >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(ops)} >>\nstream\n{ops}\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    out += trailer.encode()
    return bytes(out)


def make_jsonl(text: str) -> bytes:
    return "\n".join(
        json.dumps({"title": "报告", "text": line}, ensure_ascii=False) for line in text.split("。")
    ).encode()


def make_zip(text: str) -> bytes:
    return _zip({"a.txt": text.encode(), "sub/b.html": make_html(text)})


def make_tar(text: str) -> bytes:
    return _tar({"a.txt": text.encode(), "b.txt": text[::-1].encode()}, mode="w:gz")


BUILDERS: dict[str, Callable[[str], bytes]] = {
    "txt": make_txt, "html": make_html, "docx": make_docx, "pdf": make_pdf, "xlsx": make_xlsx,
    "ofd": make_ofd, "zip": make_zip, "tar.gz": make_tar, "jsonl": make_jsonl,
}


def damage(rng: random.Random, data: bytes) -> bytes:
    """One to three damages: cut, flip bytes, overwrite or zero a range, insert, repeat."""
    out = bytearray(data)
    for _ in range(rng.randrange(1, 4)):
        if not out:
            break
        roll = rng.randrange(6)
        at = rng.randrange(len(out))
        if roll == 0:
            del out[at:]
        elif roll == 1:
            for _ in range(rng.randrange(1, 12)):
                out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
        elif roll == 2:
            span = rng.randrange(1, 200)
            out[at : at + span] = bytes(rng.randrange(256) for _ in range(span))
        elif roll == 3:
            out[at : at + rng.randrange(1, 500)] = b"\x00" * rng.randrange(1, 500)
        elif roll == 4:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300)))
        else:
            chunk = out[at : at + rng.randrange(1, 2000)]
            out[at:at] = chunk * rng.randrange(1, 5)
    return bytes(out)


# --- hostile archives -------------------------------------------------------------------------


def _zip_raw_patch(data: bytes, offset_in_header: int, value: bytes) -> bytes:
    """Patch a field of every local and central header (version needed, method …)."""
    out = bytearray(data)
    for signature, field_at in ((b"PK\x03\x04", offset_in_header),
                                (b"PK\x01\x02", offset_in_header + 2)):
        at = out.find(signature)
        while at >= 0:
            out[at + field_at : at + field_at + len(value)] = value
            at = out.find(signature, at + 4)
    return bytes(out)


def _gbk_names() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        info = zipfile.ZipInfo("x.txt")
        archive.writestr(info, "全年受理申请95件。".encode())
    data = out.getvalue()
    name = "报告.txt".encode("gbk")  # 8 bytes, the same length as nothing else: rebuild
    return data.replace(b"x.txt", name[:5])


@dataclass
class Hostile:
    cache: dict[str, bytes] = field(default_factory=dict)

    def bomb(self, kind: str) -> bytes:
        if kind not in self.cache:
            zeros = b"0" * (300 * MB)
            if kind == "zip":
                self.cache[kind] = _zip({"big.txt": zeros})
            elif kind == "tar.gz":
                self.cache[kind] = _tar({"big.txt": zeros}, mode="w:gz")
            else:  # a .docx holding 300 MB of paragraphs
                words = "全年受理申请95件。".encode() * 40
                para = b"<w:p><w:r><w:t>" + words + b"</w:t></w:r></w:p>"
                body = para * (300 * MB // len(para))
                self.cache[kind] = _zip({
                    "[Content_Types].xml": "<Types/>",
                    "word/document.xml": b'<w:document xmlns:w="http://schemas.openxmlformats.org'
                    b'/wordprocessingml/2006/main"><w:body>' + body + b"</w:body></w:document>",
                })
        return self.cache[kind]

    def make(self, rng: random.Random) -> tuple[str, bytes]:
        text = "全年受理政府信息公开申请95件。"
        kind = rng.randrange(16)
        if kind == 0:
            return "slip.zip", _zip({"../../../../tmp/evil.txt": text, "ok.txt": text})
        if kind == 1:
            return "abs.zip", _zip({"/etc/evil.txt": text, "C:\\evil.txt": text})
        if kind in (2, 3):
            out = io.BytesIO()
            with tarfile.open(fileobj=out, mode="w") as archive:
                for name, kind_of in (("link", tarfile.SYMTYPE), ("hard", tarfile.LNKTYPE),
                                      ("dev", tarfile.CHRTYPE), ("fifo", tarfile.FIFOTYPE)):
                    info = tarfile.TarInfo(name)
                    info.type = kind_of
                    info.linkname = "/etc/passwd"
                    archive.addfile(info)
                if kind == 3:
                    data = text.encode()
                    info = tarfile.TarInfo("../up.txt")
                    info.size = len(data)
                    archive.addfile(info, io.BytesIO(data))
            return "links.tar", out.getvalue()
        if kind == 4:
            return "bomb.zip", self.bomb("zip")
        if kind == 5:
            return "bomb.tar.gz", self.bomb("tar.gz")
        if kind == 6:
            return "bomb.docx", self.bomb("docx")
        if kind == 7:
            data = text.encode()
            for depth in range(rng.randrange(5, 40)):
                data = _zip({f"level{depth}.zip" if depth else "a.txt": data})
            return "nested.zip", data
        if kind == 8:
            return "many.zip", _zip({f"m{i}.txt": text for i in range(rng.randrange(100, 1200))})
        if kind == 9:  # version needed to extract: 63 (unsupported by zipfile)
            return "version.zip", _zip_raw_patch(_zip({"a.txt": text}), 4, b"\x3f\x00")
        if kind == 10:  # compression method 99 (AES) / 14 (LZMA) in the headers
            method = rng.choice((b"\x63\x00", b"\x0e\x00", b"\x0c\x00"))
            return "method.zip", _zip_raw_patch(_zip({"a.txt": text}), 8, method)
        if kind == 11:
            return "gbk.zip", _gbk_names()
        if kind == 12:
            return "empty.zip", _zip({})
        if kind == 13:
            return "dirs.zip", _zip({"a/": b"", "a/b/": b""})
        if kind == 14:
            names = {"Xnul.txt": text, "a" * 300 + ".txt": text, "ctl\x07\x1b.txt": text,
                     "dup.txt": text}
            data = _zip(names).replace(b"Xnul", b"\x00nul")  # zipfile cuts a name at NUL
            return "names.zip", data + _zip({"dup.txt": text})  # two archives glued
        return "docx-version.docx", _zip_raw_patch(make_docx(text), 4, b"\x3f\x00")


# --- large (1 MB) inputs ----------------------------------------------------------------------

LARGE: dict[str, Callable[[], bytes]] = {
    "digits": lambda: b"1" * MB,
    "spaced-digits": lambda: b"1 " * (MB // 2),
    "grouped": lambda: b"123," * (MB // 4),
    "grouped-1": lambda: b"1," * (MB // 2),
    "dense-figures": lambda: ("1件2条3.5%4万元，" * (MB // 24)).encode(),
    "long-line": lambda: ("".join(SENTENCES).replace("\n", "") * (MB // 1200)).encode()[:MB],
    "whitespace": lambda: "政".encode() + b" " * MB,
    "numerals": lambda: ("一二三四五六七八九十百千万亿" * (MB // 42)).encode(),
    "deep-html": lambda: b"<div>" * (MB // 10) + b"x" + b"</div>" * (MB // 10),
    "mixed": lambda: random_text(random.Random(1), MB // 3).encode()[:MB],
}


# --- the run ----------------------------------------------------------------------------------


def cases(count: int, seed: int, large: int) -> Iterator[tuple[str, bytes, str]]:
    """(name, bytes, family) for ``count`` cases; ``large`` of them are 1 MB."""
    rng = random.Random(seed)
    hostile = Hostile()
    large_at = set(rng.sample(range(count), min(large, count)))
    large_names = list(LARGE)
    for i in range(count):
        if i in large_at:
            which = large_names[len([j for j in large_at if j < i]) % len(large_names)]
            yield f"{i}-large-{which}.txt", LARGE[which](), f"large:{which}"
            continue
        roll = rng.random()
        if roll < 0.5:
            size = rng.choice((1, 5, 20, 80, 300, 1500, 6000))
            yield f"{i}.txt", encode(rng, random_text(rng, rng.randrange(size + 1))), "string"
        elif roll < 0.97:
            fmt = rng.choice(list(BUILDERS))
            text = random_text(rng, rng.randrange(20, 1500))
            data = BUILDERS[fmt](text)
            if rng.random() < 0.85:
                data = damage(rng, data)
            yield f"{i}.{fmt}", data, f"file:{fmt}"
        else:
            name, data = hostile.make(rng)
            yield f"{i}-{name}", data, f"hostile:{name}"


@dataclass
class Tally:
    cases: int = 0
    records: int = 0
    untyped: list[str] = field(default_factory=list)
    aborts: list[str] = field(default_factory=list)
    unaccounted: list[str] = field(default_factory=list)
    unserialisable: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    timeouts: list[str] = field(default_factory=list)
    slowest: list[tuple[float, str, int]] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    families: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def merge(self, other: dict) -> None:
        for key, value in other.items():
            mine = getattr(self, key)
            if isinstance(mine, Counter):
                mine.update(value)
            elif isinstance(mine, list):
                mine.extend(tuple(v) if key == "slowest" else v for v in value)
            else:
                setattr(self, key, mine + value)
        self.slowest = sorted(self.slowest, reverse=True)[:10]


def _run_chunk(chunk: list[tuple[str, bytes, str]], tally: Tally, hang: float) -> None:
    sizes = {name: len(data) for name, data, _ in chunk}
    seen: set[str] = set()
    suspects: list[str] = []
    started = time.perf_counter()
    for group in iter_groups([(name, data) for name, data, _ in chunk], as_dicts=True):
        took = time.perf_counter() - started
        for record in group.records:
            tally.records += 1
            source = str(record.get("source", ""))
            top = _input_of(source)
            seen.add(top)
            error = record.get("error")
            if error:
                tally.errors[error["type"]] += 1
                if error["type"] not in TYPED:
                    tally.untyped.append(f"{source}: {error['type']}: {error['message'][:120]}")
                if error["type"] == "DocumentTimeoutError":
                    tally.timeouts.append(source)
            try:
                json.dumps(record, allow_nan=False, default=str)
            except (ValueError, TypeError) as exc:
                tally.unserialisable.append(f"{source}: {exc}")
        name = _input_of(str(group.records[0].get("source", "?"))) if group.records else "?"
        if took > hang:
            suspects.append(name)
        else:
            tally.slowest = sorted([*tally.slowest, (took, name, sizes.get(name, 0))],
                                   reverse=True)[:10]
        started = time.perf_counter()
    tally.unaccounted.extend(name for name in sizes if name not in seen)
    if suspects:  # the time between two records may hold earlier work: time each input alone
        for name, data, _ in chunk:
            took = _alone(name, data)
            tally.slowest = sorted([*tally.slowest, (took, name, len(data))], reverse=True)[:10]
            if took > hang:
                tally.hangs.append(f"{name}: {took:.1f} s alone, {len(data):,} bytes")


def _input_of(source: str) -> str:
    """The input a record's source names: ``a.zip!b.txt`` and ``a.jsonl#3`` are ``a.…``."""
    return source.split("!")[0].split("#")[0]


def _alone(name: str, data: bytes) -> float:
    """CPU seconds of one input by itself (wall time would count the other shards' load)."""
    started = time.process_time()
    for _ in iter_groups([(name, data)], as_dicts=True):
        pass
    return time.process_time() - started


def run(count: int, seed: int, large: int, chunk_size: int, hang: float) -> Tally:
    tally = Tally()
    start = time.perf_counter()
    chunk: list[tuple[str, bytes, str]] = []

    def flush() -> None:
        try:
            _run_chunk(chunk, tally, hang)
        except Exception as exc:
            for single in chunk:  # name the input that aborts the batch
                try:
                    _run_chunk([single], tally, hang)
                except Exception as inner:
                    tally.aborts.append(f"{single[0]}: {type(inner).__name__}: {inner}"[:200])
            if not tally.aborts:
                tally.aborts.append(f"chunk: {type(exc).__name__}: {exc}"[:200])
        chunk.clear()

    for case in cases(count, seed, large):
        tally.cases += 1
        tally.families[case[2].split(":")[0] + ":" + case[2].split(":")[-1]] += 1
        chunk.append(case)
        if len(chunk) >= chunk_size:
            flush()
        if tally.cases % 5000 == 0:  # progress, and the counts so far if the run is cut off
            print(f"{tally.cases:,} cases, {time.perf_counter() - start:.0f} s: untyped "
                  f"{len(tally.untyped)}, aborts {len(tally.aborts)}, unaccounted "
                  f"{len(tally.unaccounted)}, hangs {len(tally.hangs)}", file=sys.stderr,
                  flush=True)
    if chunk:
        flush()
    tally.seconds = time.perf_counter() - start
    return tally


def report(tally: Tally, args: argparse.Namespace) -> int:
    print(f"# fuzz: {tally.cases:,} cases (seed {args.seed}, {args.large} of 1 MB, "
          f"{args.shards} shard(s)), {tally.records:,} records, {tally.seconds:.0f} s "
          f"(slowest shard); load average {os.getloadavg()}")
    bad = 0
    for label, items in (("untyped errors", tally.untyped), ("batch aborts", tally.aborts),
                         ("unaccounted inputs", tally.unaccounted),
                         ("unserialisable records", tally.unserialisable),
                         (f"hangs over {args.hang:g} s", tally.hangs),
                         ("DocumentTimeoutError records", tally.timeouts)):
        print(f"{label}: {len(items)}")
        for item in items[:10]:
            print(f"    {item}")
        bad += len(items)
    print("slowest inputs:", ", ".join(f"{n} {t:.2f} s ({s:,} B)" for t, n, s in tally.slowest))
    print("error records by type:", dict(tally.errors.most_common()))
    print("cases by family:", dict(sorted(tally.families.items())))
    return 1 if bad else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--large", type=int, default=20, help="1 MB cases among them")
    parser.add_argument("--chunk", type=int, default=200, help="inputs per batch call")
    parser.add_argument("--hang", type=float, default=10.0, help="seconds that count as a hang")
    parser.add_argument("--shards", type=int, default=1, help="processes, each a share")
    parser.add_argument("--shard", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.getLogger("govreport_nlp").setLevel(logging.ERROR)  # skipped members: counted
    if args.shard is not None:  # a child: its share, as JSON on stdout
        share = args.cases // args.shards + (args.shard < args.cases % args.shards)
        large = args.large // args.shards + (args.shard < args.large % args.shards)
        tally = run(share, args.seed * 1000 + args.shard, large, args.chunk, args.hang)
        json.dump({k: (dict(v) if isinstance(v, Counter) else v) for k, v in vars(tally).items()},
                  sys.stdout)
        return
    if args.shards == 1:
        tally = run(args.cases, args.seed, args.large, args.chunk, args.hang)
    else:
        children = [
            subprocess.Popen(
                [sys.executable, __file__, *sys.argv[1:], "--shard", str(k)],
                stdout=subprocess.PIPE,
            )
            for k in range(args.shards)
        ]
        tally = Tally()
        longest = 0.0
        for child in children:
            out, _ = child.communicate()
            if child.returncode:
                tally.aborts.append(f"shard exited {child.returncode}")
                continue
            part = json.loads(out)
            longest = max(longest, part.pop("seconds"))
            tally.merge(part)
        tally.seconds = longest
    sys.exit(report(tally, args))


if __name__ == "__main__":
    main()
