"""APScheduler wiring and the periodic jobs (outbox sender, reminders, retention)."""
