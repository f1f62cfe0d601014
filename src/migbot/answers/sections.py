"""One writer per record section: what a person sees for "members of X", "budget of Y"…

Each writer fills a ``Doc`` from the record alone. A section the knowledge lacks says so
plainly; the composer adds the source link under every record answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from migbot.answers.doc import Doc
from migbot.answers.labels import region, section_label
from migbot.answers.labels import value as word
from migbot.i18n import _, tongue
from migbot.knowledge.loader import KnowledgeBase
from migbot.knowledge.models import Dialogue, Meeting, PartialDate, Project, Record

T = TypeVar("T")

PAGE_SIZE = 10  # list items per page: keeps every answer far below Telegram's 4096 characters
# A summary naming a year tells some history (shown under the timeline).
HISTORY = re.compile(r"\b(1[89]|20)\d\d\b")
MEMBERS_PAGE = 50  # member states are short names: a whole membership fits one message


def label(record: Record, section: str) -> str:
    return section_label(section, record.kind)


def display_name(record: Record) -> str:
    if isinstance(record, Project):
        return f"{record.idf_id} — {record.title}" if record.idf_id else record.title
    return f"{record.name} ({record.acronym})" if record.acronym else record.name


def local_name(kb: KnowledgeBase, record: Record) -> str | None:
    """The record's name in the language being spoken (``lang/<code>/names.yaml``)."""
    language = kb.languages.get(tongue().code)
    names = language.names.names.get(record.id) if language else None
    return names[0] if names else None


def title(kb: KnowledgeBase, record: Record) -> str:
    """The record's display name, after its name in the reader's language if known (a
    card's heading, a map's title)."""
    local = local_name(kb, record)
    shown = display_name(record)
    return f"{local} — {shown}" if local and local != shown else shown


def short_name(record: Record, limit: int = 48) -> str:
    """A button-sized name: the acronym or IDF ID where there is one."""
    if isinstance(record, Project):
        name = f"{record.idf_id} {record.title}" if record.idf_id else record.title
    else:
        name = f"{record.acronym} — {record.name}" if record.acronym else record.name
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def mention(record: Record, limit: int = 90) -> str:
    """How a sentence names a record: a project by its IDF ID, a dialogue by its name."""
    if isinstance(record, Project) and record.idf_id:
        return record.idf_id
    name = record.name
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def money(amount: float) -> str:
    return tongue().money(amount)


def country_name(code: str) -> str:
    """A country's name in the language being spoken."""
    return tongue().country(code)


def countries(codes: list[str]) -> str:
    return ", ".join(country_name(c) for c in codes)


def human(date: PartialDate | None) -> str | None:
    """A record date in the language being spoken: ``2008``, ``May 2008``, ``14 May 2008``."""
    return tongue().date(date.year, date.month, date.day) if date else None


def when(meeting: Meeting) -> str:
    """A meeting's date or dates: ``14–15 March 2007``, ``May 2008 – June 2008``."""
    start, end = meeting.date, meeting.date_end
    if end is None:
        return human(start) or ""
    if (start.year, start.month) == (end.year, end.month) and start.day and end.day:
        return f"{start.day}–{human(end)}"
    return f"{human(start)} – {human(end)}"


def meeting_line(meeting: Meeting) -> str:
    parts = [when(meeting)]
    if meeting.place:
        parts.append(meeting.place)
    text = ", ".join(parts)
    return f"{text} — {meeting.title}" if meeting.title else text


def sorted_meetings(dialogue: Dialogue) -> list[Meeting]:
    return sorted(dialogue.meetings, key=lambda m: m.date.iso(), reverse=True)


