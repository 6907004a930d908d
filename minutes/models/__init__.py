"""The data model. One package: conferences, units, users and directives are tightly linked."""

from .audit import AuditEvent
from .conferences import (
    Attendee,
    Conference,
    ConferenceLog,
    Directive,
    DirectiveAddressee,
    Site,
)
from .documents import IssuedDocument, Letterhead
from .extractions import Extraction
from .feeds import FeedBody
from .organisations import Organisation
from .reports import Figure, Report
from .tasks import CalendarToken, ReminderLog, Task, TaskEvent, TaskExtension, TaskPartner
from .users import User

__all__ = [
    "Attendee",
    "AuditEvent",
    "CalendarToken",
    "Conference",
    "ConferenceLog",
    "Directive",
    "DirectiveAddressee",
    "Extraction",
    "FeedBody",
    "Figure",
    "IssuedDocument",
    "Letterhead",
    "Organisation",
    "Report",
    "ReminderLog",
    "Site",
    "Task",
    "TaskEvent",
    "TaskExtension",
    "TaskPartner",
    "User",
]
