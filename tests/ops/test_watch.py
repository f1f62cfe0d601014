"""Live reload: a valid edit swaps the knowledge, a broken one keeps the old serving."""

from __future__ import annotations

import asyncio
import gc
import os
import re
import shutil
import signal
import weakref
from pathlib import Path

import pytest

from migbot.knowledge.loader import load_knowledge
from migbot.ops import watch
from migbot.ops.holder import AssistantHolder, settle_heap

BROKEN = "id: [unclosed\n"


def _touch_record(knowledge: Path, text: str | None = None) -> Path:
    path = knowledge / "projects" / "lm-0024.yaml"
    content = path.read_text() if text is None else text
    path.write_text(content + "\n# edited\n" if text is None else content)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
    return path


def test_reload_swaps_only_valid_knowledge(holder: AssistantHolder, knowledge: Path) -> None:
    before = holder.current
    assert holder.reload() == []
    assert holder.current is not before
    serving = holder.current
    _touch_record(knowledge, BROKEN)
    problems = holder.reload()
    assert problems and holder.current is serving
    assert all(str(p).startswith("knowledge/projects/lm-0024.yaml:") for p in problems)


def test_a_reload_frees_the_knowledge_it_replaces_though_the_heap_is_frozen(
    holder: AssistantHolder,
) -> None:
    """``settle_heap`` keeps the served knowledge out of full collections; a reload must
    still let the replaced one go, or every reload would leak a knowledge base. Only the
    collector frees objects in reference cycles, so the replaced assistant is given one."""
    holder.current.cycle = holder.current  # type: ignore[attr-defined]
    settle_heap()
    try:
        assert gc.get_freeze_count() > 0
        replaced = weakref.ref(holder.current)
        assert holder.reload() == []
        gc.collect()
        assert replaced() is None
        assert gc.get_freeze_count() > 0  # the new knowledge is frozen in its turn
    finally:
        gc.unfreeze()  # leave the rest of the test session's collector as it was


def test_watcher_debounces_then_reloads(holder: AssistantHolder, knowledge: Path) -> None:
    watcher = watch.KnowledgeWatcher(holder, knowledge)
    seen: list[list[object]] = []
    watcher.listeners.append(lambda problems: seen.append(list(problems)))
    assert watcher.poll() is None  # nothing changed
    start = holder.current
    _touch_record(knowledge)
    assert watcher.poll() is None  # changed: wait one poll for it to settle
    assert holder.current is start
    assert watcher.poll() == []  # settled: reloaded
    assert holder.current is not start and seen == [[]]
    assert watcher.poll() is None  # and only once


def test_watcher_keeps_old_knowledge_on_broken_edit(
    holder: AssistantHolder, knowledge: Path, caplog: pytest.LogCaptureFixture
) -> None:
    watcher = watch.KnowledgeWatcher(holder, knowledge)
    serving = holder.current
    _touch_record(knowledge, BROKEN)
    watcher.poll()
    problems = watcher.poll()
    assert problems and holder.current is serving
    assert "reload refused, old knowledge still serving" in caplog.text
    assert re.search(r"knowledge/projects/lm-0024\.yaml:\d+: YAML syntax", caplog.text)


def test_watcher_waits_while_files_keep_changing(holder: AssistantHolder, knowledge: Path) -> None:
    watcher = watch.KnowledgeWatcher(holder, knowledge)
    start = holder.current
    _touch_record(knowledge)
    assert watcher.poll() is None
    (knowledge / "dialogues" / "new.yaml").write_text(BROKEN)  # a second write in the same save
    assert watcher.poll() is None
    assert holder.current is start
    (knowledge / "dialogues" / "new.yaml").unlink()
    watcher.poll()
    assert watcher.poll() == []


async def test_sighup_reloads(holder: AssistantHolder) -> None:
    loop = asyncio.get_running_loop()
    done = asyncio.Event()
    original = holder.reload

    def reload(force: bool = False) -> list[object]:
        problems = original(force)
        loop.call_soon_threadsafe(done.set)
        return problems  # type: ignore[return-value]

    holder.reload = reload  # type: ignore[method-assign]
    triggers = watch.install_reload_triggers(holder, watch=False)
    try:
        assert triggers.sighup
        assert watch.install_reload_triggers(holder) is triggers  # idempotent
        start = holder.current
        os.kill(os.getpid(), signal.SIGHUP)
        await asyncio.wait_for(done.wait(), 10)
        assert holder.current is not start
    finally:
        watch.remove_reload_triggers(holder)
    assert loop.remove_signal_handler(signal.SIGHUP) is False


async def test_watch_task_runs_and_stops(holder: AssistantHolder, knowledge: Path) -> None:
    loop = asyncio.get_running_loop()
    done = asyncio.Event()
    triggers = watch.install_reload_triggers(holder, watch=True, interval=0.01)
    task = triggers.task
    assert triggers.watcher is not None and task is not None
    triggers.watcher.listeners.append(lambda problems: loop.call_soon_threadsafe(done.set))
    start = holder.current
    _touch_record(knowledge)
    await asyncio.wait_for(done.wait(), 10)
    assert holder.current is not start
    watch.remove_reload_triggers(holder)
    with pytest.raises(asyncio.CancelledError):
        await task


def test_watcher_and_sighup_keep_serving_when_a_folder_vanishes(
    holder: AssistantHolder, knowledge: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """projects/ removed: the rest is valid knowledge, but most records would be gone."""
    serving = holder.current
    before = len(serving.kb.records)
    watcher = watch.KnowledgeWatcher(holder, knowledge)
    shutil.rmtree(knowledge / "projects")
    assert watcher.poll() is None  # debounce
    problems = watcher.poll()
    after = len(load_knowledge(knowledge).records)
    assert problems and f"would drop {before - after} of {before} records" in str(problems[0])
    assert holder.current is serving
    assert "MIGBOT_RELOAD_MAX_DROP" in caplog.text and "reload refused" in caplog.text
    # SIGHUP takes the same path (reload_and_log without force)
    assert watch.reload_and_log(holder, "SIGHUP") and holder.current is serving
    assert watch.reload_and_log(holder, "/reload force", force=True) == []
    assert len(holder.current.kb.records) == after


def test_a_small_loss_within_the_share_reloads(holder: AssistantHolder, knowledge: Path) -> None:
    holder.max_drop = 0.5
    (knowledge / "projects" / "lm-0024.yaml").unlink()
    assert holder.reload() == []
