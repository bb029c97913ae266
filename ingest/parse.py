"""Structure of a report's plain text: sections, paragraphs, lists, tables and sentences, with raw offsets.

Pure: text in, blocks out. Every offset is a Python ``str`` index into the text exactly as read, so any span can be
quoted with ``text[start:end]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

Span = tuple[int, int]
BlockKind = Literal["paragraph", "list", "table"]

_ITEM_HEADING = re.compile(r"^([A-Z])\.\s+([A-Z][^\t]{1,78}?)\.?\s*$")
_BULLET = re.compile(r"^\s*(?:[-•·*]\s*)+(?=\S)")
_TERMINAL = (".", ":", ";", "?", "!", '"', "”", ")")
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}
# A period after these is not a sentence end, whatever follows.
_NEVER_END = {"mr", "mrs", "ms", "dr", "st", "no", "vs", "e.g", "i.e", "cf", "art", "sec"}
# A period after these ends a sentence only when a capitalised word follows (company suffixes end sentences often).
_SUFFIXES = {"inc", "ltd", "corp", "co", "plc", "llc"}


@dataclass(frozen=True)
class Block:
    """A paragraph, a list (with the sentence introducing it) or a table (with its heading sentence)."""

    kind: BlockKind
    section: str
    start: int
    end: int
    # Units the chunker never splits: sentences of a paragraph; intro + items of a list; a whole table.
    units: tuple[Span, ...] = field(default=())


@dataclass
class _Para:
    kind: Literal["text", "bullet", "table", "item_heading", "heading"]
    start: int
    end: int
    lines: list[Span]


def _lines(text: str) -> Iterator[Span]:
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        yield pos, pos + len(body)
        pos += len(line)


def _strip_span(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_heading(line: str) -> bool:
    if not line or len(line) > 60 or "\t" in line or line[-1] in ".:;,?!" or _BULLET.match(line):
        return False
    words = line.split()
    if not words[0][0].isupper() or len(words) > 8:
        return False
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    capitalised = [w for w in significant if w[0].isupper()]
    return len(capitalised) == len(significant)


def _raw_paragraphs(text: str) -> list[_Para]:
    paras: list[_Para] = []
    current: list[Span] = []

    def flush() -> None:
        if not current:
            return
        start, end = current[0][0], current[-1][1]
        lines = [(s, e) for s, e in current]
        first = text[lines[0][0] : lines[0][1]].strip()
        kind: Literal["text", "bullet", "table", "item_heading", "heading"]
        if any("\t" in text[s:e] for s, e in lines):
            kind = "table"
        elif _BULLET.match(first):
            kind = "bullet"
        elif len(lines) == 1 and _ITEM_HEADING.match(first):
            kind = "item_heading"
        elif len(lines) == 1 and _is_heading(first):
            kind = "heading"
        else:
            kind = "text"
        s, e = _strip_span(text, start, end)
        paras.append(_Para(kind, s, e, lines))
        current.clear()

    for start, end in _lines(text):
        if text[start:end].strip():
            current.append((start, end))
        else:
            flush()
    flush()
    return paras


def _merge_page_breaks(text: str, paras: list[_Para]) -> list[_Para]:
    """Join a paragraph cut mid-sentence by a page break ("…, if" / "the recipient …")."""
    merged: list[_Para] = []
    for para in paras:
        if merged:
            prev = merged[-1]
            tail = text[prev.start : prev.end]
            head = text[para.start : para.end]
            if (
                prev.kind in ("text", "bullet")
                and para.kind in ("text", "heading")
                and not tail.endswith(_TERMINAL)
                and head[:1].islower()
            ):
                prev.end = para.end
                prev.lines.extend(para.lines)
                continue
        merged.append(para)
    return merged


def split_sentences(text: str, start: int, end: int) -> list[Span]:
    """Sentence spans inside ``text[start:end]``; the end of the range always ends a sentence."""
    spans: list[Span] = []
    s0 = start
    pattern = re.compile(r"[.?!][\"”)]?(?=\s+[\"“(]?[A-Z0-9])")
    for match in pattern.finditer(text, start, end):
        stop = match.end()
        if text[match.start()] == ".":
            word = re.search(r"([A-Za-z.]+)\.$", text[max(s0, match.start() - 12) : match.start() + 1])
            token = word.group(1).lower() if word else ""
            nxt = text[stop:end].lstrip()[:1]
            if token in _NEVER_END or re.fullmatch(r"(?:[a-z]\.)*[a-z]", token):
                continue
            if token in _SUFFIXES and not nxt.isupper():
                continue
            if nxt.isdigit() and token.isdigit():
                continue
        span = _strip_span(text, s0, stop)
        if span[1] > span[0]:
            spans.append(span)
        s0 = stop
    span = _strip_span(text, s0, end)
    if span[1] > span[0]:
        spans.append(span)
    return spans


def _bullet_items(text: str, para: _Para) -> list[Span]:
    items: list[Span] = []
    for s, e in para.lines:
        line = text[s:e]
        if _BULLET.match(line) or not items:
            items.append(_strip_span(text, s, e))
        else:  # a continuation line of the previous item
            items[-1] = (items[-1][0], _strip_span(text, s, e)[1])
    return items


def _last_word(title: str) -> str:
    words = re.findall(r"[A-Za-z]+", title)
    return words[-1].lower() if words else ""


def parse_document(text: str, leading_section: str = "Preamble") -> list[Block]:
    """Blocks of a report in reading order, each with its section path ("E. Taxation > Japanese Taxation")."""
    paras = _merge_page_breaks(text, _raw_paragraphs(text))
    item: str | None = None
    level2: str | None = None
    level3: str | None = None
    blocks: list[Block] = []

    def section() -> str:
        parts = [p for p in (item, level2, level3) if p]
        return " > ".join(parts) if parts else leading_section

    i = 0
    while i < len(paras):
        para = paras[i]
        body = text[para.start : para.end]
        if para.kind == "item_heading":
            item, level2, level3 = body.rstrip(". "), None, None
            i += 1
            continue
        if para.kind == "heading":
            if level2 is None or (item and _last_word(body) == _last_word(item)):
                level2, level3 = body, None
            else:
                level3 = body
            i += 1
            continue
        if para.kind == "text":
            sentences = split_sentences(text, para.start, para.end)
            follower = paras[i + 1] if i + 1 < len(paras) else None
            introduces = body.endswith(":") or not body.endswith((".", "?", "!", '"', "”"))
            if follower and follower.kind in ("bullet", "table") and introduces:
                # The introducing sentence travels with the list or table after it.
                head, intro = sentences[:-1], sentences[-1]
                if head:
                    blocks.append(Block("paragraph", section(), head[0][0], head[-1][1], tuple(head)))
                i += 1
                group = _collect(text, paras, i)
                i += len(group)
                blocks.append(_group_block(text, section(), intro, group))
                continue
            blocks.append(Block("paragraph", section(), para.start, para.end, tuple(sentences)))
            i += 1
            continue
        group = _collect(text, paras, i)
        i += len(group)
        blocks.append(_group_block(text, section(), None, group))
    return blocks


def _collect(text: str, paras: list[_Para], i: int) -> list[_Para]:
    """A table alone, or a run of bullet paragraphs (list items may be separated by blank lines)."""
    if paras[i].kind == "table":
        return [paras[i]]
    group: list[_Para] = []
    while i < len(paras) and paras[i].kind == "bullet":
        group.append(paras[i])
        i += 1
    return group


def _group_block(text: str, section: str, intro: Span | None, group: list[_Para]) -> Block:
    start = intro[0] if intro else group[0].start
    end = group[-1].end
    if group[0].kind == "table":
        return Block("table", section, start, end, ((start, end),))
    items = [span for para in group for span in _bullet_items(text, para)]
    units: list[Span] = [intro] if intro else []
    units.extend(items)
    return Block("list", section, start, end, tuple(units))
