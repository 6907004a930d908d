"""Friendly error pages: a clear sentence, never a stack trace."""

from __future__ import annotations

from flask import Flask, Response, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from .rules import RuleError

MESSAGES = {
    400: (_l("Yêu cầu không hợp lệ"), _l("Dữ liệu gửi lên không đúng. Hãy tải lại trang và thử lại.")),
    403: (
        _l("Không có quyền"),
        _l("Tài khoản của bạn không được làm việc này, hoặc đây là việc của đơn vị ngoài phạm vi của bạn."),
    ),
    404: (_l("Không tìm thấy"), _l("Trang hoặc bản ghi này không có.")),
    405: (_l("Không hợp lệ"), _l("Thao tác này không làm được theo cách đó.")),
    409: (_l("Xung đột"), _l("Bản ghi đã thay đổi trong lúc bạn sửa.")),
    422: (_l("Chưa lưu được"), _l("Thay đổi chưa được lưu vì dữ liệu không hợp lệ.")),
    413: (_l("Quá lớn"), _l("Dữ liệu gửi lên quá lớn.")),
    429: (_l("Quá nhiều yêu cầu"), _l("Hãy đợi một lát rồi thử lại.")),
    500: (_l("Lỗi hệ thống"), _l("Đã có lỗi. Thao tác chưa được thực hiện; hãy thử lại sau.")),
}

#: The database cannot be reached (down, restarting, unreachable, pool exhausted).
UNAVAILABLE = (
    _l("Hệ thống tạm thời gián đoạn"),
    _l(
        "Hệ thống tạm thời không kết nối được cơ sở dữ liệu. Hãy thử lại sau ít phút. Nếu bạn vừa "
        "gửi một thay đổi, hãy mở lại trang đó sau ít phút để xem thay đổi đã được lưu chưa."
    ),
)
#: Seconds a client is asked to wait before trying again when the database is unreachable.
RETRY_AFTER = 30


def register_errors(app: Flask) -> None:
    def render(code: int, message=None):
        title, default = MESSAGES.get(code, MESSAGES[400])
        from . import is_feed_request

        if is_feed_request():
            # Calendar clients: a bare status, no page, no session, nothing revealed.
            return Response(f"{code}\n", status=code, content_type="text/plain; charset=utf-8")
        return render_template("errors/error.html", code=code, title=title, message=message or default), code

    def unavailable(error: Exception):
        """503 on a page of its own that needs no database: the usual error page shows the
        signed-in user, which would query the unreachable database again (and end in a bare
        500 from the server)."""
        app.logger.error("Database unavailable: %s", getattr(error, "orig", None) or error)
        from . import is_feed_request
        from .extensions import db

        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 - the connection is gone; the session is dropped anyway
            app.logger.debug("rollback failed", exc_info=True)
        headers = {"Retry-After": str(RETRY_AFTER)}
        if is_feed_request():
            return Response("503\n", 503, headers, content_type="text/plain; charset=utf-8")
        title, message = UNAVAILABLE
        # Not render_template: its context processors (Flask-Login's) load the signed-in user.
        page = app.jinja_env.get_template("errors/unavailable.html").render(title=title, message=message)
        return Response(page, 503, headers)

    app.register_error_handler(OperationalError, unavailable)
    app.register_error_handler(InterfaceError, unavailable)
    app.register_error_handler(PoolTimeout, unavailable)

    @app.errorhandler(CSRFError)
    def _csrf(error):
        return render(
            400, _l("Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Hãy tải lại trang và thử lại.")
        )

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if error.code is None or error.code < 400 or error.response is not None:
            return error
        return render(error.code)

    @app.errorhandler(RuleError)
    def _rule(error: RuleError):
        """A rule violation no view caught: nothing was saved; say why on the error page."""
        from .extensions import db

        db.session.rollback()
        return render(error.status, error.message)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return _http(error)
        if isinstance(error, RuleError):
            return _rule(error)
        if isinstance(error, DBAPIError) and error.connection_invalidated:
            return unavailable(error)  # the connection dropped under any other kind of error
        if isinstance(error, StaleDataError):
            # Two saves of the same row at the same moment: the later one is refused.
            from .extensions import db

            db.session.rollback()
            return render(409)
        app.logger.exception("Unhandled error")
        from .extensions import db

        db.session.rollback()
        return render(InternalServerError.code)
