"""Every button the composer makes fits Telegram's callback data (the transport's codec).

Walks the keyboards reachable from home and from cross-record answers; an action the codec
cannot carry would silently lose its button in Telegram.
"""

from __future__ import annotations

from migbot.answers.compose import Composer
from migbot.answers.reply import Action
from migbot.context import Context
from migbot.nlu.reading import Candidate, Reading
from migbot.telegram import callback


def test_every_reachable_button_encodes(composer: Composer) -> None:
    kb = composer.kb
    starts = [
        composer.press(Action(kind="home"), None),
        composer.compose(Reading(intent="meetings", slots={"year": 2007}), None),
        composer.compose(
            Reading(intent="list", slots={"kind": "dialogue", "year": 2005, "year_op": "before"}),
            None,
        ),
        composer.compose(Reading(intent="budget", slots={"statuses": ["Completed"]}), None),
        composer.compose(Reading(intent="by_country", slots={"country": "GE"}), None),
        composer.compose(
            Reading(
                intent="clarify",
                candidates=[Candidate(intent="members", entity="lm-0024")],
            ),
            Context(),
            "q",
        ),
    ]
    queue = [a for reply in starts for a in reply.actions()]
    seen: set[Action] = set(queue)
    while queue:
        action = queue.pop()
        data = callback.encode(action, kb)
        assert data is not None, action
        assert callback.decode(data, kb) == action
        for nxt in composer.press(action, Context()).actions():
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    assert len(seen) > 100
