"""Running migbot for real: live reload, unanswered-question inbox, metrics."""
