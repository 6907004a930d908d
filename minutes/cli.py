"""Command-line entry points: ``flask --app minutes demo load`` and friends."""
from __future__ import annotations

import click
from flask import Flask


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
