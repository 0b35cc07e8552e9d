"""Lotse: a Telegram guide for newcomers in Rheine."""
