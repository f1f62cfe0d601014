"""Small word lists shared by the matchers (why: one place to tune what counts as evidence)."""

from __future__ import annotations


def wordset(text: str) -> frozenset[str]:
    """Whitespace-separated words as a set (keeps long word lists readable)."""
    return frozenset(text.split())


# Function words: never evidence for a record, a country or an intent on their own.
STOP_WORDS = wordset("""
    a an the of on in at to for from by with about and or nor but is are was were be been
    being am do does did done have has had having it its it's this that these those there
    their they them he she his her i me my we our us you your yours what which who whom whose
    when where why how can could would should will shall may might must please pls plz tell
    show give me get find know let s t d ll re ve m o y also just any all some so as than then
    into onto over under up out not no yes ok okay hey hi hello thanks thank again more most
    very much many one ones like want need would'd kindly bot migbot ask whats wat wht abt
    u ur r im i'm its' info information details detail about re regarding concerning
    wich whic wat wot wht wen hw tel abt n nd an thru bc coz cuz yeah ya
    """)

# Words that appear in most names and so say nothing about which record is meant.
GENERIC_WORDS = wordset("""
    process processes project projects migration migrations migratory dialogue dialogues
    programme programmes program programs idf fund iom the initiative initiatives
    """)

# Words that name the kind of record asked for (the ``kind`` slot).
KIND_WORDS: dict[str, str] = {
    "dialogue": "dialogue",
    "dialogues": "dialogue",
    "dialog": "dialogue",
    "dialogs": "dialogue",
    "process": "dialogue",
    "processes": "dialogue",
    "rcp": "dialogue",
    "rcps": "dialogue",
    "forum": "dialogue",
    "forums": "dialogue",
    "consultation": "dialogue",
    "consultations": "dialogue",
    "mechanism": "dialogue",
    "mechanisms": "dialogue",
    "project": "project",
    "projects": "project",
    "idf": "project",
    "programme": "project",
    "programmes": "project",
}
PLURAL_KIND_WORDS = wordset("""dialogues dialogs processes rcps forums consultations
    mechanisms projects
    programmes""")

# Singular kind words: "the Pacific project" points at one record, not at a list.
SINGULAR_KIND_WORDS = wordset(
    "dialogue dialog process rcp forum consultation mechanism project programme"
)
# Kind words as people mistype them.
KIND_TYPOS: dict[str, str] = {
    "proces": "process", "procss": "process", "proccess": "process", "procces": "process",
    "proc": "process", "prosess": "process", "processs": "process", "porcess": "process",
    "projct": "project", "projet": "project", "progect": "project", "porject": "project",
    "projcts": "projects", "projets": "projects", "projetcs": "projects",
    "progects": "projects", "porjects": "projects", "projecs": "projects",
    "dialouge": "dialogue", "dialogu": "dialogue", "dialouges": "dialogues",
    "dialoges": "dialogues", "dialogue's": "dialogue",
    # chat spellings of function words
    "wich": "which", "whic": "which", "wat": "what", "wot": "what", "wht": "what",
    "wen": "when", "r": "are", "u": "you", "ur": "your", "abt": "about", "tel": "tell",
    "n": "and", "nd": "and", "hw": "how", "whos": "who", "wats": "what",
}  # fmt: skip

# Words that make "how many ..." / "total ..." an aggregate question.
AGGREGATE_WORDS = wordset("total sum overall combined aggregate altogether")
COUNT_PHRASES = ("how many", "number of", "count of", "count the", "how much")

# Pronouns that make a question lean on the record of the previous answer.
FOLLOW_UP_WORDS = wordset("it its they their them this that these those he she")