def page_count(total: int, size: int = PAGE_SIZE) -> int:
    return max(1, -(-total // size))


def page_slice(items: list[T], page: int, size: int = PAGE_SIZE) -> tuple[list[T], int, int]:
    """The items of ``page``, ``page`` clamped to the pages there are, and the page count."""
    pages = page_count(len(items), size)
    page = min(max(page, 0), pages - 1)
    return items[page * size : (page + 1) * size], page, pages


# --- dialogue sections ------------------------------------------------------------------


def _d_overview(d: Dialogue, doc: Doc, page: int) -> None:
    doc.field(_("Type"), d.type)
    doc.field(_("Regions covered"), ", ".join(map(region, d.regions)))
    doc.field(_("Formal association"), d.formal_association)
    doc.field(_("Established"), human(d.established))
    doc.field(_("Ended"), human(d.ended))
    doc.field(_("Status"), d.status and word(d.status))
    doc.field(_("Chair"), d.chair)
    doc.field(_("Secretariat"), d.secretariat)
    count = len(d.member_codes())
    if count:
        cut = _(" (list cut short at the source)") if d.members_truncated else ""
        doc.field(_("Member States"), f"{tongue().number(count)}{cut}")
    if d.summary:
        doc.blank().line(d.summary)


def _d_members(d: Dialogue, doc: Doc, page: int) -> None:
    codes = d.member_codes()
    if not codes and not d.member_organizations:
        doc.line(_("The knowledge has no member list for this dialogue."))
    # (group heading, group size, position in group, country name), paginated.
    entries = [
        (group.group, len(group.countries), n, country_name(code))
        for group in d.member_states
        for n, code in enumerate(group.countries)
    ]
    shown, page, pages = page_slice(entries, page, MEMBERS_PAGE)
    if codes:
        if pages > 1:
            doc.line(
                _("Member States ({n}, page {page} of {pages}):").format(
                    n=len(codes), page=page + 1, pages=pages
                )
            )
        else:
            doc.line(_("Member States ({n}):").format(n=len(codes)))
        current: object = object()
        for heading, size, n, name in shown:
            if heading != current:
                current = heading
                if heading:
                    more = _("{heading} ({n}, continued):") if n else _("{heading} ({n}):")
                    doc.italic(more.format(heading=heading, n=size))
            doc.line(f"• {name}")
    if d.members_truncated and codes:
        doc.italic(_("The source page cuts this list short: other members are not recorded here."))
    elif d.members_truncated:
        doc.italic(
            _("The source page's member list was cut short, so none is recorded: see it there.")
        )
    if page < pages - 1:
        return  # observers and organisations follow the last page of member states
    if d.observers or d.observer_organizations:
        doc.blank().line(_("Observers:"))
        doc.bullets([country_name(c) for c in d.observers] + d.observer_organizations)
    if d.member_organizations:
        doc.blank().line(_("Member organisations ({n}):").format(n=len(d.member_organizations)))
        doc.bullets(d.member_organizations)


def _d_meetings(d: Dialogue, doc: Doc, page: int) -> None:
    meetings = sorted_meetings(d)
    if not meetings:
        doc.line(_("The knowledge records no meetings for this dialogue."))
        if d.meetings_truncated:
            doc.italic(_("The source page's list of meetings was cut short: see the source."))
        return
    shown, page, pages = page_slice(meetings, page)
    if pages > 1:
        heading = _("Meetings ({n}, newest first, page {page} of {pages})")
    else:
        heading = _("Meetings ({n}, newest first)")
    doc.line(heading.format(n=len(meetings), page=page + 1, pages=pages))
    doc.bullets([meeting_line(m) for m in shown])
    if d.meetings_truncated:
        doc.italic(_("The source page lists only some meetings: others are not recorded here."))


def _d_objectives(d: Dialogue, doc: Doc, page: int) -> None:
    if not d.objectives and not any(p.objectives for p in d.phases):
        doc.line(_("The knowledge records no objectives for this dialogue."))
        if d.summary:
            doc.blank().line(d.summary)
        return
    if d.objectives:
        doc.line(_("Objectives:")).bullets(d.objectives)
    for phase in d.phases:
        if phase.objectives and not d.objectives:
            doc.blank().line(f"{phase.name}:").bullets(phase.objectives)
    if d.phases and d.objectives:
        spans = []
        for phase in d.phases:
            span = " – ".join(human(x) or "" for x in (phase.start, phase.end) if x is not None)
            spans.append(f"{phase.name} ({span})" if span else phase.name)
        doc.blank().line(
            _("Phases: {phases} (details under {timeline}).").format(
                phases="; ".join(spans), timeline=section_label("timeline")
            )
        )


def _d_themes(d: Dialogue, doc: Doc, page: int) -> None:
    if not d.thematic_focus:
        doc.line(_("The knowledge records no thematic focus for this dialogue."))
        return
    doc.line(_("Thematic focus:")).bullets(d.thematic_focus)


def _d_timeline(d: Dialogue, doc: Doc, page: int) -> None:
    doc.field(_("Established"), human(d.established))
    for phase in d.phases:
        span = " – ".join(human(x) or "" for x in (phase.start, phase.end) if x is not None)
        doc.blank().line(f"{phase.name}{f' ({span})' if span else ''}:")
        if phase.description:
            doc.line(phase.description)
    if d.phases:
        doc.blank()
    doc.field(_("Ended"), human(d.ended))
    doc.field(_("Status"), word(d.status or "Ended") if d.status or d.ended else None)
    if d.meetings:
        # The meetings date a dialogue the page gives no founding year for ("when did the
        # High Level Dialogue take place?").
        dated = sorted_meetings(d)  # newest first
        first, last = dated[-1], dated[0]
        span = when(first) if first is last else f"{when(first)} … {when(last)}"
        doc.field(_("Meetings recorded"), f"{tongue().number(len(d.meetings))} ({span})")
    if d.summary and HISTORY.search(d.summary):
        # A summary that names years tells where the dialogue came from ("descended from
        # the 2001 Söderköping process"): the story behind the dates.
        doc.blank().line(d.summary)
    if not (d.established or d.ended or d.status or d.phases or d.meetings):
        doc.line(_("The knowledge has no dates for this dialogue."))


def _d_budget(d: Dialogue, doc: Doc, page: int) -> None:
    doc.line(
        _(
            "The knowledge has no budget or funding figures for this dialogue "
            "(budgets are recorded for IOM Development Fund projects)."
        )
    )


def _d_chair(d: Dialogue, doc: Doc, page: int) -> None:
    if not d.chair and not d.past_chairs:
        doc.line(_("The knowledge records no chair for this dialogue."))
        return
    doc.field(_("Chair"), d.chair)
    if d.past_chairs:
        doc.blank().line(
            _("Past chairs ({n}, as the source lists them):").format(n=len(d.past_chairs))
        )
        doc.bullets(d.past_chairs)


def _d_secretariat(d: Dialogue, doc: Doc, page: int) -> None:
    if not d.secretariat:
        doc.line(_("The knowledge records no secretariat for this dialogue."))
        return
    doc.field(_("Secretariat"), d.secretariat)


def _d_country_teams(d: Dialogue, doc: Doc, page: int) -> None:
    if not d.country_teams:
        doc.line(_("The knowledge records no country teams for this dialogue."))
        return
    doc.line(_("Country teams ({n}):").format(n=len(d.country_teams)))
    doc.bullets([countries(t.countries) for t in d.country_teams])
    if d.country_teams_note:
        doc.blank().line(d.country_teams_note)


# --- project sections -------------------------------------------------------------------


def _years(p: Project) -> str | None:
    start = human(p.start)
    end = human(p.end)
    if start and end:
        return f"{start} – {end}"
    return start or end


def _p_overview(p: Project, doc: Doc, page: int) -> None:
    doc.field(_("Project ID"), p.idf_id)
    doc.field(_("PRIMA ID"), p.prima_id)
    doc.field(_("Type"), p.project_type)
    doc.field(_("IDF region"), p.idf_region and region(p.idf_region))
    doc.field(_("Coverage"), p.coverage and word(p.coverage))
    doc.field(_("Benefiting Member States"), countries(p.beneficiaries))
    doc.field(_("Period"), _years(p))
    doc.field(_("Status"), p.status and word(p.status))
    doc.field(_("Budget"), (p.budget_usd is not None and money(p.budget_usd)) or None)
    if p.summary:
        doc.blank().line(p.summary)


def _p_members(p: Project, doc: Doc, page: int) -> None:
    if not p.beneficiaries and not p.other_beneficiaries:
        doc.line(_("The knowledge records no benefiting Member States for this project."))
        return
    if p.beneficiaries:
        doc.line(_("Benefiting Member States ({n}):").format(n=len(p.beneficiaries)))
        doc.bullets([country_name(c) for c in p.beneficiaries])
    if p.other_beneficiaries:
        doc.blank().line(_("Other beneficiaries:")).bullets(p.other_beneficiaries)


def _p_objectives(p: Project, doc: Doc, page: int) -> None:
    if p.objectives:
        doc.line(_("Objectives:")).bullets(p.objectives)
    elif p.summary:
        doc.line(_("Aim:")).line(p.summary)
    else:
        doc.line(_("The knowledge records no objectives for this project."))


def _p_themes(p: Project, doc: Doc, page: int) -> None:
    if p.project_type:
        doc.field(_("Project type"), p.project_type)
    else:
        doc.line(_("The knowledge records no project type for this project."))


def _p_timeline(p: Project, doc: Doc, page: int) -> None:
    doc.field(_("Start"), human(p.start))
    doc.field(_("End"), human(p.end))
    doc.field(_("Year"), p.year)
    doc.field(_("Status"), p.status and word(p.status))
    if not (p.start or p.end or p.year or p.status):
        doc.line(_("The knowledge has no dates or status for this project."))


def _p_budget(p: Project, doc: Doc, page: int) -> None:
    if p.budget_usd is None:
        doc.line(_("The knowledge records no budget for this project."))
        return
    doc.field(_("Budget"), money(p.budget_usd))
    doc.line(_("Funded by the IOM Development Fund."))


def _p_meetings(p: Project, doc: Doc, page: int) -> None:
    doc.line(_("Meetings are recorded for dialogues, not for Development Fund projects."))


def _p_country_teams(p: Project, doc: Doc, page: int) -> None:
    doc.line(_("Country teams belong to dialogues; this project has none."))


def _not_of_kind(record: Record, section: str, doc: Doc) -> None:
    """A section the record's kind does not have (a project's chair)."""
    # Only a project lacks sections (chair, secretariat): dialogues have them all.
    said = _("The knowledge records a {section} for dialogues, not for this project.")
    doc.line(said.format(section=label(record, section).lower()))


Writer = Callable[[Record, Doc, int], None]

DIALOGUE_WRITERS: dict[str, Callable[[Dialogue, Doc, int], None]] = {
    "overview": _d_overview,
    "members": _d_members,
    "meetings": _d_meetings,
    "objectives": _d_objectives,
    "themes": _d_themes,
    "timeline": _d_timeline,
    "budget": _d_budget,
    "country_teams": _d_country_teams,
    "chair": _d_chair,
    "secretariat": _d_secretariat,
}
PROJECT_WRITERS: dict[str, Callable[[Project, Doc, int], None]] = {
    "overview": _p_overview,
    "members": _p_members,
    "meetings": _p_meetings,
    "objectives": _p_objectives,
    "themes": _p_themes,
    "timeline": _p_timeline,
    "budget": _p_budget,
    "country_teams": _p_country_teams,
}


def write_section(record: Record, section: str, doc: Doc, page: int = 0) -> None:
    if isinstance(record, Dialogue):
        d_writer = DIALOGUE_WRITERS.get(section)
        if d_writer is not None:
            return d_writer(record, doc, page)
    else:
        p_writer = PROJECT_WRITERS.get(section)
        if p_writer is not None:
            return p_writer(record, doc, page)
    _not_of_kind(record, section, doc)


# Whether a record has something to show in a section (no entry: always).
DIALOGUE_CONTENT: dict[str, Callable[[Dialogue], bool]] = {
    "members": lambda d: bool(d.member_states or d.member_organizations),
    "meetings": lambda d: bool(d.meetings),
    "objectives": lambda d: bool(d.objectives or d.phases),
    "themes": lambda d: bool(d.thematic_focus),
    "timeline": lambda d: bool(d.established or d.ended or d.status or d.phases or d.meetings),
    "country_teams": lambda d: bool(d.country_teams),
    "chair": lambda d: bool(d.chair or d.past_chairs),
    "secretariat": lambda d: bool(d.secretariat),
}
PROJECT_CONTENT: dict[str, Callable[[Project], bool]] = {
    "members": lambda p: bool(p.beneficiaries or p.other_beneficiaries),
    "objectives": lambda p: bool(p.objectives or p.summary),
    "themes": lambda p: bool(p.project_type),
    "timeline": lambda p: bool(p.start or p.end or p.year or p.status),
    "budget": lambda p: p.budget_usd is not None,
}


def sections_with_content(record: Record, sections: Sequence[str]) -> list[str]:
    """Of ``sections`` (the record kind's, in menu order), those worth a button."""
    if isinstance(record, Dialogue):
        return [s for s in sections if DIALOGUE_CONTENT.get(s, _always)(record)]
    return [s for s in sections if PROJECT_CONTENT.get(s, _always)(record)]


def _always(record: Record) -> bool:
    return True


def section_pages(record: Record, section: str) -> int:
    if isinstance(record, Dialogue) and section == "meetings":
        return page_count(len(record.meetings))
    if isinstance(record, Dialogue) and section == "members":
        return page_count(len(record.member_codes()), MEMBERS_PAGE)
    return 1
