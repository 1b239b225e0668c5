"""The text of agenda items: Markdown plus lettered points, parsed into a small block model.

Item fields are typed by the secretariat as Markdown (paragraphs, lists, tables, links,
bold/italic). Recommendations also use lettered points ("A. godkender …", "B) drøfter …"),
which Markdown does not know; they become a `LetteredList`. The PDF, DOCX and HTML
renderers all walk the same blocks, so a document reads the same in every format.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting. `text == "\\n"` is a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None

    @property
    def is_break(self) -> bool:
        return self.text == "\n"


@dataclass
class Paragraph:
    runs: list[Run]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Heading:
    """A Markdown heading inside a field; rendered as a bold paragraph, not a document heading."""

    level: int
    runs: list[Run]


@dataclass
class BulletList:
    items: list[list[Block]]


@dataclass
class NumberedList:
    items: list[list[Block]]
    start: int = 1


@dataclass
class LetteredList:
    """ "A. …", "B. …": each point keeps its letter, because decisions refer to them."""

    items: list[list[Run]]
    letters: list[str] = field(default_factory=list)


@dataclass
class Table:
    header: list[list[Run]] | None
    rows: list[list[list[Run]]]


@dataclass
class Quote:
    blocks: list[Block]


Block = Paragraph | Heading | BulletList | NumberedList | LetteredList | Table | Quote


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # Raw HTML is shown as text, never passed through; softbreaks are line breaks because
    # the secretariat types lines (lists of news, addresses) and expects them kept.
    return MarkdownIt("commonmark", {"html": False, "breaks": True}).enable(
        ["table", "strikethrough"]
    )


_LETTER = re.compile(r"^\s{0,3}([A-Z])[.)]\s+(\S.*)$")


def parse(text: str) -> list[Block]:
    """Parse one item field into blocks. Empty text gives no blocks."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return []
    blocks: list[Block] = []
    for kind, chunk in _split_lettered(text.split("\n")):
        if kind == "letters":
            letters = [letter for letter, _ in chunk]
            items = [_inline_runs(body) for _, body in chunk]
            blocks.append(LetteredList(items=items, letters=letters))
        else:
            source = "\n".join(chunk)
            if source.strip():
                blocks.extend(_blocks(_markdown().parse(source)))
    return blocks


def _split_lettered(lines: list[str]) -> Iterable[tuple[str, list]]:
    """Cut the lines into Markdown chunks and lettered runs (at least "A." and "B.")."""
    plain: list[str] = []
    i = 0
    while i < len(lines):
        run, end = _lettered_run(lines, i)
        if run:
            if plain:
                yield "markdown", plain
                plain = []
            yield "letters", run
            i = end
        else:
            plain.append(lines[i])
            i += 1
    if plain:
        yield "markdown", plain


def _lettered_run(lines: list[str], start: int) -> tuple[list[tuple[str, str]], int]:
    match = _LETTER.match(lines[start])
    if not match or match.group(1) != "A":
        return [], start
    points: list[tuple[str, str]] = [("A", match.group(2).strip())]
    i = start + 1
    while i < len(lines):
        line = lines[i]
        expected = chr(ord(points[-1][0]) + 1)
        next_match = _LETTER.match(line)
        if next_match and next_match.group(1) == expected:
            points.append((expected, next_match.group(2).strip()))
        elif not line.strip():
            # A blank line ends the run unless the next point follows it.
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            following = _LETTER.match(lines[j]) if j < len(lines) else None
            if following and following.group(1) == expected:
                i = j
                continue
            break
        else:
            letter, body = points[-1]
            points[-1] = (letter, f"{body} {line.strip()}")
        i += 1
    if len(points) < 2:
        return [], start
    return points, i


def _inline_runs(source: str) -> list[Run]:
    tokens = _markdown().parseInline(source)
    return _runs(tokens[0].children or []) if tokens else []


def _blocks(tokens: list[Token]) -> list[Block]:
    blocks, _ = _parse_blocks(tokens, 0, None)
    return blocks


