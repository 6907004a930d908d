"""``flask calendar export``: any feed to standard output, byte for byte what HTTP serves."""

from __future__ import annotations

import sys

import click
from flask import Flask


def register_calendar_cli(app: Flask) -> None:
    @app.cli.group("calendar")
    def calendar_group():
        """Calendar feeds."""

    @calendar_group.command("export")
    @click.option("--all", "everything", is_flag=True, help="Every conference and task.")
    @click.option("--unit", "unit_id", type=int, help="Tasks of one unit (id).")
    @click.option(
        "--subunits/--no-subunits",
        default=True,
        show_default=True,
        help="With --unit: include the units below it.",
    )
    @click.option("--user", "username", help="Việc của tôi of one user (username).")
    @click.option("--conference", "conference_id", type=int, help="One conference and its tasks.")
    @click.option("--todo", is_flag=True, help="To-do style (VTODO) instead of all-day events.")
    @click.option("--no-done", is_flag=True, help="Leave completed tasks out.")
    @click.option(
        "--alarm",
        "alarm_days",
        type=click.IntRange(0, 60),
        default=0,
        help="Reminder N days before the due date (0: none).",
    )
    def export(everything, unit_id, subunits, username, conference_id, todo, no_done, alarm_days):
        """Write a feed (.ics) to standard output, e.g. to publish it on a shared folder."""
        from ..extensions import db
        from ..models import Conference, Organisation, User
        from . import ical, services

        chosen = [x for x in (everything, unit_id, username, conference_id) if x]
        if len(chosen) != 1:
            raise click.UsageError("Choose exactly one of --all, --unit, --user, --conference.")
        options = ical.FeedOptions(
            include_done=not no_done, alarm_days=alarm_days or None, style="todo" if todo else "event"
        )
        if everything:
            feed = services.feed_for_all(options)
        elif unit_id:
            unit = db.session.get(Organisation, unit_id)
            if unit is None:
                raise click.UsageError(f"No unit with id {unit_id}.")
            feed = services.feed_for_unit(unit, subunits, options)
        elif username:
            user = db.session.scalar(db.select(User).where(User.username == username))
            if user is None:
                raise click.UsageError(f"No user {username!r}.")
            feed = services.feed_for_user(user, options)
        else:
            conference = db.session.get(Conference, conference_id)
            if conference is None:
                raise click.UsageError(f"No conference with id {conference_id}.")
            feed = services.feed_for_conference(conference, options)
        # Links in the feed point at BASE_URL, as they point at the serving host over HTTP.
        base_url = app.config.get("BASE_URL", "http://127.0.0.1:5000")
        with app.test_request_context("/", base_url=base_url):
            data = services.build(feed)
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
