"""The strict fake Telegram Bot API server used by the Telegram tests and benchmarks."""

from .server import BOT_ID, BOT_USERNAME, NOT_MODIFIED, ApiError, Call, FakeBotApi, Fault
from .spec import SPEC_PATH, Spec, SpecError, Upload

__all__ = [
    "BOT_ID",
    "BOT_USERNAME",
    "NOT_MODIFIED",
    "SPEC_PATH",
    "ApiError",
    "Call",
    "FakeBotApi",
    "Fault",
    "Spec",
    "SpecError",
    "Upload",
]
