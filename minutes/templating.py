"""Jinja filters and globals: every number, date and label is rendered through these."""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import get_locale, gettext
from flask_login import current_user

from . import formatting, labels
from .clock import local_zone, today
from .permissions import ADMINISTER, MANAGE_TASKS, READ_MINUTES, READ_TASK, WORK_TASK, WRITE_MINUTES, can
from .tasks import status as task_rules


def local_datetime(value) -> str:
    """A stored naive-UTC timestamp as local "HH:MM dd/mm/yyyy"."""
    return formatting.date_time(formatting.to_local(value, local_zone()))


def conference_start(conference) -> str:
    """When ``conference`` starts, as far as it is known, in the UI language: "08:00
    22/09/2022", "Sáng 22/09/2022" ("Morning, 22/09/2022"), "22/09/2022" or ""."""
    return formatting.start_text(
        conference.starts_on,
        conference.day_part,
        formatting.to_local(conference.starts_at, local_zone()),
        part_labels=labels.DAY_PARTS,
        pattern=gettext("%(part)s %(date)s"),
    )


def register_templating(app: Flask) -> None:
    env = app.jinja_env
    env.filters["number"] = formatting.number
    env.filters["percent"] = formatting.percent
    env.filters["date"] = formatting.short_date
    env.filters["local"] = lambda value: formatting.to_local(value, local_zone())
    env.filters["datetime"] = local_datetime
    env.filters["document_date"] = formatting.document_date
    env.filters["start"] = conference_start
    env.globals.update(
        labels=labels,
        period_label=labels.period_label,
        can=lambda action, obj=None: can(current_user, action, obj),
        WRITE_MINUTES=WRITE_MINUTES,
        READ_MINUTES=READ_MINUTES,
        READ_TASK=READ_TASK,
        MANAGE_TASKS=MANAGE_TASKS,
        WORK_TASK=WORK_TASK,
        ADMINISTER=ADMINISTER,
        # The one status vocabulary for templates: a task's status and overdue age today.
        task_status=lambda task: task_rules.status_of(task, today()),
        overdue_days=lambda task: task_rules.overdue_days(task.due_date, today()),
        today=today,
        current_locale=lambda: str(get_locale()),
        languages=lambda: current_app.config["LANGUAGES"],
    )
