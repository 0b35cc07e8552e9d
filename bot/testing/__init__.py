"""A fake Telegram Bot API and a chat driver, used by the tests and `python -m bot console`."""
