"""The normaliser: folding, bot commands and mentions, odd and long input."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from migbot.knowledge import load_knowledge
from migbot.nlu.lexicon import Lexicon
from migbot.nlu.normalise import MAX_TOKENS, normalise, simplify


def test_casefold_accents_and_punctuation() -> None:
    assert normalise("Söderköping PROCESS?!").tokens == ("soderkoping", "process")
    assert simplify("Côte d’Ivoire's") == "cote d ivoire"


def test_ask_command_and_mentions_are_stripped() -> None:
    for text in (
        "/ask budget LM.0024",
        "/ask@MigBot budget LM.0024",
        "@MigBot budget LM.0024",
        "@MigBot /ask budget LM.0024",
        "/ASK@Mig_Bot   budget LM.0024",
    ):
        t = normalise(text)
        assert t.tokens == ("budget", "lm", "0024"), text
        assert t.raw == "budget LM.0024", text


def test_bare_commands_become_their_question() -> None:
    assert normalise("/help").tokens == ("help",)
    assert normalise("/help@MigBot").tokens == ("help",)
    assert normalise("/start").tokens == ("help",)
    assert normalise("/ask").tokens == ()


def test_letter_runs_and_chat_spellings() -> None:
    assert normalise("heyyy").tokens == ("hey",)
    typos = Lexicon.of(load_knowledge().languages["en"]).typos  # lang/en/words.yaml
    assert normalise("wich projcts r there", typos).tokens == ("which", "projects", "are", "there")
    assert normalise("wich projcts r there").tokens == ("wich", "projcts", "r", "there")


def test_empty_and_long_input() -> None:
    assert normalise("").tokens == ()
    assert normalise(None).tokens == ()
    assert normalise("   \n\t ").tokens == ()
    long = normalise("budget " * 5000)
    assert len(long.tokens) <= MAX_TOKENS


def test_odd_unicode_does_not_break() -> None:
    for text in ("\u200b\u200dhi\ufeff", "👋👋", "\x00\x01budget", "ﬁji", "𝐛𝐮𝐝𝐠𝐞𝐭", "\ud7ff"):
        normalise(text)
    assert normalise("𝐛𝐮𝐝𝐠𝐞𝐭").tokens == ("budget",)  # NFKD folds styled letters


@given(st.text(max_size=300))
def test_never_raises(text: str) -> None:
    t = normalise(text)
    assert len(t.tokens) <= MAX_TOKENS
