"""Compose replies: a ``Reading`` or a pressed ``Action`` becomes a ``Reply`` with buttons.

Every button's action names its own target (record, section, page, filters), so "back" and
paging need no server-side state.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from migbot.answers import details, rankings
from migbot.answers import sections as S
from migbot.answers.doc import Doc
from migbot.answers.labels import adjective, rank_labels, region, section_label
from migbot.answers.labels import value as value_word
from migbot.answers.query import MULTI_KEYS, Query, filters_from_slots, involves, values
from migbot.answers.reply import MULTI_SEP, Action, Button, Reply
from migbot.answers.sections import country_name
from migbot.context import Context
from migbot.i18n import SOURCE, _, ngettext, tongue
from migbot.knowledge.loader import KnowledgeBase
from migbot.knowledge.models import Dialogue, Project, Record
from migbot.maps.spec import has_map
from migbot.maps.words import say as map_word
from migbot.nlu.normalise import fold_text
from migbot.nlu.reading import Reading
from migbot.slots import Candidate, Slots

HOME = Action(kind="home")


def examples() -> tuple[str, ...]:
    """Questions to try, in the language being spoken."""
    return (
        _("who are the members of the Cluster Process?"),
        _("budget of LM.0024"),
        _("when did the Bali Process meet?"),
        _("what does Armenia take part in?"),
        _("active projects in Africa"),
    )


def _home() -> str:
    return _("🏠 Home")


def noted_claim() -> str:
    """The sentence saying a question was kept for the team (the terminal keeps none)."""
    return _("I have noted the question so the team can improve.")


def _count_title(n: int, described: str) -> str:
    """A count first: "3 active IDF projects" (a language may put the number after)."""
    # Translators: {what} is a plural noun phrase such as "active IDF projects".
    said = _("{n} {what}").format(n=n, what=described)
    return said[:1].upper() + said[1:]


def _btn(label: str, action: Action) -> Button:
    return Button(label=label, action=action)


def _rows(buttons: Sequence[Button], width: int) -> list[list[Button]]:
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def frozen_filters(filters: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """Filters as an action carries them: sorted by key, one pair per value of a key that
    holds several (each travels, and is checked, on its own in callback data)."""
    return tuple(
        (key, value)
        for key, joined in sorted(filters.items())
        for value in (joined.split(MULTI_SEP) if key in MULTI_KEYS else [joined])
    )


def _list_page(filters: Mapping[str, str]) -> Callable[[int], Action]:
    """The action of a page of a filtered list."""
    frozen = frozen_filters(filters)
    return lambda page: Action(kind="list", filters=frozen, page=page)


def _country_page(country: str) -> Callable[[int], Action]:
    """The action of a page of what one country takes part in."""
    return lambda page: Action(kind="country", country=country, page=page)


def _nav(make: Callable[[int], Action], page: int, pages: int) -> list[Button]:
    """◀/▶ buttons around ``page``; ``make(page)`` builds the action of a page."""
    row = []
    if page > 0:
        row.append(_btn(_("◀ Page {page}").format(page=page), make(page - 1)))
    if page + 1 < pages:
        row.append(_btn(_("Page {page} ▶").format(page=page + 2), make(page + 1)))
    return row


class Composer:
    """Builds replies from one knowledge base (built once, reused for every question)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.table = kb.intent_table
        # Words that say a record began, in every language the knowledge speaks.
        self.start_words = frozenset(
            w.casefold() for lang in kb.languages.values() for w in lang.words.years.start
        )
        self.query = Query(kb)
        # Back from a record's overview returns to the page of its kind's list it is on.
        self.list_page = {
            r.id: n // S.PAGE_SIZE
            for kind in ("dialogue", "project")
            for n, r in enumerate(self.query.select({"kind": kind}))
        }
        # The home menu's shortcuts: the founding records where present, else the first few.
        preferred = ["eu-south-caucasus-cluster-process", "lm-0024"]
        featured = [r for r in preferred if r in kb.records]
        # Then the largest dialogues (most member states): the ones people ask about most.
        largest = sorted(kb.dialogues, key=lambda d: (-len(d.member_codes()), d.name))
        featured += [d.id for d in largest if d.id not in featured and d.member_codes()]
        self.featured = (featured or list(kb.records))[:4]

    def _tone(self, question: str) -> str:
        """hello / thanks / bye, so a greeting is answered in kind (the language's words)."""
        folded = fold_text(question)
        for language in self.kb.languages.values():
            if any(fold_text(w) in folded for w in language.words.thanks):
                return "thanks"
            if any(fold_text(w) in folded for w in language.words.bye):
                return "bye"
        return "hello"

    # --- entry points ---------------------------------------------------------------------

    def compose(self, reading: Reading, context: Context | None, question: str = "") -> Reply:
        ctx = context or Context()
        intent, slots = reading.intent, reading.slots
        common: dict[str, Any] = {"slots": slots.public(), "confidence": reading.confidence}
        section = self.table.is_section(intent)
        if section and reading.entity in self.kb.records:
            reply = self.record(reading.entity, intent, 0, ask=slots, confidence=reading.confidence)
            return reply.model_copy(
                update={"context": reply.context.model_copy(update={"country": ctx.country})}
            )
        if intent == "clarify" and reading.candidates:
            return self.clarify(reading, question, ctx)
        if slots.unknown_id and reading.entity is None:
            return self.unknown_record(reading, question, ctx)
        if intent == "by_country" and slots.country:
            return self.by_country(slots.countries or (slots.country,), 0, **common)
        filters = filters_from_slots(slots)
        if intent == "list" or (slots.rank and reading.entity is None and section):
            # "which dialogue has the most members" read as members, or "the biggest
            # project" as budget, is still a ranking across records.
            return self.listing(filters, 0, count=slots.count, **common)
        if intent == "budget" and reading.entity is None:
            return self.budget_aggregate(filters, count=slots.count, **common)
        if intent == "meetings" and reading.entity is None and slots.year:
            return self.listing({**filters, "show": "meetings"}, 0, count=slots.count, **common)
        if section and reading.entity is None:
            if filters:  # "objectives of labour migration projects": a list answers best
                return self.listing(filters, 0, count=slots.count, **common)
            return self.which_record(intent, ctx, **common)
        if intent == "help":
            return self.help(**common)
        if intent == "greeting":
            return self.greeting(self._tone(question), ctx, **common)
        return self.out_of_scope(question, ctx, reading)

    def press(self, action: Action, context: Context | None) -> Reply:
        ctx = context or Context()
        kind = action.kind
        if kind == "home":
            return self.home()
        if kind == "help":
            return self.help()
        if kind in ("open", "choose"):
            section = action.section if kind == "open" else action.intent
            section = section or "overview"
            if action.entity in self.kb.records and self.table.is_section(section):
                return self.record(action.entity, section, action.page)
            if kind == "choose" and section in ("help", "list", "greeting"):
                return self.compose(Reading(intent=section), ctx)
        elif kind == "list":
            return self.listing(action.filter_dict(), action.page)
        elif kind == "country" and action.country:
            return self.by_country((action.country,), action.page)
        elif kind == "none":
            return self.none_of_these(ctx)
        elif kind == "map":  # transports send the picture; as a reply, the list it maps
            if action.entity in self.kb.records:
                return self.record(action.entity, "members")
            if action.country:
                return self.by_country((action.country,))
        return self.stale()

    # --- records --------------------------------------------------------------------------

    def record(
        self,
        entity: str,
        section: str,
        page: int = 0,
        *,
        ask: Slots | None = None,
        confidence: float = 1.0,
    ) -> Reply:
        """A record's section; ``ask`` (the question's slots) may ask for one fact in it,
        which then comes first (``details``)."""
        record = self.kb.records[entity]
        pages = S.section_pages(record, section)
        page = min(max(page, 0), pages - 1)
        doc = Doc()
        lead = details.lead(record, section, ask, self.start_words)
        if lead:
            doc.title(lead[0])
            for line in lead[1:]:
                doc.line(line)
            doc.blank()
        doc.title(self.title(record))
        if section != "overview":
            doc.italic(S.label(record, section))
        doc.blank()
        S.write_section(record, section, doc, page)
        doc.blank()
        if tongue().code != SOURCE:  # the record's own words are the source's
            doc.italic(_("(source text in English)"))
        for url in record.sources[:2]:
            doc.link(_("Source"), url)
        buttons = self._record_buttons(record, section, page, pages)
        if section == "members" and has_map(record):  # above ◀ Back / 🏠 Home and the source
            buttons.insert(-2, [_btn(map_word("button"), Action(kind="map", entity=entity))])
        return Reply(
            intent=section,
            entity=entity,
            slots=ask.public() if ask is not None else {},
            confidence=confidence,
            text=doc.plain,
            html=doc.html,
            buttons=buttons,
            context=Context(entity=entity, intent=section),
        )

    def _record_buttons(
        self, record: Record, section: str, page: int, pages: int
    ) -> list[list[Button]]:
        others = [
            _btn(S.label(record, s), Action(kind="open", entity=record.id, section=s))
            for s in S.sections_with_content(record, self.table.sections_of(record.kind))
            if s != section
        ]
        rows = _rows(others, 3)
        nav = _nav(
            lambda p: Action(kind="open", entity=record.id, section=section, page=p), page, pages
        )
        if nav:
            rows.append(nav)
        back = (
            Action(kind="open", entity=record.id)
            if section != "overview"
            else Action(
                kind="list",
                filters=(("kind", record.kind),),
                page=self.list_page.get(record.id, 0),
            )
        )
        rows.append([_btn(_("◀ Back"), back), _btn(_home(), HOME)])
        rows.append([Button(label=_("🔗 Source page"), url=record.sources[0])])
        return rows

    def title(self, record: Record) -> str:
        """The record's display name, after its name in the reader's language if known."""
        return S.title(self.kb, record)

    def short(self, record: Record, limit: int) -> str:
        """A button-sized name, in the reader's language where the knowledge has one."""
        local = S.local_name(self.kb, record)
        if local is None:
            return S.short_name(record, limit)
        if isinstance(record, Project) and record.idf_id:
            local = f"{record.idf_id} {local}"  # the ID is how a project is looked up
        return local if len(local) <= limit else local[: limit - 1].rstrip() + "…"

    # --- across records -------------------------------------------------------------------

    def _describe_filters(self, filters: Mapping[str, str], count: bool = False) -> str:
        """Filters in words: "Active projects in Africa", "Dialogues established before 2000";
        for a count, to follow the number: "IDF projects", "dialogues in Africa"."""
        kind = filters.get("kind")
        noun = {"dialogue": _("dialogues"), "project": _("projects")}.get(kind or "", _("records"))
        if count and kind == "project":
            noun = _("IDF projects")
        statuses = [adjective(s) for s in values(filters, "status")]
        adjectives = (
            [_(" or ").join(s.lower() if count else s for s in statuses)] if statuses else []
        )
        if filters.get("coverage"):  # "national projects"
            adjectives.append(adjective(filters["coverage"]).lower())
        if adjectives:
            # Translators: adjectives ("active", "national") beside a plural noun.
            words = [_("{adjectives} {noun}").format(adjectives=" ".join(adjectives), noun=noun)]
        else:
            words = [noun]
        for name in ("dialogue_type", "project_type"):
            if filters.get(name):
                words.append(_("of type {type}").format(type=filters[name]))
        keywords = values(filters, "keywords")
        if keywords:
            quoted = _(" and ").join(f"“{k}”" for k in keywords)
            words.append(_("mentioning {words}").format(words=quoted))
        if filters.get("region"):
            inside = self.kb.regions.inside(filters["region"])
            where = _("in {region} (and its regions)") if inside else _("in {region}")
            words.append(where.format(region=region(filters["region"])))
        if filters.get("country"):
            names = _(" or ").join(country_name(c) for c in values(filters, "country"))
            words.append(_("involving {countries}").format(countries=names))
        if filters.get("year"):
            verb = self._year_verb(filters)
            when = details.in_year(filters.get("year_op", "in"), filters["year"])
            words.append(f"{verb} {when}" if verb else when)
        ranks = rank_labels()
        if filters.get("rank") in ranks:
            words.append(ranks[filters["rank"]])
        text = " ".join(words)
        return text if count else text[:1].upper() + text[1:]

    @staticmethod
    def _year_verb(filters: Mapping[str, str]) -> str:
        """What the year is about (``query.year_matches``): "established", "ended"…"""
        of, kind = filters.get("year_of"), filters.get("kind")
        if of is None and kind == "project":
            of = "active" if filters.get("year_op", "in") == "in" else "start"
        if of == "end":
            return _("ended")
        if of == "active":
            return _("active")
        if of == "start" or kind:
            return _("established") if kind == "dialogue" else _("started")
        return ""

    def listing(
        self,
        filters: Mapping[str, str],
        page: int = 0,
        *,
        count: bool = False,
        slots: Mapping[str, Any] | None = None,
        confidence: float = 1.0,
    ) -> Reply:
        if filters.get("show") == "meetings":
            return self.meetings_list(
                filters, page, count=count, slots=slots, confidence=confidence
            )
        if filters.get("show") == "by_country" and filters.get("country"):
            countries = values(filters, "country")
            return self.by_country(countries, page, slots=slots, confidence=confidence)
        records = self.query.select(filters)
        shown, page, pages = S.page_slice(records, page)
        described = self._describe_filters(filters, count)
        if count:  # "how many …": the number comes first
            doc = Doc().title(_count_title(len(records), described))
        else:
            doc = Doc().title(_("{what}: {n}").format(what=described, n=len(records)))
        if not records:
            doc.line(_("No record in the knowledge matches that. Try fewer filters, or /help."))
        first = page * S.PAGE_SIZE + 1
        how = filters.get("rank", "")
        ranked = how in rankings.RANKS  # each line then says the figure it is ranked by
        doc.numbered(
            [
                self.short(r, 90) + (f" — {rankings.figure(r, how)}" if ranked else "")
                for r in shown
            ],
            start=first,
        )
        if how in ("most_members", "fewest_members") and any(
            isinstance(r, Dialogue) and r.members_truncated for r in shown
        ):
            doc.blank().italic(
                _("* The source lists only some of the members: the real number is higher.")
            )
        rows = _rows(
            [
                _btn(f"{first + i}. {self.short(r, 28)}", Action(kind="open", entity=r.id))
                for i, r in enumerate(shown)
            ],
            2,
        )
        return self._paged(
            doc,
            rows,
            page=page,
            pages=pages,
            page_action=_list_page(filters),
            intent="list",
            slots=slots,
            confidence=confidence,
        )

    def by_country(
        self,
        countries: Sequence[str],
        page: int = 0,
        *,
        slots: Mapping[str, Any] | None = None,
        confidence: float = 1.0,
    ) -> Reply:
        """What one country, or any of several, takes part in: a count line per country
        ("Georgia: 3 dialogues and 2 projects"), then the records."""
        countries = list(dict.fromkeys(countries))
        records = self.query.select({"country": MULTI_SEP.join(countries)})
        kind = (slots or {}).get("kind")
        if kind:  # "projects in Peru": the count line says all, the list shows the kind asked
            records = [r for r in records if r.kind == kind]
        shown, page, pages = S.page_slice(records, page)
        doc = Doc()
        for country in countries:
            own = self.query.select({"country": country})
            n_dialogues = sum(1 for r in own if isinstance(r, Dialogue))
            n_projects = len(own) - n_dialogues
            dialogues = ngettext("{n} dialogue", "{n} dialogues", n_dialogues)
            projects = ngettext("{n} project", "{n} projects", n_projects)
            doc.title(
                _("{country}: {dialogues} and {projects}").format(
                    country=country_name(country),
                    dialogues=dialogues.format(n=n_dialogues),
                    projects=projects.format(n=n_projects),
                )
            )
        if not records:
            names = _(" or ").join(country_name(c) for c in countries)
            said = _("The knowledge records no dialogue or project involving {countries}.")
            doc.line(said.format(countries=names))
        elif len(countries) > 1:
            doc.blank()
        for r in shown:
            who = [c for c in countries if involves(r, c)]
            whose = f"{', '.join(country_name(c) for c in who)}: " if len(countries) > 1 else ""
            if isinstance(r, Dialogue):
                roles = [self._role(r, c) for c in who]
                said = _("• Dialogue — {name} ({roles})")
                roles_said = whose + "/".join(dict.fromkeys(roles))
                doc.line(said.format(name=self.short(r, 90), roles=roles_said))
            else:
                said = _("• Project — {name}")
                doc.line(
                    said.format(name=self.short(r, 90)) + (f" ({whose[:-2]})" if whose else "")
                )
        rows = _rows([_btn(self.short(r, 30), Action(kind="open", entity=r.id)) for r in shown], 2)
        first = countries[0]
        if records and len(countries) == 1:
            rows.append([_btn(map_word("button"), Action(kind="map", country=first))])
        if len(countries) == 1:
            page_action = _country_page(first)
        else:
            page_action = _list_page({"country": MULTI_SEP.join(countries), "show": "by_country"})
        return self._paged(
            doc,
            rows,
            page=page,
            pages=pages,
            page_action=page_action,
            intent="by_country",
            slots={**(slots or {}), "country": first},
            confidence=confidence,
            context=Context(intent="by_country", country=first),
        )

    @staticmethod
    def _role(dialogue: Dialogue, country: str) -> str:
        if country in dialogue.member_codes():
            return _("member")
        return _("observer") if country in dialogue.observers else _("country team")

    def budget_aggregate(
        self,
        filters: Mapping[str, str],
        *,
        count: bool = False,
        slots: Mapping[str, Any],
        confidence: float,
    ) -> Reply:
        total = self.query.budget_total(filters)
        described = self._describe_filters({**filters, "kind": "project"}, count)
        if count:  # "how many projects are completed": the number first, then the money
            doc = Doc().title(_count_title(total.projects, described))
        else:
            doc = Doc().title(_("IDF budget — {what}").format(what=described))
        doc.field(_("Projects"), total.projects)
        doc.field(_("Total budget"), S.money(total.total_usd))
        if total.with_budget < total.projects:
            n = total.projects - total.with_budget
            said = ngettext(
                "{n} of them has no budget recorded.", "{n} of them have no budget recorded.", n
            )
            doc.italic(said.format(n=n))
        if total.by_status:
            doc.blank().line(_("By status:"))
            doc.bullets(
                [
                    f"{value_word(status)}: "
                    + ngettext("{n} project", "{n} projects", n).format(n=n)
                    + f", {S.money(amount)}"
                    for status, (n, amount) in sorted(total.by_status.items())
                ]
            )
        frozen = frozen_filters({**filters, "kind": "project"})
        rows = [[_btn(_("List these projects"), Action(kind="list", filters=frozen))]]
        return self._paged(
            doc,
            rows,
            intent="budget",
            slots=slots,
            confidence=confidence,
        )

    def meetings_list(
        self,
        filters: Mapping[str, str],
        page: int = 0,
        *,
        count: bool = False,
        slots: Mapping[str, Any] | None = None,
        confidence: float = 1.0,
    ) -> Reply:
        """Meetings across dialogues (``meetings in 2007``), newest first, paginated."""
        found = self.query.meetings_matching(filters)
        shown, page, pages = S.page_slice(found, page)
        year = filters.get("year")
        when = " " + details.in_year(filters.get("year_op", "in"), year) if year else ""
        n = len(found)
        if count:  # "how many meetings were held in 2007": the number first
            said = ngettext("{n} dialogue meeting{when}", "{n} dialogue meetings{when}", n)
            doc = Doc().title(said.format(n=n, when=when))
        else:
            doc = Doc().title(_("Dialogue meetings{when}: {n}").format(when=when, n=n))
        if not found:
            doc.line(_("The knowledge records no dialogue meeting{when}.").format(when=when))
        for dialogue, meeting in shown:
            doc.line(f"• {S.meeting_line(meeting)} ({self.short(dialogue, 60)})")
        dialogues = list(dict.fromkeys(d.id for d, _ in shown))[:6]
        rows = _rows(
            [
                _btn(
                    self.short(self.kb.records[i], 30),
                    Action(kind="open", entity=i, section="meetings"),
                )
                for i in dialogues
            ],
            2,
        )
        return self._paged(
            doc,
            rows,
            page=page,
            pages=pages,
            page_action=_list_page(filters),
            intent="meetings",
            slots=slots,
            confidence=confidence,
        )

    def _paged(
        self,
        doc: Doc,
        rows: list[list[Button]],
        *,
        intent: str,
        slots: Mapping[str, Any] | None,
        confidence: float,
        context: Context | None = None,
        page: int = 0,
        pages: int = 1,
        page_action: Callable[[int], Action] | None = None,
    ) -> Reply:
        """The common end of an answer across records: page note, ◀/▶ row, Home.

        ``context`` defaults to one that holds only ``intent``."""
        if pages > 1 and page_action is not None:
            doc.blank().italic(_("Page {page} of {pages}").format(page=page + 1, pages=pages))
            rows.append(_nav(page_action, page, pages))
        rows.append([_btn(_home(), HOME)])
        return Reply(
            intent=intent,
            slots=dict(slots or {}),
            confidence=confidence,
            text=doc.plain,
            html=doc.html,
            buttons=rows,
            context=context or Context(intent=intent),
        )

    def which_record(
        self, intent: str, ctx: Context, *, slots: Mapping[str, Any], confidence: float
    ) -> Reply:
        """A record question without a record ("who are the members?" as a first message)."""
        what = section_label(intent).lower()
        said = _("Which dialogue or project do you mean? I can show the {what} of any.")
        doc = Doc().line(said.format(what=what))
        doc.line(_('Name it in your question (e.g. "members of the Cluster Process"), or choose:'))
        # A question back, so a clarification; the section waits in the context for the
        # record the next message names.
        context = ctx.model_copy(update={"intent": intent})
        return self._simple("clarify", doc, context, slots, 0.0)

    # --- conversation ---------------------------------------------------------------------

    def _menu_rows(self) -> list[list[Button]]:
        rows = [
            [
                _btn(
                    _("Dialogues ({n})").format(n=len(self.kb.dialogues)),
                    Action(kind="list", filters=(("kind", "dialogue"),)),
                ),
                _btn(
                    _("Projects ({n})").format(n=len(self.kb.projects)),
                    Action(kind="list", filters=(("kind", "project"),)),
                ),
            ]
        ]
        rows += _rows(
            [
                _btn(self.short(self.kb.records[i], 30), Action(kind="open", entity=i))
                for i in self.featured
            ],
            2,
        )
        rows.append([_btn(_("❓ Help"), Action(kind="help"))])
        return rows

    def _simple(
        self,
        intent: str,
        doc: Doc,
        ctx: Context,
        slots: Mapping[str, Any] | None = None,
        confidence: float = 1.0,
    ) -> Reply:
        return Reply(
            intent=intent,
            slots=dict(slots or {}),
            confidence=confidence,
            text=doc.plain,
            html=doc.html,
            buttons=self._menu_rows(),
            context=ctx,
        )

    def _about(self, doc: Doc) -> Doc:
        d, p = len(self.kb.dialogues), len(self.kb.projects)
        dialogues = ngettext("{n} migration dialogue", "{n} migration dialogues", d)
        projects = ngettext(
            "{n} IOM Development Fund project", "{n} IOM Development Fund projects", p
        )
        said = _(
            "I know {dialogues} (regional consultative processes, inter-regional forums, "
            "global processes) and {projects}."
        )
        return doc.line(said.format(dialogues=dialogues.format(n=d), projects=projects.format(n=p)))

    def home(self) -> Reply:
        doc = Doc().title(_("migbot — migration dialogues and IOM Development Fund projects"))
        self._about(doc).blank().line(_("Ask me a question, or choose below."))
        return self._simple("help", doc, Context())

    def help(self, *, slots: Mapping[str, Any] | None = None, confidence: float = 1.0) -> Reply:
        doc = Doc().title(_("How to use migbot"))
        self._about(doc).blank().line(_("Ask in your own words, for example:"))
        doc.bullets(list(examples()))
        shown = [section_label(s).lower() for s in self.table.sections if s != "overview"]
        said = _(
            "Then use the buttons to see {sections} or {last}. "
            'Follow-ups such as "and its budget?" refer to the last record.'
        )
        doc.blank().line(said.format(sections=", ".join(shown[:-1]), last=shown[-1]))
        doc.line(_("In a group: /ask <question>, mention me, or reply to one of my messages."))
        doc.line(_("/language chooses the language of my answers."))
        return self._simple("help", doc, Context(), slots, confidence)

    def greeting(
        self,
        tone: str,
        ctx: Context,
        *,
        slots: Mapping[str, Any] | None = None,
        confidence: float = 1.0,
    ) -> Reply:
        doc = Doc()
        if tone == "thanks":
            doc.line(
                _("You're welcome! Ask me anything else about migration dialogues or projects.")
            )
        elif tone == "bye":
            doc.line(_("Goodbye! Come back any time."))
        else:
            doc.line(
                _(
                    "Hello! I answer questions about migration dialogues and IOM Development "
                    "Fund projects."
                )
            )
            doc.line(_("Try: {example}").format(example=examples()[0]))
        return self._simple("greeting", doc, ctx, slots, confidence)

    def out_of_scope(self, question: str, ctx: Context, reading: Reading | None = None) -> Reply:
        doc = Doc().line(_("Sorry, I can't answer that from what I know."))
        return self._suggest(doc, question, ctx, reading)

    def _suggest(self, doc: Doc, question: str, ctx: Context, reading: Reading | None) -> Reply:
        """What migbot knows and a few example questions, after ``doc``'s opening."""
        self._about(doc).line(_("Try one of these, or tap a button:"))
        doc.bullets(list(examples()[:3]))
        return self._simple(
            "out_of_scope",
            doc,
            Context(entity=ctx.entity, question=question[:500] or None),
            reading.slots.public() if reading else {},
            reading.confidence if reading else 0.0,
        )

    def unknown_record(self, reading: Reading, question: str, ctx: Context) -> Reply:
        """A question naming an id the knowledge lacks ("What is CT.0700?"): say so, and
        offer the close ids understanding found, if any."""
        unknown = reading.slots.unknown_id or ""
        if any(ch.isdigit() for ch in unknown):
            said = _("The knowledge has no project {id}.")
        else:
            said = _("The knowledge has no record {id}.")
        doc = Doc().line(said.format(id=unknown))
        offered: list[Candidate] = list(reading.slots.candidates) or [
            Candidate(intent=c.intent, entity=c.entity) for c in reading.candidates
        ]
        close = [c for c in offered if c.entity in self.kb.records][:3]
        if not close:
            return self._suggest(doc, question, ctx, reading)
        doc.line(_("Did you mean:"))
        rows = []
        for cand in close:
            record = self.kb.records[cand.entity or ""]
            intent = cand.intent if self.table.is_section(cand.intent) else "overview"
            rows.append(
                [
                    _btn(
                        _("Did you mean {name}?").format(name=S.mention(record, 40)),
                        Action(kind="choose", intent=intent, entity=record.id),
                    )
                ]
            )
        doc.bullets([self.title(self.kb.records[c.entity or ""]) for c in close])
        rows.append([_btn(_home(), HOME)])
        return Reply(
            intent="out_of_scope",
            slots=reading.slots.public(),
            confidence=reading.confidence,
            text=doc.plain,
            html=doc.html,
            buttons=rows,
            context=Context(entity=ctx.entity, question=question[:500] or None),
        )

    def none_of_these(self, ctx: Context) -> Reply:
        doc = Doc().line(_("Sorry I didn't get it.") + " " + noted_claim())
        doc.line(_("Try other words, or choose below."))
        return self._simple("out_of_scope", doc, Context(question=ctx.question), {}, 0.0)

    def apology(self, ctx: Context | None = None) -> Reply:
        """What a person sees if something inside failed (logged by the assistant)."""
        doc = Doc().line(_("Sorry, something went wrong on my side. Please try again."))
        return self._simple("out_of_scope", doc, ctx or Context(), {}, 0.0)

    def stale(self) -> Reply:
        doc = Doc().line(_("That button is out of date. Here is the main menu."))
        return self._simple("help", doc, Context())

    def _described(self, reading: Reading) -> list[tuple[str, str | None]]:
        """The readings a clarification offers. A section asked of "the ... project" that
        only filters describe (no record named) is offered for each record they select."""
        out: list[tuple[str, str | None]] = []
        filters = filters_from_slots(reading.slots)
        for cand in reading.candidates:
            if cand.entity is None and self.table.is_section(cand.intent) and filters:
                out += [(cand.intent, r.id) for r in self.query.select(filters)]
            else:
                out.append((cand.intent, cand.entity))
        return out

    def clarify(self, reading: Reading, question: str, ctx: Context) -> Reply:
        offered = self._described(reading)
        if len(offered) == 1 and (entity := offered[0][1]) is not None:  # the one that fits
            return self.record(
                entity, offered[0][0], ask=reading.slots, confidence=reading.confidence
            )
        if len(offered) == 1 and self.table.is_section(offered[0][0]):  # which record?
            slots = reading.slots.public()
            return self.which_record(offered[0][0], ctx, slots=slots, confidence=0.0)
        doc = Doc().line(_("I'm not sure what you mean. Did you mean:"))
        buttons, labels, seen = [], [], []
        for cand in [Candidate(intent=i, entity=e) for i, e in offered][:3]:
            label = self._candidate_label(cand.intent, cand.entity)
            if label is None:
                continue
            labels.append(label)
            seen.append(f"{cand.intent}:{cand.entity or ''}")
            buttons.append(
                [_btn(label, Action(kind="choose", intent=cand.intent, entity=cand.entity))]
            )
        if not buttons:
            return self.out_of_scope(question, ctx, reading)
        doc.numbered(labels)
        buttons.append([_btn(_("None of these"), Action(kind="none"))])
        slots = {
            **reading.slots.public(),
            "candidates": [
                {"intent": c.split(":")[0], "entity": c.split(":")[1] or None} for c in seen
            ],
        }
        return Reply(
            intent="clarify",
            slots=slots,
            confidence=reading.confidence,
            text=doc.plain,
            html=doc.html,
            buttons=buttons,
            context=Context(entity=ctx.entity, candidates=tuple(seen), question=question[:500]),
        )

    def _candidate_label(self, intent: str, entity: str | None) -> str | None:
        if entity is None:
            return {"help": _("How to use migbot"), "list": _("List all records")}.get(intent)
        record = self.kb.records.get(entity)
        if record is None:
            return None
        section = S.label(record, intent) if self.table.is_section(intent) else intent
        return f"{section} — {self.short(record, 40)}"
