"""``migbot`` command line. Each command lives in the module that owns it; this only dispatches.

Every command is one ``Command`` entry: its help, its arguments, the settings it reads (shown
in its ``--help``, derived from ``migbot.settings``), the arguments those settings fill in
when not given, and the module whose ``main(args)`` runs it. A new command is one entry.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

from migbot.languages import LANGUAGES

DESCRIPTION = """\
migbot answers questions about migration dialogues and IOM Development Fund projects,
in Telegram (migbot run) or in this terminal (migbot chat).

First steps:
  migbot chat                      talk to the bot here, no Telegram needed
  migbot ask "budget of LM.0024"   one question, one answer
  migbot run                       the Telegram bot (needs TELEGRAM_BOT_TOKEN)

Settings come from the environment or a .env file in the working folder; each
command's --help lists the ones it reads. "migbot COMMAND --help" for more."""


@dataclass(frozen=True)
class Command:
    name: str
    summary: str
    module: str  # whose ``main(args) -> int`` runs the command
    arguments: Callable[[argparse.ArgumentParser], None]
    examples: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()  # ``Settings`` fields this command reads
    # argument dest → ``Settings`` field that fills it in when the argument is not given
    defaults: dict[str, str] = field(default_factory=dict)


def _knowledge(p: argparse.ArgumentParser) -> None:
    p.add_argument("--knowledge", metavar="DIR", help="knowledge folder (default: bundled)")


def _lang(
    p: argparse.ArgumentParser,
    what: str = "answer in this language unless the question's own words say another",
) -> None:
    p.add_argument("--lang", choices=LANGUAGES, help=f"{what} (default: en)")


def _chat(p: argparse.ArgumentParser) -> None:
    _lang(p)
    _knowledge(p)


def _ask(p: argparse.ArgumentParser) -> None:
    p.add_argument("question", nargs="*", help="the question")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--jsonl",
        action="store_true",
        help="questions on stdin, one JSON object per line, in order; each line is "
        "answered on its own (no context carries between lines)",
    )
    _lang(p)
    _knowledge(p)