def _parse_blocks(tokens: list[Token], i: int, close: str | None) -> tuple[list[Block], int]:
    blocks: list[Block] = []
    while i < len(tokens):
        tok = tokens[i]
        if close is not None and tok.type == close:
            return blocks, i + 1
        if tok.type == "paragraph_open":
            blocks.append(Paragraph(_runs(tokens[i + 1].children or [])))
            i += 3
        elif tok.type == "heading_open":
            level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
            blocks.append(Heading(level, _runs(tokens[i + 1].children or [])))
            i += 3
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            closing = tok.type.replace("_open", "_close")
            items, i = _parse_list_items(tokens, i + 1, closing)
            if tok.type == "bullet_list_open":
                blocks.append(BulletList(items))
            else:
                start = tok.attrGet("start")
                blocks.append(NumberedList(items, int(start) if start else 1))
        elif tok.type == "table_open":
            table, i = _parse_table(tokens, i + 1)
            blocks.append(table)
        elif tok.type == "blockquote_open":
            inner, i = _parse_blocks(tokens, i + 1, "blockquote_close")
            blocks.append(Quote(inner))
        elif tok.type in ("fence", "code_block"):
            lines = tok.content.rstrip("\n").split("\n")
            runs: list[Run] = []
            for n, line in enumerate(lines):
                if n:
                    runs.append(Run("\n"))
                runs.append(Run(line))
            blocks.append(Paragraph(runs))
            i += 1
        else:  # hr, html_block (shown as text by the html=False option), stray closers
            if tok.type == "html_block" and tok.content.strip():
                blocks.append(Paragraph([Run(tok.content.strip())]))
            i += 1
    return blocks, i


def _parse_list_items(tokens: list[Token], i: int, close: str) -> tuple[list[list[Block]], int]:
    items: list[list[Block]] = []
    while i < len(tokens) and tokens[i].type != close:
        if tokens[i].type == "list_item_open":
            inner, i = _parse_blocks(tokens, i + 1, "list_item_close")
            items.append(inner)
        else:
            i += 1
    return items, i + 1


def _parse_table(tokens: list[Token], i: int) -> tuple[Table, int]:
    header: list[list[Run]] | None = None
    rows: list[list[list[Run]]] = []
    row: list[list[Run]] = []
    in_head = False
    while i < len(tokens) and tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            if in_head:
                header = row
            else:
                rows.append(row)
        elif tok.type == "inline":
            row.append(_runs(tok.children or []))
        i += 1
    return Table(header=header, rows=rows), i + 1


_SAFE_HREF = re.compile(r"^(https?://|mailto:|/|#)", re.IGNORECASE)


def _runs(children: list[Token]) -> list[Run]:
    runs: list[Run] = []
    bold = italic = 0
    href: str | None = None
    for tok in children:
        t = tok.type
        if t == "text" or t == "code_inline" or t == "html_inline":
            if tok.content:
                runs.append(Run(tok.content, bold > 0, italic > 0, href))
        elif t in ("softbreak", "hardbreak"):
            runs.append(Run("\n"))
        elif t == "strong_open":
            bold += 1
        elif t == "strong_close":
            bold -= 1
        elif t == "em_open":
            italic += 1
        elif t == "em_close":
            italic -= 1
        elif t == "link_open":
            target = str(tok.attrGet("href") or "")
            href = target if _SAFE_HREF.match(target) else None
        elif t == "link_close":
            href = None
        elif t == "image":
            runs.append(Run(tok.content or "", bold > 0, italic > 0, href))
    return _merge(runs)


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        last = merged[-1] if merged else None
        if (
            last is not None
            and not run.is_break
            and not last.is_break
            and (last.bold, last.italic, last.href) == (run.bold, run.italic, run.href)
        ):
            merged[-1] = Run(last.text + run.text, run.bold, run.italic, run.href)
        else:
            merged.append(run)
    return merged


