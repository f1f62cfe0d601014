"""The one fact a question asked, written before the whole section that holds it.

"Who are the observers of the Bali Process?" starts with the observers, "how many members
…" with the number, "where did X meet in 2007?" with that meeting. Each writer returns the
lines of that lead (first line first; empty when the question asked for the section as a
whole), from the record's data only: a fact the knowledge lacks is said to be missing,
never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from migbot.answers import sections as S
from migbot.answers.rankings import start_date
from migbot.knowledge.countries import country_name
from migbot.knowledge.models import Dialogue, Meeting, Project, Record
from migbot.slots import Slots

CUT_SHORT = "the source lists only some"


def _plural(n: int, noun: str, many: str | None = None) -> str:
    return f"{n} {noun if n == 1 else many or noun + 's'}"


def _membership(record: Record, country: str) -> str:
    """Whether ``country`` takes part in ``record``, as the knowledge records it."""
    who, name = country_name(country), S.mention(record)
    if isinstance(record, Project):
        if country in record.beneficiaries:
            return f"{who} is a benefiting Member State of {name}."
        return f"{who} is not among the benefiting Member States recorded for {name}."
    if country in record.member_codes():
        return f"{who} is a member of {name}."
    if country in record.observers:
        return f"{who} is an observer of {name}."
    if any(country in team.countries for team in record.country_teams):
        return f"{who} is in a country team of {name}."
    cut = " (the source lists only some members)" if record.members_truncated else ""
    return f"{who} is not recorded as a member or observer of {name}{cut}."


def _members(record: Record, ask: Slots, words: frozenset[str]) -> list[str]:
    name = S.mention(record)
    countries = ask.countries or ((ask.country,) if ask.country else ())
    if countries and ask.detail is None and not ask.count:  # "is Georgia a member of …"
        return [_membership(record, c) for c in countries]
    if isinstance(record, Project):
        if not ask.count:
            return []
        n = len(record.beneficiaries)
        if not n:
            return [f"The knowledge records no benefiting Member State of {name}."]
        return [f"{_plural(n, 'benefiting Member State')} of {name}."]
    if ask.detail == "observers":
        observers = [country_name(c) for c in record.observers] + record.observer_organizations
        if not observers:
            return [f"The knowledge records no observers of {name}."]
        if ask.count:
            return [f"{_plural(len(observers), 'observer')} of {name}: {', '.join(observers)}."]
        return [f"Observers ({len(observers)}): {', '.join(observers)}."]
    if not ask.count:
        return []
    n = len(record.member_codes())
    if not n:
        why = " (the source page's list was cut short)" if record.members_truncated else ""
        return [f"The knowledge records no Member States of {name}{why}."]
    note = f" ({CUT_SHORT})" if record.members_truncated else ""
    lines = [f"{_plural(n, 'Member State')} in {name}{note}."]
    if record.observers:
        lines.append(f"Observers: {len(record.observers)}.")
    return lines


def _in_year(meeting: Meeting, year: int, op: str) -> bool:
    years = {meeting.date.year, meeting.date_end.year if meeting.date_end else meeting.date.year}
    if op == "before":
        return min(years) < year
    if op == "after":
        return max(years) > year
    return year in years


def _meetings(record: Record, ask: Slots, words: frozenset[str]) -> list[str]:
    if not isinstance(record, Dialogue):
        return []
    name = S.mention(record)
    note = f" ({CUT_SHORT})" if record.meetings_truncated else ""
    meetings = S.sorted_meetings(record)  # newest first
    if ask.year is not None:
        op = ask.year_op or "in"
        found = [m for m in meetings if _in_year(m, ask.year, op)]
        when = f"{op} {ask.year}"
        if not found:
            return [f"The knowledge records no meeting of {name} {when}{note}."]
        head = f"{_plural(len(found), 'meeting')} of {name} {when}:"
        return [head, *(f"• {S.meeting_line(m)}" for m in reversed(found))]
    if not meetings:
        if ask.count or ask.detail in ("first", "last", "place"):
            return [f"The knowledge records no meetings of {name}{note}."]
        return []
    if ask.detail in ("first", "last"):
        meeting = meetings[-1] if ask.detail == "first" else meetings[0]
        which = "First" if ask.detail == "first" else "Last"
        return [f"{which} recorded meeting{note}: {S.meeting_line(meeting)}"]
    if ask.detail == "place":
        placed = [m for m in reversed(meetings) if m.place]
        if not placed:
            return [f"The knowledge records no meeting place for {name}."]
        places = [f"{m.place} ({m.when()})" for m in placed]
        return [f"Meeting places of {name}{note}: {'; '.join(places)}."]
    if ask.count:
        return [f"{_plural(len(meetings), 'meeting')} of {name} recorded{note}."]
    return []


_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"\w+")


def launch_sentence(summary: str | None, year: int | None, words: frozenset[str]) -> str | None:
    """The summary's sentence about the launch: it has a start word ("launched", "set up",
    from ``lang/*/words.yaml``) and the start year where one is known."""
    for sentence in _SENTENCE.split(summary or ""):
        tokens = set(_WORD.findall(sentence.casefold()))
        if tokens & words and (year is None or str(year) in tokens):
            return sentence
    return None


def _timeline(record: Record, ask: Slots, words: frozenset[str]) -> list[str]:
    if ask.detail != "launch":
        return []
    name = S.mention(record)
    start = start_date(record)
    verb = "Started" if isinstance(record, Project) else "Established"
    if start is None:
        return [f"The knowledge has no launch date for {name}."]
    lines = [f"{verb}: {start.human()}."]
    said = launch_sentence(record.summary, start.year, words)
    if said:
        lines.append(f"The record says: “{said}”")
    if isinstance(record, Dialogue):
        # Where: only when the earliest recorded meeting falls in the year it was founded.
        first = min(record.meetings, key=lambda m: m.date.iso(), default=None)
        if first is not None and first.place and first.date.year == start.year:
            return [*lines, f"First recorded meeting: {S.meeting_line(first)}."]
    if not said:
        lines.append("The knowledge does not say where it was launched.")
    return lines


def _country_teams(record: Record, ask: Slots, words: frozenset[str]) -> list[str]:
    if not ask.count or not isinstance(record, Dialogue):
        return []
    return [f"{_plural(len(record.country_teams), 'country team')} in {S.mention(record)}."]


def _chair(record: Record, ask: Slots, words: frozenset[str]) -> list[str]:
    if not ask.count or not isinstance(record, Dialogue):
        return []
    return [f"{_plural(len(record.past_chairs), 'past chair')} recorded for {S.mention(record)}."]


Lead = Callable[[Record, Slots, frozenset[str]], list[str]]
LEADS: dict[str, Lead] = {
    "members": _members,
    "meetings": _meetings,
    "timeline": _timeline,
    "country_teams": _country_teams,
    "chair": _chair,
}


def lead(
    record: Record, section: str, ask: Slots | None, start_words: frozenset[str] = frozenset()
) -> list[str]:
    """The lines answering the detail ``ask`` names in ``section`` (none: no lead).
    ``start_words``: the words that say a record began (``launch_sentence``)."""
    writer = LEADS.get(section)
    if writer is None or ask is None:
        return []
    return writer(record, ask, start_words)
