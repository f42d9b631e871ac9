"""spaCy adapter: the ``govreport_indicators`` pipeline component.

The component runs the library's own pipeline (:func:`govreport_nlp.pipeline.parse_text`) on
``doc.text`` and writes what it found onto the ``Doc``; it has no analysis of its own.  It is
registered through the ``spacy_factories`` entry point, so no import is needed:

>>> import spacy
>>> nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
>>> _ = nlp.add_pipe("govreport_indicators")
>>> doc = nlp("二、主动公开政府信息情况\\n全年主动公开政府信息2847条。")
>>> [(span.text, span.label_) for span in doc.spans["govreport"]]
[('2847条', 'count')]
>>> figure = doc.spans["govreport"][0]._.govreport
>>> figure.value, figure.unit, figure.name
(2847, '条', '主动公开政府信息')
>>> [span._.govreport.title for span in doc.spans["govreport_sections"]]
['主动公开政府信息情况']
>>> len(nlp("没有数字的句子。").spans["govreport"])
0

What lands on the ``Doc``
-------------------------
``doc.spans[spans_key]`` (default ``"govreport"``)
    one span per figure, in document order, labelled with the figure's kind (``count``,
    ``money``, ``percent``, ``change``, ``duration``, ``other``).
``doc.spans[sections_key]`` (default ``"govreport_sections"``)
    one span per section heading+body, in preorder, labelled ``section``.
``doc.ents`` (only with ``set_ents=True``)
    the figure spans, labelled with their kind; overlapping spans are resolved by
    :func:`spacy.util.filter_spans`; entities already on the doc win unless
    ``overwrite_ents=True``.
``Doc._.govreport``
    the whole report as a plain record (the output contract of ``Report.to_dict()``, with
    lists stored as tuples and every ``value``/``value_max`` as an exact decimal *string*,
    e.g. ``"7.5"``, ``"31000"``, because msgpack has no decimal type); each figure record
    also has ``"span"``, the character offsets of its token-snapped span, or ``None``, and
    each section record its ``"title_start"``.
``Span._.govreport``
    for a span of either group, the library's own frozen object rebuilt from that record:
    :class:`~govreport_nlp.models.Indicator` (exact ``int``/``Decimal`` value) or
    :class:`~govreport_nlp.models.Section` (without children); ``None`` for other spans.

Everything lives in ``doc.user_data`` and the span groups, so
``DocBin(store_user_data=True)`` keeps it across a round trip.

Offsets and scripts
-------------------
Spans index ``doc.text`` exactly as given: a Traditional report gets spans over its
Traditional characters while names, units and section titles in the records are Simplified
(the library analyses a Simplified view and maps offsets back).

Snapping figures to tokens
--------------------------
A figure's characters need not fall on jieba's token boundaries: in ``"組織縣級培訓2批86名學員"``
jieba reads ``86`` + ``名學員``, so the figure ``"86名"`` ends inside a token (its Simplified
twin ``86`` + ``名`` + ``学员`` aligns).  The ``alignment_mode`` setting says what to do, via
:meth:`spacy.tokens.Doc.char_span`:

``"expand"`` (default)
    the span grows to the smallest run of whole tokens covering the figure (``86名學員``);
    never fails for a figure inside the text, so every figure gets a span.
``"contract"``
    the span shrinks to the tokens lying wholly inside the figure (``86``); when no token
    does (the figure is inside one longer token) it falls back to ``"expand"``.
``"strict"``
    only figures whose boundaries are token boundaries get a span; the others keep
    ``"span": None`` in ``Doc._.govreport`` and are not in the span group.

The record keeps the figure's own ``start``/``end``/``text``; the span says where it sits
in the tokenisation.

Error codes
-----------
Misconfiguration raises :class:`ValueError` whose message starts with a code from
:class:`Errors` and says what to change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, get_args

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

if TYPE_CHECKING:  # pragma: no cover
    from ..models import Indicator, Report, Section

__all__ = [
    "EXTENSION",
    "Errors",
    "GovReportIndicators",
    "make_govreport_indicators",
    "register_extensions",
]

AlignmentMode = Literal["expand", "contract", "strict"]

#: Name of the ``Doc`` and ``Span`` extension attributes (``doc._.govreport``).
EXTENSION = "govreport"
# Prefix of the span ids that point a span at its record in ``Doc._.govreport``.
_ID_PREFIX = "govreport"
SECTION_LABEL = "section"

# Modes tried in order, per configured alignment mode (see the module docstring).
_ALIGNMENT_FALLBACKS: dict[str, tuple[str, ...]] = {
    "expand": ("expand",),
    "contract": ("contract", "expand"),
    "strict": ("strict",),
}


class Errors:
    """Error messages of the spaCy adapter, each with a code and what to do."""

    GRS001 = (
        "[GRS001] alignment_mode must be one of {modes}, got {mode!r}. Set it when adding the "
        "component: nlp.add_pipe('govreport_indicators', config={{'alignment_mode': 'expand'}})."
    )
    GRS002 = (
        "[GRS002] spans_key and sections_key must be different span groups, both are {key!r}. "
        "Give one of them another name in the component config."
    )
    GRS003 = (
        "[GRS003] The govreport pipeline returned a document text different from doc.text "
        "(lengths {got} and {expected}), so its offsets cannot index the Doc. This is a bug in "
        "govreport_nlp: please report it with the input text."
    )
    GRS004 = (
        "[GRS004] Span group {key!r} already holds {count} spans from another component. "
        "Choose another key with config={{'{setting}': '...'}} or remove the other component."
    )


def register_extensions() -> None:
    """Register ``Doc._.govreport`` and ``Span._.govreport`` unless already registered."""
    if not Doc.has_extension(EXTENSION):
        Doc.set_extension(EXTENSION, default=None)
    if not Span.has_extension(EXTENSION):
        Span.set_extension(EXTENSION, getter=_span_object)


@Language.factory(
    "govreport_indicators",
    default_config={
        "spans_key": "govreport",
        "sections_key": "govreport_sections",
        "alignment_mode": "expand",
        "set_ents": False,
        "overwrite_ents": False,
    },
    assigns=[
        "doc.spans",
        f"doc._.{EXTENSION}",
        f"span._.{EXTENSION}",
        "doc.ents",
    ],
)
def make_govreport_indicators(
    nlp: Language,
    name: str,
    spans_key: str,
    sections_key: str,
    alignment_mode: str,
    set_ents: bool,
    overwrite_ents: bool,
) -> GovReportIndicators:
    """Factory behind ``nlp.add_pipe("govreport_indicators")``."""
    return GovReportIndicators(
        nlp, name, spans_key=spans_key, sections_key=sections_key,
        alignment_mode=alignment_mode, set_ents=set_ents, overwrite_ents=overwrite_ents,
    )


class GovReportIndicators:
    """Pipeline component putting govreport figures and sections on a ``Doc``.

    ``match(doc)`` runs the library on the text; ``set_annotations(doc, report)`` writes
    the result, as in spaCy's own ``SpanRuler``.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "govreport_indicators",
        *,
        spans_key: str = "govreport",
        sections_key: str = "govreport_sections",
        alignment_mode: str = "expand",
        set_ents: bool = False,
        overwrite_ents: bool = False,
    ) -> None:
        if alignment_mode not in _ALIGNMENT_FALLBACKS:
            raise ValueError(Errors.GRS001.format(
                modes=", ".join(repr(m) for m in get_args(AlignmentMode)), mode=alignment_mode))
        if spans_key == sections_key:
            raise ValueError(Errors.GRS002.format(key=spans_key))
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.sections_key = sections_key
        self.alignment_mode = alignment_mode
        self.set_ents = set_ents
        self.overwrite_ents = overwrite_ents
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)

    def match(self, doc: Doc) -> Report:
        """The library's report for ``doc.text`` (offsets index ``doc.text``)."""
        from ..pipeline import parse_text

        report = parse_text(doc.text)
        if report.text != doc.text:
            raise ValueError(Errors.GRS003.format(got=len(report.text), expected=len(doc.text)))
        return report

    def set_annotations(self, doc: Doc, report: Report) -> None:
        """Write ``report`` onto ``doc``: span groups, the record and optionally entities."""
        for key, setting in ((self.spans_key, "spans_key"), (self.sections_key, "sections_key")):
            if key in doc.spans and len(doc.spans[key]) and not _all_ours(doc.spans[key]):
                raise ValueError(Errors.GRS004.format(
                    key=key, count=len(doc.spans[key]), setting=setting))
        record = _plain(report.to_dict())
        figure_spans: list[Span] = []
        figure_records = []
        for seq, (indicator, figure) in enumerate(
                zip(report.indicators, record["indicators"], strict=True)):
            span = self._snap(doc, indicator.start, indicator.end,
                              label=str(indicator.kind), span_id=_span_id("indicator", seq))
            figure = dict(figure, value=_exact_str(indicator.value),
                          value_max=_exact_str(indicator.value_max),
                          span=None if span is None else (span.start_char, span.end_char))
            figure_records.append(figure)
            if span is not None:
                figure_spans.append(span)
        sections = report.all_sections()
        section_spans = [
            doc.char_span(section.start, section.end, label=SECTION_LABEL,
                          span_id=_span_id("section", seq), alignment_mode="expand")
            for seq, section in enumerate(sections)
        ]
        record["indicators"] = tuple(figure_records)
        record["sections"] = tuple(
            dict(entry, title_start=section.title_start)
            for entry, section in zip(record["sections"], sections, strict=True))
        doc._.set(EXTENSION, record)
        doc.spans[self.spans_key] = figure_spans
        doc.spans[self.sections_key] = [s for s in section_spans if s is not None]
        if self.set_ents:
            self._set_ents(doc, figure_spans)

    def _snap(self, doc: Doc, start: int, end: int, *, label: str, span_id: str) -> Span | None:
        for mode in _ALIGNMENT_FALLBACKS[self.alignment_mode]:
            span = doc.char_span(start, end, label=label, span_id=span_id, alignment_mode=mode)
            if span is not None and len(span):
                return span
        return None

    def _set_ents(self, doc: Doc, ours: list[Span]) -> None:
        existing = list(doc.ents)
        if self.overwrite_ents:
            keep = ours + [e for e in existing if not _overlaps_any(e, ours)]
        else:
            keep = existing + [s for s in ours if not _overlaps_any(s, existing)]
        doc.ents = filter_spans(keep)


