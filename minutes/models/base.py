"""The declarative base every model derives from (Flask-SQLAlchemy's ``db.Model``), named so
that the type checker sees it as the typed :class:`~minutes.extensions.Base` it is built on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..extensions import db

if TYPE_CHECKING:
    from ..extensions import Base as Model
else:
    Model = db.Model

__all__ = ["Model"]
