"""The tests' one Telegram-HTML validator: each rule refuses its bad input, in its mode.

Telegram's own leniency (a bare ``>`` or ``&``, unknown attributes) stays accepted by the
default mode the fake Bot API server uses; ``strict`` and the options refuse it.
"""

from __future__ import annotations

from typing import Any

import pytest
from tgfake.tghtml import COMPOSER_TAGS, HtmlError, check_message, parse

GOOD = (
    '<b>x</b> <a href="https://x.org/?a=1&amp;b">y</a> &lt;&#65;&#x42;&quot;',
    '<pre><code class="language-py">x</code></pre>',
    '<span class="tg-spoiler">x</span><blockquote expandable>q</blockquote>',
    "<B>x</B><strong>s</strong><em>e</em><u>u</u><ins>i</ins><s>s</s><strike>k</strike><del>d</del>",
    "<tg-spoiler>x</tg-spoiler>",
)

# Refused in every mode: (rule, markup).
ALWAYS = [
    ("1 bare <", "a < b"),
    ("1 self-closing", "<br/>x"),
    ("1 comment", "<!-- c -->x"),
    ("1 declaration", "<!DOCTYPE html>x"),
    ("1 processing instruction", "<?xml version='1.0'?>x"),
    ("1 CDATA", "<![CDATA[x]]>"),
    ("1 cut-off tag", "x<b"),
    ("2 unknown tag", "<div>x</div>"),
    ("2 unknown end tag", "x</p>"),
    ("3 stray end tag", "a</b>"),
    ("3 crossed tags", "<b><i>a</b></i>"),
    ("4 unclosed", "<b>a"),
    ("5 empty href", '<a href="">x</a>'),
    ("6 span without tg-spoiler", "<span>a</span>"),
    ("7 unknown named entity", "&nbsp;x"),
]
# Accepted by the default mode as Telegram accepts them, refused with strict=True.
STRICT_ONLY = [
    ("8 bare >", "a > b"),
    ("9 bare &", "a & b"),
    ("9 entity without ;", "&amp b"),
    ("10 reference beyond Unicode", "&#1114112;"),
    ("11 unknown attribute", '<b x="1">a</b>'),
    ("11 repeated attribute", '<a href="x" href="y">a</a>'),
    ("12 span class not exactly tg-spoiler", '<span class="x tg-spoiler">a</span>'),
    ("13 code class not language-*", '<code class="py">a</code>'),
    ("14 link without href", "<a>x</a>"),
    ("15 custom emoji", '<tg-emoji emoji-id="5368324170671202286">x</tg-emoji>'),
]
# Refused only with the option named.
OPTIONS: list[tuple[str, str, dict[str, Any]]] = [
    ("tags: outside the composer's", "<u>x</u>", {"tags": COMPOSER_TAGS}),
    ("tags: code class", '<code class="language-py">x</code>', {"tags": COMPOSER_TAGS}),
    ("flat: nested", "<b><i>x</i></b>", {"flat": True}),
]


@pytest.mark.parametrize("markup", GOOD)
@pytest.mark.parametrize("strict", [False, True])
def test_good_markup_parses(markup: str, strict: bool) -> None:
    assert parse(markup, strict=strict)


def test_visible_text() -> None:
    assert parse('<b>a</b> &lt;&amp;&#33;&#x41;<a href="u">l</a>', strict=True) == "a <&!Al"
    assert parse("a > b & c") == "a > b & c"  # as Telegram


@pytest.mark.parametrize(("rule", "markup"), ALWAYS)
@pytest.mark.parametrize("strict", [False, True])
def test_always_refused(rule: str, markup: str, strict: bool) -> None:
    with pytest.raises(HtmlError):
        parse(markup, strict=strict)


@pytest.mark.parametrize(("rule", "markup"), STRICT_ONLY)
def test_refused_when_strict(rule: str, markup: str) -> None:
    parse(markup)  # the fake server stays as lenient as Telegram
    with pytest.raises(HtmlError):
        parse(markup, strict=True)


@pytest.mark.parametrize(("rule", "markup", "options"), OPTIONS)
def test_refused_with_option(rule: str, markup: str, options: dict[str, Any]) -> None:
    parse(markup, strict=True)
    with pytest.raises(HtmlError):
        parse(markup, strict=True, **options)


def test_composer_table_accepts_its_own_markup() -> None:
    markup = '<b>T</b>\n<i>i</i> <a href="https://x.org">l</a> <code>LM.0024</code>'
    assert parse(markup, strict=True, tags=COMPOSER_TAGS, flat=True)


def test_message_limits() -> None:
    assert check_message("&amp;" * 4096) == "&" * 4096
    for bad in ("   ", "<b> </b>", "x" * 4097):
        with pytest.raises(HtmlError):
            check_message(bad)