def _span_id(kind: str, seq: int) -> str:
    return f"{_ID_PREFIX}:{kind}:{seq}"


def _all_ours(spans: Iterable[Span]) -> bool:
    return all(_record_ref(s) is not None for s in spans)


def _overlaps_any(span: Span, others: Iterable[Span]) -> bool:
    return any(span.start < o.end and o.start < span.end for o in others)


def _record_ref(span: Span) -> tuple[str, int] | None:
    """``("indicator", 3)`` for a span this component made, else ``None``."""
    if not span.id:
        return None
    try:
        span_id = span.id_
    except KeyError:  # an id whose string is not in this vocab: not ours
        return None
    prefix, _, rest = span_id.partition(":")
    kind, _, seq = rest.partition(":")
    if prefix != _ID_PREFIX or not seq.isdigit():
        return None
    return kind, int(seq)


def _span_object(span: Span) -> Indicator | Section | None:
    """Getter of ``Span._.govreport``: the figure or section the span was made for."""
    ref = _record_ref(span)
    record = span.doc._.get(EXTENSION)
    if ref is None or record is None:
        return None
    kind, seq = ref
    if kind == "indicator":
        return _indicator(record["indicators"][seq])
    if kind == "section":
        return _section(record["sections"][seq])
    return None


def _exact_str(value: int | Decimal | None) -> str | None:
    """An exact value as a string msgpack can keep: ``Decimal('7.5')`` → ``'7.5'``."""
    return None if value is None else str(value)


