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
            "Demo data: {conferences} conferences, {organisations} units, {users} users.".format(
                **summary
            )
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
    @click.option("--unit", required=True,
                  help="The user's unit; a top-level unit of that name is created if none exists.")
    @click.password_option()
    def users_create(username, full_name, role, unit, password):
        """Create an account (the first administrator of a fresh installation, say)."""
        from .extensions import db
        from .models import Organisation, User
        from .organisations.services import find_by_name
        from .text import clean_line

        username = clean_line(username)
        if db.session.scalar(db.select(User).where(User.username == username)):
            raise click.UsageError(f"User {username!r} already exists.")
        if len(password) < 8:
            raise click.UsageError("The password must have at least 8 characters.")
        organisation = find_by_name(unit)
        if organisation is None:
            organisation = Organisation(name=unit, level="other")
            db.session.add(organisation)
            click.echo(f"Created the unit {organisation.name!r}.")
        user = User(username=username, full_name=clean_line(full_name), role=role,
                    organisation=organisation)
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        click.echo(f"Created {role} {username!r} in {organisation.name!r}.")
