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
from migbot.answers.sections import country_name, human
from migbot.i18n import _, ngettext
from migbot.knowledge.countries import lookup_country
from migbot.knowledge.models import Dialogue, Meeting, Project, Record
from migbot.slots import Slots


def _cut_short() -> str:
    return _(" (the source lists only some)")


def in_year(op: str, year: object) -> str:
    """``in 2007``, ``before 2007``, ``after 2007``."""
    said = {"before": _("before {year}"), "after": _("after {year}")}.get(op, _("in {year}"))
    return said.format(year=year)


def _membership(record: Record, country: str) -> str:
    """Whether ``country`` takes part in ``record``, as the knowledge records it."""
    who, name = country_name(country), S.mention(record)
    if isinstance(record, Project):
        if country in record.beneficiaries:
            said = _("{who} is a benefiting Member State of {name}.")
        else:
            said = _("{who} is not among the benefiting Member States recorded for {name}.")
    elif country in record.member_codes():
        said = _("{who} is a member of {name}.")
    elif country in record.observers:
        said = _("{who} is an observer of {name}.")
    elif any(country in team.countries for team in record.country_teams):
        said = _("{who} is in a country team of {name}.")
    elif record.members_truncated:
        said = _(
            "{who} is not recorded as a member or observer of {name} "
            "(the source lists only some members)."
        )
    else:
        said = _("{who} is not recorded as a member or observer of {name}.")
    return said.format(who=who, name=name)


def _members(record: Record, ask: Slots, words: frozenset[str]) -> list[str]:
    name = S.mention(record)
    countries = ask.countries or ((ask.country,) if ask.country else ())
    if countries and ask.detail is None and not ask.count:  # "is Georgia a member of …"
        lines = [_membership(record, c) for c in countries]
        if isinstance(record, Dialogue):  # "le FMMD et le Maroc": it met there in 2018
            for code in countries:
                held = [S.when(m) for m in reversed(_held_in(record, code))]
                if held:
                    said = _("Meetings of {name} in {country}: {dates}.")
                    lines.append(
                        said.format(name=name, country=country_name(code), dates=", ".join(held))
                    )
        return lines
    if isinstance(record, Project):
        if not ask.count:
            return []
        n = len(record.beneficiaries)
        if not n:
            return [
                _("The knowledge records no benefiting Member State of {name}.").format(name=name)
            ]
        said = ngettext(
            "{n} benefiting Member State of {name}.", "{n} benefiting Member States of {name}.", n
        )
        return [said.format(n=n, name=name)]
    if ask.detail == "observers":
        observers = [country_name(c) for c in record.observers] + record.observer_organizations
        if not observers:
            return [_("The knowledge records no observers of {name}.").format(name=name)]
        n, listed = len(observers), ", ".join(observers)
        if ask.count:
            said = ngettext(
                "{n} observer of {name}: {list}.", "{n} observers of {name}: {list}.", n
            )
            return [said.format(n=n, name=name, list=listed)]
        return [_("Observers ({n}): {list}.").format(n=n, list=listed)]
    if not ask.count:
        return []
    n = len(record.member_codes())
    if not n:
        if record.members_truncated:
            said = _(
                "The knowledge records no Member States of {name} "
                "(the source page's list was cut short)."
            )
        else:
            said = _("The knowledge records no Member States of {name}.")
        return [said.format(name=name)]
    note = _cut_short() if record.members_truncated else ""
    lines = [
        ngettext(
            "{n} Member State in {name}{note}.", "{n} Member States in {name}{note}.", n
        ).format(n=n, name=name, note=note)
    ]
    if record.observers:
        lines.append(_("Observers: {n}.").format(n=len(record.observers)))
    return lines


def _in_year(meeting: Meeting, year: int, op: str) -> bool:
    years = {meeting.date.year, meeting.date_end.year if meeting.date_end else meeting.date.year}
    if op == "before":
        return min(years) < year
    if op == "after":
        return max(years) > year
    return year in years


def _held_in(dialogue: Dialogue, code: str) -> list[Meeting]:
    """The dialogue's meetings, newest first, whose place ("Puerto Vallarta, Mexico",
    "Mexico") names country ``code``."""
    return [
        m
        for m in S.sorted_meetings(dialogue)
        if any(lookup_country(part) == code for part in (m.place or "").split(","))
    ]


