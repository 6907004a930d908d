"""Helpers shared by the tests: make a user, log in."""
from __future__ import annotations

from minutes.extensions import db
from minutes.models import Organisation, User

PASSWORD = "correct horse battery"


def make_user(username: str, role: str, unit: Organisation) -> User:
    user = User(username=username, full_name=username.title(), role=role, organisation=unit)
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()
    return user


def login(client, username: str, password: str = PASSWORD):
    """Sign in as ``username`` (signing out whoever was signed in on this client)."""
    client.post("/logout")
    return client.post("/login", data={"username": username, "password": password})