def _exact(text: str | None) -> int | Decimal | None:
    """Back from :func:`_exact_str`: ``'31000'`` → ``31000``, ``'7.5'`` → ``Decimal('7.5')``."""
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        return Decimal(text)


def _plain(value: Any) -> Any:
    """A contract dict with lists made tuples, as it reads back from a DocBin."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return tuple(_plain(v) for v in value)
    return value


def _indicator(record: Mapping[str, Any]) -> Indicator:
    from ..models import Indicator, Kind, Role, TableRef

    def table_ref(ref: Mapping[str, str] | None) -> TableRef | None:
        return None if ref is None else TableRef(ref["id"], ref["row"], ref["column"])

    role = record.get("role")
    return Indicator(
        start=record["start"], end=record["end"], text=record["text"],
        value=_exact(record["value"]), value_max=_exact(record["value_max"]),  # type: ignore[arg-type]
        unit=record["unit"], qualifier=record["qualifier"], name=record["name"],
        verb=record["verb"], kind=Kind(record["kind"]), section=tuple(record["section"]),
        table=table_ref(record.get("table")), role=None if role is None else Role(role),
        implicit=record.get("implicit", False), restates=table_ref(record.get("restates")),
        agrees=record.get("agrees"), key=record.get("key"), period=record.get("period"),
        name_rule=record.get("name_rule"),
    )


def _section(record: Mapping[str, Any]) -> Section:
    from ..models import Section

    return Section(level=record["level"], number=record["number"], title=record["title"],
                   start=record["start"], end=record["end"], title_start=record["title_start"],
                   key=record["key"])
