"""The organisation tree: Trung ương → tỉnh/thành → huyện/quận → cơ sở → chi bộ, or any other."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String, Table, event, func, inspect, literal, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship, validates
from sqlalchemy.orm.attributes import set_committed_value

from ..text import clean_line, fold
from .base import Model

#: Levels of the tree, top down. Labels are translated at display time.
LEVELS = ("central", "province", "district", "grassroots", "cell", "other")


class Organisation(Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    #: The current name. Rows that name a unit (sites, attendees, addressees) keep a copy of
    #: the name it had then, so renaming a unit never rewrites old minutes.
    name: Mapped[str] = mapped_column(String(255))
    #: :func:`minutes.text.fold` of ``name``, for diacritic-insensitive search.
    name_folded: Mapped[str] = mapped_column(String(255), index=True)
    short_name: Mapped[str | None] = mapped_column(String(80))
    #: One of :data:`LEVELS`.
    level: Mapped[str] = mapped_column(String(20), default="other")
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    #: Set when the unit was abolished or merged; its rows stay for the records that name it.
    deactivated_on: Mapped[date | None]
    #: The unit that took over when this one was merged away.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    #: Stable key for units loaded by the demo data or an import, so reloading is idempotent.
    external_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    #: A body outside the tree (another province's commission, a ministry), added on the spot
    #: by a secretariat. Its parent, when known, only says where it sits; it belongs to the
    #: scope of its ``steward``. An admin later merges it into the real unit.
    external: Mapped[bool] = mapped_column(default=False, server_default="0")
    #: The unit whose secretariat added this external body: it may organise with it, address
    #: it, and report on the tasks given to it. None: added by an admin of the whole tree.
    steward_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    #: Materialised ancestry, ids from the root down to this unit: "/1/5/23/". Kept by
    #: :mod:`minutes.organisations.tree` on every insert and move; read for the place in the
    #: tree, "one level down" and subtree filters (``path LIKE '/1/5/%'``).
    path: Mapped[str] = mapped_column(String(500), default="", server_default="", index=True)

    parent: Mapped[Organisation | None] = relationship(
        remote_side=[id], back_populates="children", foreign_keys=[parent_id]
    )
    children: Mapped[list[Organisation]] = relationship(
        back_populates="parent",
        foreign_keys=[parent_id],
        order_by="[Organisation.sort_order, Organisation.id]",
    )
    merged_into: Mapped[Organisation | None] = relationship(remote_side=[id], foreign_keys=[merged_into_id])
    steward: Mapped[Organisation | None] = relationship(remote_side=[id], foreign_keys=[steward_id])

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids above this unit, from the root down (empty for a root or before the first flush)."""
        return [int(part) for part in self.path.strip("/").split("/")[:-1] if part]

    @property
    def depth(self) -> int:
        return max(len(self.ancestor_ids), 0)

    @validates("name")
    def _set_name(self, _key: str, value: str) -> str:
        value = clean_line(value)
        self.name_folded = fold(value)
        return value

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"


def _path_of(org: Organisation, parent_path: str) -> str:
    return f"{parent_path or '/'}{org.id}/"


@event.listens_for(Session, "after_flush")
def _keep_paths(session: Session, _context) -> None:
    """Keep :attr:`Organisation.path` true after every flush that adds or moves a unit.

    Runs in the flush's transaction, in SQL, so every way of writing the tree (admin pages,
    imports, the demo, tests) keeps it: a new unit gets its parent's path plus its id; a
    moved one rewrites its own path and the paths of everything below it in one UPDATE.
    """
    changed = [
        o
        for o in list(session.new) + list(session.dirty)
        if isinstance(o, Organisation)
        and (o in session.new or inspect(o).attrs.parent_id.history.has_changes())
    ]
    if not changed:
        return
    connection = session.connection()
    table: Table = Organisation.__table__  # type: ignore[assignment]
    done: dict[int, str] = {}

    def path(org: Organisation) -> str:
        if org.id in done:
            return done[org.id]
        if org.parent_id is None:
            parent_path = ""
        elif (
            parent := session.identity_map.get(
                inspect(Organisation).identity_key_from_primary_key((org.parent_id,))
            )
        ) is not None and parent in changed:
            parent_path = path(parent)
        else:
            parent_path = connection.scalar(select(table.c.path).where(table.c.id == org.parent_id)) or ""
        new = _path_of(org, parent_path)
        old = connection.scalar(select(table.c.path).where(table.c.id == org.id)) or ""
        if old != new:
            connection.execute(update(table).where(table.c.id == org.id).values(path=new))
            if old and org not in session.new:
                connection.execute(
                    update(table)
                    .where(table.c.path.startswith(old, autoescape=True), table.c.id != org.id)
                    .values(path=literal(new) + func.substr(table.c.path, len(old) + 1))
                )
                for obj in session.identity_map.values():
                    if isinstance(obj, Organisation) and obj.path.startswith(old) and obj is not org:
                        set_committed_value(obj, "path", new + obj.path[len(old) :])
        set_committed_value(org, "path", new)
        done[org.id] = new
        return new

    for org in changed:
        path(org)
