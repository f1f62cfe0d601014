"""``migbot`` command line. Each command lives in the module that owns it; this only dispatches."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="migbot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    chat = sub.add_parser("chat", help="terminal conversation on the bundled knowledge")
    chat.add_argument("--knowledge", help="knowledge folder (default: bundled)")

    ask = sub.add_parser("ask", help="answer one question (or many with --jsonl)")
    ask.add_argument("question", nargs="*", help="the question")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument(
        "--jsonl",
        action="store_true",
        help="questions on stdin, one JSON object per line, in order; each line is "
        "answered on its own (no context carries between lines)",
    )
    ask.add_argument("--knowledge", help="knowledge folder (default: bundled)")

    check = sub.add_parser("check", help="validate a knowledge folder")
    check.add_argument("dir", nargs="?", help="knowledge folder (default: bundled)")

    ingest = sub.add_parser("ingest", help="turn IOM page text into knowledge YAML")
    ingest.add_argument("pages", nargs="+", help="page text files")
    ingest.add_argument("--out", help="knowledge folder to write into (default: bundled)")
    ingest.add_argument("--force", action="store_true", help="overwrite existing files")
    ingest.add_argument("--facts", action="store_true", help="print extracted facts as JSON lines")

    map_ = sub.add_parser("map", help="draw who takes part in a record (or one country) as a PNG")
    map_.add_argument("record", nargs="?", help="record id, e.g. bali-process")
    map_.add_argument("--country", help="map one country instead (ISO code such as AM, or name)")
    map_.add_argument("--out", required=True, help="PNG file to write")
    map_.add_argument("--knowledge", help="knowledge folder (default: bundled)")

    run = sub.add_parser("run", help="run the Telegram bot")
    run.add_argument("--watch", action="store_true", help="reload knowledge when files change")

    report = sub.add_parser("report", help="unanswered questions, grouped, most frequent first")
    report.add_argument("--db", help="inbox database (default: MIGBOT_INBOX)")
    report.add_argument("--limit", type=int, default=50)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Imports are local so that `migbot check` does not load Telegram, and so on.
    if args.command in ("chat", "ask"):
        from migbot import terminal

        return terminal.main(args)
    if args.command == "check":
        from migbot.knowledge import check

        return check.main(args)
    if args.command == "ingest":
        from migbot.ingest import cli as ingest_cli

        return ingest_cli.main(args)
    if args.command == "map":
        from migbot.maps import cli as map_cli

        return map_cli.main(args)
    if args.command == "run":
        from migbot.telegram import run as telegram_run

        return telegram_run.main(args)
    if args.command == "report":
        from migbot.ops import report

        return report.main(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
