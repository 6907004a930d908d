"""Command-line entry points: ``flask --app minutes demo load`` and friends."""

from __future__ import annotations

import click
from flask import Flask

from .models.users import ROLES


def register_cli(app: Flask) -> None:
    @app.cli.group()
    def demo():
        """Demo data."""

    @demo.command("load")
    def demo_load():
        """Load the demo conferences, units and users (idempotent) and print the logins."""
        from .demo import DEMO_PASSWORD, DEMO_USERS, load_demo

        summary = load_demo()
        click.echo(
            "Demo data: {conferences} conferences, {organisations} units, {users} users.".format(**summary)
        )
        click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, _name, role, _unit in DEMO_USERS:
            click.echo(f"  {username:<10} {role}")

    @app.cli.group()
    def users():
        """User accounts."""

    @users.command("create")
    @click.argument("username")
    @click.option("--name", "full_name", required=True, help="Full name, e.g. 'Nguyễn Văn A'.")
    @click.option("--role", type=click.Choice(ROLES), default="admin", show_default=True)
    @click.option(
        "--unit",
        required=True,
        help="The user's unit; a top-level unit of that name is created if none exists.",
    )
    @click.password_option()
    def users_create(username, full_name, role, unit, password):
        """Create an account (the first administrator of a fresh installation, say)."""
        from .audit import record
        from .extensions import db
        from .models import Organisation, User
        from .models.users import MIN_PASSWORD_LENGTH
        from .organisations.services import find_by_name
        from .text import clean_line

        username = clean_line(username).lower()  # sign-in looks names up in lower case
        if db.session.scalar(db.select(User).where(User.username == username)):
            raise click.UsageError(f"User {username!r} already exists.")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise click.UsageError(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
        organisation = find_by_name(unit)
        if organisation is None:
            organisation = Organisation(name=unit, level="other")
            db.session.add(organisation)
            click.echo(f"Created the unit {organisation.name!r}.")
        user = User(username=username, full_name=clean_line(full_name), role=role, organisation=organisation)
        user.set_password(password)
        db.session.add(user)
        db.session.flush()
        record(
            "user.created",
            actor=None,
            actor_name="flask users create",
            unit=organisation,
            subject=username,
            role=role,
        )
        db.session.commit()
        click.echo(f"Created {role} {username!r} in {organisation.name!r}.")

    @app.cli.command("extract")
    @click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
    @click.option("--out", type=click.Path(file_okay=False), help="Write DIR/<stem>.json per file.")
    def extract_command(files, out):
        """Print the draft minutes read from FILE (.txt, .docx, .pdf) as JSON; writes no database."""
        from .extraction.batch import run

        run(files, out)

    @app.cli.group()
    def tasks():
        """Task follow-up."""

    @tasks.command("remind")
    @click.option(
        "--days",
        type=click.IntRange(min=0),
        default=None,
        help="Tasks due within this many days from today (default: REMINDER_DAYS, 7).",
    )
    @click.option("--dry-run", is_flag=True, help="Print who would get what; send and log nothing.")
    def tasks_remind(days, dry_run):
        """E-mail each officer a digest of overdue tasks and tasks due soon (once a day; for cron)."""
        from .formatting import short_date
        from .tasks.reminders import send_reminders

        summary = send_reminders(days, dry_run=dry_run)
        if dry_run:
            for digest in summary.digests:
                user = digest.user
                click.echo(
                    f"{user.username} <{user.email}>: {len(digest.overdue)} overdue, "
                    f"{len(digest.due_soon)} due within {digest.days} days"
                )
                for line in digest.overdue:
                    click.echo(
                        f"  overdue {line.overdue_days} d  #{line.task_id} "
                        f"{short_date(line.due_date)}  {line.unit}: {line.text}"
                    )
                for line in digest.due_soon:
                    click.echo(
                        f"  due          #{line.task_id} "
                        f"{short_date(line.due_date)}  {line.unit}: {line.text}"
                    )
        for username, message in summary.failed:
            click.echo(f"Reminder to {username} not sent: {message}", err=True)
        click.echo(summary.line())
        if not summary.ok:
            raise SystemExit(1)
