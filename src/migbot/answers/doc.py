"""A tiny document builder that writes the same answer as plain text and as Telegram HTML.

Everything that goes in is escaped on the way to HTML here, in one place, so no knowledge
value or echoed question can break Telegram's markup.
"""

from __future__ import annotations

from html import escape


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
        self._plain.append(f"{label}: {value}")
        self._html.append(f"<b>{escape(label, quote=False)}:</b> {escape(str(value), quote=False)}")
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
        self._plain.append(f"{label}: {url}")
        self._html.append(f'<a href="{escape(url, quote=True)}">{escape(label, quote=False)}</a>')
        return self

    def blank(self) -> Doc:
        if self._plain and self._plain[-1] != "":
            self._plain.append("")
            self._html.append("")
        return self

    @property
    def plain(self) -> str:
        return "\n".join(self._plain).strip()

    @property
    def html(self) -> str:
        return "\n".join(self._html).strip()
