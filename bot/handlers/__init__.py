"""Telegram adapters: read the update, call a service, render a view, reply."""
