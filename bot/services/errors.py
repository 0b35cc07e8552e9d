"""Domain errors: each maps to one translated text in ui/errors.py."""


class ServiceError(Exception):
    """A rule refused what the user asked for; nothing was changed."""


class NothingToConfirm(ServiceError):
    """A confirmation button whose question has expired or was never asked."""
