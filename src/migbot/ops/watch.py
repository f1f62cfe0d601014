"""Live reload triggers: SIGHUP, and ``migbot run --watch`` polling the knowledge folder.

Polling (mtime and size of every YAML file, once a second) needs no inotify and works on
any file system, bind mounts included. A change is acted on only once the folder has stayed
the same for one more poll (debounce), so an editor's save-in-several-writes or a ``git pull``
of many files gives one reload, not a reload of a half-written tree. Reloads run in a worker
thread; ``AssistantHolder.reload`` validates everything and swaps only when all is valid,
so a broken edit keeps the old knowledge serving and the problems are logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from migbot.knowledge.loader import Problem, default_knowledge_dir
from migbot.ops import metrics
from migbot.ops.holder import AssistantHolder

log = logging.getLogger(__name__)

Snapshot = dict[str, tuple[int, int]]
ReloadListener = Callable[[list[Problem]], None]


def snapshot(root: Path) -> Snapshot:
    """Relative path → (mtime_ns, size) of every YAML file under ``root``."""
    result: Snapshot = {}
    if not root.is_dir():
        return result
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".yaml", ".yml"):
            continue
        try:
            stat = path.stat()
        except OSError:  # deleted between listing and stat: the next poll sees it gone
            continue
        result[str(path.relative_to(root))] = (stat.st_mtime_ns, stat.st_size)
    return result


def knowledge_root(holder: AssistantHolder) -> Path:
    return Path(holder.path) if holder.path is not None else default_knowledge_dir()


def reload_and_log(holder: AssistantHolder, why: str, force: bool = False) -> list[Problem]:
    """Reload ``holder``; log the outcome, each problem as ``file:line: message``."""
    problems = holder.reload(force)
    counted = metrics.attached(holder)
    if counted is not None:
        counted.reloaded(not problems)
    if problems:
        log.warning("%s: reload refused, old knowledge still serving", why)
        for problem in problems:
            log.warning("  %s", problem)
    else:
        log.info("%s: reloaded %d records", why, len(holder.current.kb.records))
    return problems


@dataclass
class KnowledgeWatcher:
    """Polls ``root``; ``poll()`` is one synchronous step (tests drive it directly)."""

    holder: AssistantHolder
    root: Path
    interval: float = 1.0
    listeners: list[ReloadListener] = field(default_factory=list)
    _seen: Snapshot = field(default_factory=dict)
    _pending: Snapshot | None = None

    def __post_init__(self) -> None:
        self._seen = snapshot(self.root)

    def poll(self) -> list[Problem] | None:
        """Look once. Returns the reload's problems when a reload happened, else None."""
        now = snapshot(self.root)
        if now == self._seen:
            self._pending = None
            return None
        if now != self._pending:
            self._pending = now  # changed since the last look: wait until it settles
            return None
        self._seen, self._pending = now, None
        problems = reload_and_log(self.holder, f"{self.root} changed")
        for listener in self.listeners:
            listener(problems)
        return problems

    async def run(self) -> None:
        log.info("watching %s for knowledge changes", self.root)
        while True:
            await asyncio.sleep(self.interval)
            try:
                await asyncio.to_thread(self.poll)
            except Exception:  # never let the watcher die of one bad poll
                log.exception("knowledge watcher poll failed")


@dataclass
class ReloadTriggers:
    """What ``install_reload_triggers`` set up; ``stop()`` undoes it."""

    loop: asyncio.AbstractEventLoop
    sighup: bool = False
    task: asyncio.Task[None] | None = None
    watcher: KnowledgeWatcher | None = None

    def stop(self) -> None:
        if self.sighup:
            with contextlib.suppress(Exception):
                self.loop.remove_signal_handler(signal.SIGHUP)
            self.sighup = False
        if self.task is not None:
            self.task.cancel()
            self.task = None


_installed: weakref.WeakKeyDictionary[AssistantHolder, ReloadTriggers] = weakref.WeakKeyDictionary()


def install_reload_triggers(
    holder: AssistantHolder,
    watch: bool = False,
    loop: asyncio.AbstractEventLoop | None = None,
    interval: float = 1.0,
) -> ReloadTriggers:
    """Reload ``holder`` on SIGHUP, and on file changes when ``watch``; idempotent per holder.

    Call it with the bot's event loop running (e.g. from ``post_init``), or pass ``loop``.
    """
    existing = _installed.get(holder)
    if existing is not None:
        return existing
    loop = loop or asyncio.get_running_loop()
    triggers = ReloadTriggers(loop)

    def on_sighup() -> None:
        log.info("SIGHUP received: reloading knowledge")
        loop.run_in_executor(None, reload_and_log, holder, "SIGHUP")

    if hasattr(signal, "SIGHUP"):
        try:
            loop.add_signal_handler(signal.SIGHUP, on_sighup)
            triggers.sighup = True
        except (NotImplementedError, RuntimeError, ValueError):
            # Not the main thread, or no signals on this platform: /reload still works.
            log.info("SIGHUP reload not available here; use /reload")
    if watch:
        triggers.watcher = KnowledgeWatcher(holder, knowledge_root(holder), interval)
        triggers.task = loop.create_task(triggers.watcher.run(), name="migbot-knowledge-watch")
    _installed[holder] = triggers
    return triggers


def remove_reload_triggers(holder: AssistantHolder) -> None:
    triggers = _installed.pop(holder, None)
    if triggers is not None:
        triggers.stop()
