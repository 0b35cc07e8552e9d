"""Domain errors: each maps to one translated text in ui/errors.py."""


class ServiceError(Exception):
    """A rule refused what the user asked for; nothing was changed."""


class NothingToConfirm(ServiceError):
    """A confirmation button whose question has expired or was never asked."""


class SlotTaken(ServiceError):
    """The last place went to someone else a moment ago."""

    def __init__(self, next_free: list | None = None) -> None:
        super().__init__()
        self.next_free = next_free or []


class NotBookable(ServiceError):
    """The time is not (or no longer) open: closed, too soon, too far ahead, a holiday."""


class TooManyAppointments(ServiceError):
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit


class OverlapsOther(ServiceError):
    """The user already has an appointment at that time."""


class NotYourBooking(ServiceError):
    """An old button or forged data: the booking is not this user's, or not open."""


class TooLateToChange(ServiceError):
    """Cancelling or moving is closed shortly before the appointment."""


class NotStaff(ServiceError):
    """A staff command or button used by someone who is not on that office's team."""


class NotYetStarted(ServiceError):
    """Attendance can be marked only once the appointment has begun."""


class CourseClosed(ServiceError):
    """Registration for this course is closed (or the course has ended)."""
