"""Every unit knows its place in the tree: the materialised path stays true on add and move."""

from minutes.extensions import db
from minutes.models import Organisation


def _paths():
    db.session.expire_all()
    return {o.name: o.path for o in db.session.scalars(db.select(Organisation))}


def test_new_units_get_their_parents_path_even_when_added_together(app, units):
    city, (le_chan, *_rest), other = units["city"], units["districts"], units["other"]
    ward = Organisation(name="Phường An Biên", level="grassroots", parent=le_chan)
    cell = Organisation(name="Chi bộ 1", level="cell", parent=ward)
    db.session.add_all([ward, cell])
    db.session.commit()
    assert cell.path == f"/{city.id}/{le_chan.id}/{ward.id}/{cell.id}/"
    assert cell.ancestor_ids == [city.id, le_chan.id, ward.id]
    assert other.path == f"/{other.id}/" and other.ancestor_ids == []


def test_moving_a_unit_rewrites_the_paths_below_it_in_the_database(app, units):
    city, le_chan, other = units["city"], units["districts"][0], units["other"]
    ward = Organisation(name="Phường An Biên", level="grassroots", parent=le_chan)
    db.session.add(ward)
    db.session.commit()
    le_chan.parent = other
    db.session.commit()
    paths = _paths()
    assert paths["Quận ủy Lê Chân"] == f"/{other.id}/{le_chan.id}/"
    assert paths["Phường An Biên"] == f"/{other.id}/{le_chan.id}/{ward.id}/"
    assert paths["Quận ủy Ngô Quyền"].startswith(f"/{city.id}/")
    le_chan.parent = None
    db.session.commit()
    assert _paths()["Phường An Biên"] == f"/{le_chan.id}/{ward.id}/"