def plain_text(blocks: list[Block]) -> str:
    """The blocks as plain text, one line per paragraph or list point (for search, e-mail)."""
    lines: list[str] = []

    def runs_text(runs: list[Run]) -> str:
        return "".join(r.text for r in runs)

    def walk(items: list[Block], indent: str = "") -> None:
        for block in items:
            if isinstance(block, Paragraph | Heading):
                lines.append(indent + runs_text(block.runs))
            elif isinstance(block, BulletList):
                for item in block.items:
                    sub: list[str] = []
                    lines.append(indent + "• ")
                    start = len(lines)
                    walk(item, indent + "  ")
                    sub = lines[start:]
                    del lines[start:]
                    lines[-1] += sub[0].strip() if sub else ""
                    lines.extend(sub[1:])
            elif isinstance(block, NumberedList):
                for n, item in enumerate(block.items, block.start):
                    lines.append(f"{indent}{n}. ")
                    start = len(lines)
                    walk(item, indent + "   ")
                    sub = lines[start:]
                    del lines[start:]
                    lines[-1] += sub[0].strip() if sub else ""
                    lines.extend(sub[1:])
            elif isinstance(block, LetteredList):
                for letter, runs in zip(block.letters, block.items, strict=False):
                    lines.append(f"{indent}{letter}. {runs_text(runs)}")
            elif isinstance(block, Table):
                for row in ([block.header] if block.header else []) + block.rows:
                    lines.append(indent + " | ".join(runs_text(c) for c in row))
            elif isinstance(block, Quote):
                walk(block.blocks, indent + "  ")

    walk(blocks)
    return "\n".join(lines)


# --- HTML -------------------------------------------------------------------------------

_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "blockquote",
    "span",
}
_ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "ol": {"type", "start", "class"},
    "th": {"scope"},
    "p": {"class"},
    "table": {"class"},
}


def runs_html(runs: list[Run]) -> str:
    out: list[str] = []
    for run in runs:
        if run.is_break:
            out.append("<br>")
            continue
        piece = html.escape(run.text, quote=False)
        if run.italic:
            piece = f"<em>{piece}</em>"
        if run.bold:
            piece = f"<strong>{piece}</strong>"
        if run.href:
            piece = f'<a href="{html.escape(run.href)}">{piece}</a>'
        out.append(piece)
    return "".join(out)


def _blocks_html(blocks: list[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(f"<p>{runs_html(block.runs)}</p>")
        elif isinstance(block, Heading):
            out.append(f'<p class="subheading"><strong>{runs_html(block.runs)}</strong></p>')
        elif isinstance(block, BulletList):
            lis = "".join(f"<li>{_item_html(item)}</li>" for item in block.items)
            out.append(f"<ul>{lis}</ul>")
        elif isinstance(block, NumberedList):
            start = f' start="{block.start}"' if block.start != 1 else ""
            lis = "".join(f"<li>{_item_html(item)}</li>" for item in block.items)
            out.append(f"<ol{start}>{lis}</ol>")
        elif isinstance(block, LetteredList):
            first = block.letters[0] if block.letters else "A"
            start = f' start="{ord(first) - 64}"' if first != "A" else ""
            lis = "".join(f"<li>{runs_html(runs)}</li>" for runs in block.items)
            out.append(f'<ol type="A" class="lettered"{start}>{lis}</ol>')
        elif isinstance(block, Table):
            head = ""
            if block.header:
                ths = "".join(f'<th scope="col">{runs_html(c)}</th>' for c in block.header)
                head = f"<thead><tr>{ths}</tr></thead>"
            body = "".join(
                "<tr>" + "".join(f"<td>{runs_html(c)}</td>" for c in row) + "</tr>"
                for row in block.rows
            )
            out.append(f'<table class="data">{head}<tbody>{body}</tbody></table>')
        elif isinstance(block, Quote):
            out.append(f"<blockquote>{_blocks_html(block.blocks)}</blockquote>")
    return "".join(out)


def _item_html(blocks: list[Block]) -> str:
    # A tight list item is one paragraph: keep it without <p> so lists stay compact.
    if len(blocks) == 1 and isinstance(blocks[0], Paragraph):
        return runs_html(blocks[0].runs)
    return _blocks_html(blocks)


def sanitise_html(markup: str) -> str:
    return nh3.clean(
        markup,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def to_html(blocks_or_text: list[Block] | str) -> str:
    """Sanitised HTML for a field (text is parsed first)."""
    if isinstance(blocks_or_text, str):
        return text_html(blocks_or_text)
    return sanitise_html(_blocks_html(blocks_or_text))


@lru_cache(maxsize=2048)
def text_html(text: str) -> str:
    """Sanitised HTML for a field's text, memoised per process.

    A pure function of the text (the parser and the nh3 rules are fixed at start-up), so
    the memo is keyed by the text itself and can never serve stale HTML: an edited field
    is a new key. It spares the portal's meeting page from parsing and cleaning the same
    texts on every request. Bounded: 2048 fields of a few kB each.
    """
    return sanitise_html(_blocks_html(parse(text)))
