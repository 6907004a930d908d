"""The unit pickers' JSON: search as you type, and add an external body on the spot."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import db, limiter
from ..models import Organisation
from ..models.organisations import LEVELS
from ..permissions import WRITE_MINUTES, can, own_units, scope_ids
from ..rules import RuleError, parse_id
from . import search

bp = Blueprint("units", __name__, url_prefix="/units")


def _per_user() -> str:
    return f"user:{current_user.get_id()}"


def _error(message: str, field: str | None = None, status: int = 422):
    return jsonify({"error": message, "field": field}), status


@bp.errorhandler(429)
def _too_many(_error_):
    """Over :data:`PICKER_LIMIT`: the picker's script reads a JSON error, not a page."""
    return _error(_("Quá nhiều yêu cầu tìm kiếm. Hãy đợi một lát rồi thử lại."), None, 429)


def _root(value: str | None) -> Organisation | None:
    """The unit a picker of scope "under" lists below: one the user may delegate from."""
    number = parse_id(value)
    root = db.session.get(Organisation, number) if number is not None else None
    if root is None:
        raise RuleError(_("Không có đơn vị này."), "root")
    scope = scope_ids(current_user)
    if scope is not None and root.id not in scope and root.id not in own_units(current_user):
        raise RuleError(_("Đơn vị này không thuộc phạm vi của bạn."), "root")
    return root


@bp.get("/search")
@login_required
@limiter.limit(lambda: current_app.config.get("PICKER_LIMIT", "120 per minute"), key_func=_per_user)
def search_units():
    """``?q=le chan&scope=mine|any|under&level=district&root=5`` → up to 20 units with their place."""
    text = (request.args.get("q") or "")[:200]
    scope = request.args.get("scope", "mine")
    if scope not in search.SCOPES:
        return _error(_("Phạm vi tìm kiếm không hợp lệ."), "scope", 400)
    if scope == "any" and not can(current_user, WRITE_MINUTES):
        scope = "mine"  # guests from anywhere are the secretariat's business
    level = request.args.get("level") or None
    if level is not None and level not in LEVELS:
        return _error(_("Cấp không hợp lệ."), "level", 400)
    try:
        root = _root(request.args.get("root")) if scope == "under" else None
    except RuleError as error:
        return _error(str(error.message), error.field, 400)
    found = search.search(current_user, text, scope, level=level, root=root)
    return jsonify({"query": text, "results": [f.as_json() for f in found]})


@bp.post("/external")
@login_required
@limiter.limit(lambda: current_app.config.get("PICKER_LIMIT", "120 per minute"), key_func=_per_user)
def add_external():
    """Add a body outside the tree (name; level and parent when known); JSON in, JSON out."""
    if not can(current_user, WRITE_MINUTES):
        return _error(_("Bạn không có quyền thêm cơ quan, đơn vị."), None, 403)
    data = request.get_json(silent=True) or request.form
    parent = None
    if data.get("parent_id"):
        number = parse_id(data.get("parent_id"))
        parent = db.session.get(Organisation, number) if number is not None else None
        if parent is None:
            return _error(_("Không có đơn vị cấp trên này."), "parent_id")
    scope = data.get("scope") if data.get("scope") in ("mine", "any") else "mine"
    try:
        unit, created = search.add_external(
            current_user, str(data.get("name") or ""), str(data.get("level") or "other"), parent, scope
        )
    except RuleError as error:
        db.session.rollback()
        return _error(str(error.message), error.field)
    db.session.commit()
    body = search.describe([unit])[0].as_json()
    return jsonify({**body, "created": created}), 201 if created else 200
