"""The words of one language, read from ``knowledge/lang/<code>/``: the matchers' vocabulary.

Every word the matcher knows lives in these files, never in Python, so adding a language is
adding a folder (in the spirit of Home Assistant's intents):

- ``intents.yaml``: cues, phrases and examples per intent label of ``knowledge/intents.yaml``;
- ``words.yaml``: function words, words of names, kind words, typos, ordinals, year words…;
- ``countries.yaml``: country names people use beyond the ISO ones (demonyms, old names).

Loaded and validated like the records (``file:line: field: message``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from migbot.knowledge.models import RecordKind, TextList
from migbot.slots import Detail, Rank


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _words(value: object) -> object:
    """A word list may be written as one string of space-separated words (keeps YAML short)."""
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list):
        return [w for item in value for w in (item.split() if isinstance(item, str) else [item])]
    return value


WordList = Annotated[list[str], BeforeValidator(_words)]


class IntentWording(_Strict):
    """How people ask for one intent in this language."""

    label: str
    cues: TextList = []
    # Words that point to this intent only at a question's head ("when ...", "how many
    # countries ...") or alone after the record ("px-0220 countries").
    heads: TextList = []
    # Words that frame a question without saying what it asks ("what is", "tell me about"):
    # they count only when nothing else is asked.
    frames: TextList = []
    phrases: TextList = []
    # Questions that must be read as this intent (scored by the tests, like hassil's tests).
    examples: TextList = []


class IntentsWording(_Strict):
    intents: list[IntentWording]


class KindWords(_Strict):
    singular: WordList = []  # "the Pacific project": one record of this kind
    plural: WordList = []  # "projects in Africa": a list of this kind
    other: WordList = []  # names the kind, neither one nor many ("IDF")


class YearWords(_Strict):
    """Words around a year: "before 2005", "since 2010", "2010 onwards", "ended in 2009"."""

    before: TextList = []  # before the year, as the word(s) right before it
    after: TextList = []
    before_trailing: TextList = []  # "2005 or earlier"
    after_trailing: TextList = []  # "2010 onwards"
    start: WordList = []  # the year is a start ("started in 2019", "launched")
    end: WordList = []  # the year is an end ("ended", "completed in")
    active: WordList = []  # the year is one the record ran in ("active in 2019")


class Words(_Strict):
    """``lang/<code>/words.yaml``."""

    # How words are reduced to one form ("Грузии" → "грузия"): the library that does it.
    word_forms: Literal["none", "snowball", "pymorphy3"] = "none"
    # Function words: never evidence for a record, a country or an intent on their own.
    stop: WordList = []
    # Question words: a cue that opens with one at the question's start is its head.
    interrogatives: WordList = []
    # Question words whose next word is what the question asks ("what themes ...").
    determiners: WordList = []
    # A kind word after one of these means any record of the kind ("any IDF project").
    quantifiers: WordList = []
    # Words that link a kind word to the name after it ("Processus de Quito": "de").
    name_links: WordList = []
    # Words that make a kind word spelt alike in both numbers plural: the two before it
    # ("les processus"), or the one right after it as written ("processus consultatifs").
    plural_markers: WordList = []
    # Articles: dropped when a question is compared with a phrase.
    articles: WordList = []
    # Words in most record names: they say nothing about which record is meant.
    generic: WordList = []
    # Common words in names that still carry a little meaning (weighed lightly).
    weak: WordList = []
    # Words of the domain that explain themselves in a question across records.
    domain: WordList = []
    # Words a person adds around a question that change nothing ("pls", "currently").
    filler: WordList = []
    kinds: dict[RecordKind, KindWords] = {}
    # Misspellings and chat spellings → the word meant ("proces", "wich").
    typos: dict[str, str] = {}
    # Pronouns that make a question lean on the previous answer's record.
    follow_up: WordList = []
    # Words that open a follow-up ("and its budget?").
    follow_up_openers: WordList = []
    # "total", "sum": an aggregate over records.
    aggregate: WordList = []
    # Words naming the Development Fund itself: its spending is a total over projects.
    fund: WordList = []
    # "how many": a count.
    count: TextList = []
    # Picking an offered reading: "the first one", "2", "last".
    ordinals: dict[str, int] = {}
    choice_filler: WordList = []
    years: YearWords = YearWords()
    # Everyday status words → the start of a status value the knowledge uses.
    statuses: dict[str, str] = {}
    # Words joining two statuses ("dormant or discontinued").
    status_joiners: WordList = []
    # Everyday words → a word of a project type ("labor" → "labour").
    type_synonyms: dict[str, str] = {}
    # Region and coverage names in this language → the value the knowledge writes
    # ("afrique de l'ouest": West Africa); the knowledge's own values are always known.
    regions: dict[str, str] = {}
    # Words that call a region a region ("the Europe region", "la région Europe", "регион
    # Европы"): beside a region's name they belong to the filter, not to a record's name.
    region_nouns: WordList = []
    # Words that deny the status after them ("no longer active", "уже не действуют"): the
    # list then holds the records of every other status.
    negations: WordList = []
    coverages: dict[str, str] = {}
    # Words of this language → the words the knowledge's record names (written in English)
    # use for them ("диаспора": diaspora), so a question finds a project by its title's words.
    name_words: dict[str, WordList] = {}
    # Words of a type name too common to name the type alone.
    bland_type_words: WordList = []
    # Words of type names that never name a type on their own ("migration", "regional").
    non_type_words: WordList = []
    # A list keyword (a word of the knowledge) → words that only qualify it: the records say
    # "trafficking in persons", "human trafficking" and "trafficking in human beings" alike,
    # so beside the keyword these words do not narrow the list.
    keyword_companions: dict[str, WordList] = {}
    # Rankings across records: rank → the phrases that ask for it ("the oldest dialogue").
    ranks: dict[Rank, TextList] = {}
    # One fact inside a section: detail → the phrases that ask for it ("observers").
    details: dict[Detail, TextList] = {}
    # Words that answer a greeting in kind.
    thanks: TextList = []
    bye: TextList = []


class CountryWords(_Strict):
    """``lang/<code>/countries.yaml``: names beyond ISO 3166 and the Babel/pycountry ones."""

    # Abbreviations people type for a country (two- or three-letter words are never read as
    # a country code otherwise: "in", "us", "me" are words).
    abbreviations: dict[str, str] = {}
    # Demonyms ("Georgian projects") and common, old or misspelled names ("Holland").
    names: dict[str, str] = {}
    # Words of this language that a country's name shares and that mean something else
    # ("того" is "of that" before it is Togo; "reunion" is a meeting in Spanish).
    ignore: TextList = []


class Names(_Strict):
    """``lang/<code>/names.yaml``: what the records are called in this language, as their
    secretariats and IOM's pages in it name them ("Processus de Rabat", "Пражский процесс").
    The first name of a record is the one an answer in this language shows."""

    names: dict[str, TextList] = {}  # record id → names


class Language(_Strict):
    """Everything one ``lang/<code>/`` folder says."""

    code: str = Field(pattern=r"^[a-z]{2,3}$")
    intents: dict[str, IntentWording] = {}
    words: Words = Words()
    countries: CountryWords = CountryWords()
    names: Names = Names()
