"""A tiny document builder that writes the same answer as plain text and as Telegram HTML.

Everything that goes in is escaped on the way to HTML here, in one place, so no knowledge
value or echoed question can break Telegram's markup.
"""

from __future__ import annotations

from html import escape

from migbot.i18n import _

# Telegram's limit is 4096 characters; leave room for the "cut short" line.
MAX_CHARS = 3900
LONG_LINE = 3000


class Doc:
    def __init__(self) -> None:
        self._plain: list[str] = []
        self._html: list[str] = []

    def title(self, text: str) -> Doc:
        self._plain.append(text)
        self._html.append(f"<b>{escape(text, quote=False)}</b>")
        return self

    def line(self, text: str = "") -> Doc:
        self._plain.append(text)
        self._html.append(escape(text, quote=False))
        return self

    def italic(self, text: str) -> Doc:
        self._plain.append(text)
        self._html.append(f"<i>{escape(text, quote=False)}</i>")
        return self

    def field(self, label: str, value: object) -> Doc:
        """``Label: value``, skipped when the value is empty."""
        if value is None or value == "" or value == []:
            return self
        # Translators: a field's label before its value ("Status:"); French spaces the colon.
        head = _("{label}:").format(label=label)
        self._plain.append(f"{head} {value}")
        self._html.append(f"<b>{escape(head, quote=False)}</b> {escape(str(value), quote=False)}")
        return self

    def bullets(self, items: list[str], mark: str = "•") -> Doc:
        for item in items:
            self.line(f"{mark} {item}")
        return self

    def numbered(self, items: list[str], start: int = 1) -> Doc:
        for i, item in enumerate(items, start):
            self.line(f"{i}. {item}")
        return self

    def link(self, label: str, url: str) -> Doc:
        self._plain.append(f"{_('{label}:').format(label=label)} {url}")
        self._html.append(f'<a href="{escape(url, quote=True)}">{escape(label, quote=False)}</a>')
        return self

    def blank(self) -> Doc:
        if self._plain and self._plain[-1] != "":
            self._plain.append("")
            self._html.append("")
        return self

    def _kept(self) -> int:
        """How many lines fit Telegram's limit in both forms (cut at a line boundary)."""
        size_plain = size_html = 0
        for n, (plain, markup) in enumerate(zip(self._plain, self._html, strict=True)):
            size_plain += len(plain) + 1
            size_html += len(markup) + 1
            if size_plain > MAX_CHARS or size_html > MAX_CHARS:
                return n
        return len(self._plain)

    def _join(self, lines: list[str]) -> str:
        n = self._kept()
        if n == len(lines):
            return "\n".join(lines).strip()
        if n == 0:  # a single enormous line: keep its start, as plain text (no tag is cut)
            return escape(self._plain[0][:LONG_LINE], quote=False) + "…"
        cut = _("… (cut short here: ask about one part at a time)")
        return "\n".join([*lines[:n], escape(cut, quote=False)]).strip()

    @property
    def plain(self) -> str:
        if self._kept() == 0:
            return self._plain[0][:LONG_LINE] + "…"
        return self._join(self._plain)

    @property
    def html(self) -> str:
        return self._join(self._html)