def _meetings(record: Record, ask: Slots, words: frozenset[str]) -> list[str]:
    if not isinstance(record, Dialogue):
        return []
    name = S.mention(record)
    note = _cut_short() if record.meetings_truncated else ""
    meetings = S.sorted_meetings(record)  # newest first
    if ask.year is not None:
        op = ask.year_op or "in"
        found = [m for m in meetings if _in_year(m, ask.year, op)]
        when = in_year(op, ask.year)
        if not found:
            said = _("The knowledge records no meeting of {name} {when}{note}.")
            return [said.format(name=name, when=when, note=note)]
        n = len(found)
        head = ngettext("{n} meeting of {name} {when}:", "{n} meetings of {name} {when}:", n)
        return [
            head.format(n=n, name=name, when=when),
            *(f"• {S.meeting_line(m)}" for m in reversed(found)),
        ]
    if ask.country is not None and any(m.place for m in meetings):
        # "GFMD meeting in Mexico": the meetings held there (the place names the country).
        held = _held_in(record, ask.country)
        country = country_name(ask.country)
        if not held:
            said = _("The knowledge records no meeting of {name} in {country}{note}.")
            return [said.format(name=name, country=country, note=note)]
        n = len(held)
        head = ngettext(
            "{n} meeting of {name} in {country}:", "{n} meetings of {name} in {country}:", n
        )
        return [
            head.format(n=n, name=name, country=country),
            *(f"• {S.meeting_line(m)}" for m in reversed(held)),
        ]
    if not meetings:
        if ask.count or ask.detail in ("first", "last", "place"):
            said = _("The knowledge records no meetings of {name}{note}.")
            return [said.format(name=name, note=note)]
        return []
    if ask.detail in ("first", "last"):
        meeting = meetings[-1] if ask.detail == "first" else meetings[0]
        if ask.detail == "first":
            said = _("First recorded meeting{note}: {meeting}")
        else:
            said = _("Last recorded meeting{note}: {meeting}")
        return [said.format(note=note, meeting=S.meeting_line(meeting))]
    if ask.detail == "place":
        placed = [m for m in reversed(meetings) if m.place]
        if not placed:
            return [_("The knowledge records no meeting place for {name}.").format(name=name)]
        places = "; ".join(f"{m.place} ({S.when(m)})" for m in placed)
        said = _("Meeting places of {name}{note}: {places}.")
        return [said.format(name=name, note=note, places=places)]
    if ask.count:
        n = len(meetings)
        said = ngettext(
            "{n} meeting of {name} recorded{note}.", "{n} meetings of {name} recorded{note}.", n
        )
        return [said.format(n=n, name=name, note=note)]
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
    verb = _("Started: {date}.") if isinstance(record, Project) else _("Established: {date}.")
    if start is None:
        return [_("The knowledge has no launch date for {name}.").format(name=name)]
    lines = [verb.format(date=human(start))]
    said = launch_sentence(record.summary, start.year, words)
    if said:
        lines.append(_("The record says: “{said}”").format(said=said))
    if isinstance(record, Dialogue):
        # Where: only when the earliest recorded meeting falls in the year it was founded.
        first = min(record.meetings, key=lambda m: m.date.iso(), default=None)
        if first is not None and first.place and first.date.year == start.year:
            meeting = _("First recorded meeting: {meeting}.")
            return [*lines, meeting.format(meeting=S.meeting_line(first))]
    if not said:
        lines.append(_("The knowledge does not say where it was launched."))
    return lines


def _country_teams(record: Record, ask: Slots, words: frozenset[str]) -> list[str]:
    if not ask.count or not isinstance(record, Dialogue):
        return []
    n = len(record.country_teams)
    said = ngettext("{n} country team in {name}.", "{n} country teams in {name}.", n)
    return [said.format(n=n, name=S.mention(record))]


def _chair(record: Record, ask: Slots, words: frozenset[str]) -> list[str]:
    if not ask.count or not isinstance(record, Dialogue):
        return []
    n = len(record.past_chairs)
    said = ngettext(
        "{n} past chair recorded for {name}.", "{n} past chairs recorded for {name}.", n
    )
    return [said.format(n=n, name=S.mention(record))]


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