def _check(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", nargs="?", help="knowledge folder (default: MIGBOT_KNOWLEDGE or bundled)")


def _map(p: argparse.ArgumentParser) -> None:
    p.add_argument("record", nargs="?", help="record id, e.g. bali-process")
    p.add_argument("--country", help="map one country instead (ISO code such as AM, or name)")
    p.add_argument("--out", required=True, help="PNG file to write")
    _lang(p, "the language of the map's title, legend and caption, and of these messages")
    _knowledge(p)


def _ingest(p: argparse.ArgumentParser) -> None:
    p.add_argument("pages", nargs="+", help="page text files")
    p.add_argument(
        "--out",
        metavar="DIR",
        help="knowledge folder to write into (default: MIGBOT_KNOWLEDGE; in a source "
        "checkout, its knowledge/ folder); created if missing",
    )
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    p.add_argument("--facts", action="store_true", help="print extracted facts as JSON lines")


def _run(p: argparse.ArgumentParser) -> None:
    p.add_argument("--watch", action="store_true", help="reload knowledge when files change")


def _report(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="inbox database (default: MIGBOT_INBOX)")
    p.add_argument("--limit", type=int, default=50, help="groups shown (default 50)")


COMMANDS: tuple[Command, ...] = (
    Command(
        "chat",
        "talk to the assistant in this terminal (buttons become numbers)",
        "migbot.terminal",
        _chat,
        examples=("migbot chat", "migbot chat --knowledge ./my-knowledge"),
        settings=("knowledge", "log_level"),
        defaults={"knowledge": "knowledge"},
    ),
    Command(
        "ask",
        "answer one question (or many with --jsonl)",
        "migbot.terminal",
        _ask,
        examples=(
            'migbot ask "budget of LM.0024"',
            'migbot ask --json "who chairs the Budapest Process"',
            "migbot ask --jsonl < questions.txt",
        ),
        settings=("knowledge", "log_level"),
        defaults={"knowledge": "knowledge"},
    ),
    Command(
        "check",
        "validate a knowledge folder",
        "migbot.knowledge.check",
        _check,
        examples=("migbot check", "migbot check ./my-knowledge"),
        settings=("knowledge", "log_level"),
        defaults={"dir": "knowledge"},
    ),
    Command(
        "ingest",
        "turn IOM page text into knowledge YAML",
        "migbot.ingest.cli",
        _ingest,
        examples=(
            "migbot ingest page.txt --out ./my-knowledge && migbot check ./my-knowledge",
            "migbot ingest --facts page.txt",
        ),
        settings=("knowledge", "log_level"),
        defaults={"out": "knowledge"},
    ),
    Command(
        "map",
        "draw who takes part in a record (or one country) as a PNG",
        "migbot.maps.cli",
        _map,
        examples=(
            "migbot map bali-process --out bali.png",
            "migbot map --country AM --out armenia.png",
            "migbot map prague-process --lang ru --out prague-ru.png",
        ),
        settings=("knowledge", "log_level"),
        defaults={"knowledge": "knowledge"},
    ),
    Command(
        "run",
        "run the Telegram bot (long polling, or a webhook when MIGBOT_WEBHOOK_URL is set)",
        "migbot.telegram.run",
        _run,
        examples=(
            "TELEGRAM_BOT_TOKEN=123456:ABC... migbot run",
            "MIGBOT_ADMINS=12345 migbot run --watch",
        ),
        settings=(
            "token",
            "api_base_url",
            "knowledge",
            "admins",
            "inbox",
            "webhook_url",
            "webhook_listen",
            "webhook_port",
            "webhook_secret",
            "metrics_listen",
            "metrics_port",
            "rate_overall_per_second",
            "rate_group_per_minute",
            "rate_chat_per_second",
            "send_deadline",
            "fetch_ahead",
            "stop_seconds",
            "webhook_connections",
            "state_dir",
            "redis_url",
            "database_url",
            "inbox_key",
            "inbox_retention_days",
            "chats_in_memory",
            "chat_ttl",
            "concurrent_updates",
            "watch",
            "reload_max_drop",
            "startup_timeout",
            "log_level",
        ),
    ),
    Command(
        "report",
        "unanswered questions, grouped, most frequent first",
        "migbot.ops.report",
        _report,
        examples=("migbot report", "migbot report --limit 10"),
        settings=("inbox", "database_url", "state_dir", "inbox_key", "log_level"),
        defaults={"db": "inbox"},
    ),
)


def package_version() -> str:
    try:
        return version("migbot")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _epilog(command: Command) -> str:
    from migbot.settings import Settings, env_name

    lines = []
    if command.examples:
        lines += ["examples:", *(f"  {example}" for example in command.examples), ""]
    if command.settings:
        lines.append("settings (environment or .env):")
        for name in command.settings:
            info = Settings.model_fields[name]
            shown = info.default not in (None, "", []) and name != "token"
            default = f" (default {info.default})" if shown else ""
            lines.append(f"  {env_name(name):<27} {info.description or ''}{default}")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="migbot",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"migbot {package_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        p = sub.add_parser(
            command.name,
            help=command.summary,
            description=command.summary,
            epilog=_epilog(command),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.arguments(p)
    return parser


def dispatch(args: argparse.Namespace) -> int:
    from migbot.logs import configure
    from migbot.settings import SettingsError, load

    command = next(c for c in COMMANDS if c.name == args.command)
    try:
        settings = load()
    except SettingsError as exc:
        print(f"migbot {command.name}: {exc}", file=sys.stderr)
        return 2
    configure(settings.log_level)
    for dest, setting in command.defaults.items():
        if getattr(args, dest, None) is None:
            setattr(args, dest, getattr(settings, setting))
    # Imported here so that `migbot check` does not load Telegram, and so on.
    main: Callable[[argparse.Namespace], int] = importlib.import_module(command.module).main
    return main(args)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return dispatch(args)
    except KeyboardInterrupt:  # Ctrl-C: stop quietly, the shell's code for SIGINT
        print(file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
