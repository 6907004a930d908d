"""Display labels of the stored codes, translated at render time."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

CONFERENCE_KINDS = {
    "review": _l("Giao ban định kỳ"),
    "midyear": _l("Sơ kết"),
    "annual": _l("Tổng kết"),
    "thematic": _l("Chuyên đề"),
    "other": _l("Khác"),
}
FORMATS = {"online": _l("Trực tuyến"), "in_person": _l("Trực tiếp"), "hybrid": _l("Kết hợp")}
STATUSES = {"draft": _l("Bản nháp"), "published": _l("Đã công bố")}
ATTENDEE_ROLES = {
    "chair": _l("Chủ trì"),
    "delegate": _l("Đại biểu"),
    "guest": _l("Khách mời"),
    "secretary": _l("Thư ký"),
}
#: Parts of the day (:data:`minutes.models.conferences.DAY_PARTS`) when the hour is not known.
DAY_PARTS = {"morning": _l("Sáng"), "afternoon": _l("Chiều"), "evening": _l("Tối")}
PRESENCE = {"present": _l("Có mặt"), "excused": _l("Vắng có lý do"), "absent": _l("Vắng")}
REPORT_KINDS = {"report": _l("Báo cáo"), "statement": _l("Tham luận"), "guidance": _l("Phát biểu chỉ đạo")}
LEVELS = {
    "central": _l("Trung ương"),
    "province": _l("Tỉnh, thành phố"),
    "district": _l("Huyện, quận, thị xã"),
    "grassroots": _l("Cơ sở"),
    "cell": _l("Chi bộ"),
    "other": _l("Khác"),
}
ROLES = {
    "admin": _l("Quản trị"),
    "secretariat": _l("Văn phòng, thư ký"),
    "officer": _l("Cán bộ đơn vị"),
    "viewer": _l("Lãnh đạo (chỉ xem)"),
}
#: Qualifiers of rounded figures (:data:`minutes.models.conferences.QUALIFIERS`): the stored
#: word is the Vietnamese one, shown translated.
QUALIFIERS = {
    "hơn": _l("hơn"),
    "trên": _l("trên"),
    "khoảng": _l("khoảng"),
    "gần": _l("gần"),
    "dưới": _l("dưới"),
}
#: What a figure covers (:data:`minutes.models.conferences.FIGURE_SCOPES`).
FIGURE_SCOPES = {
    "": _l("Trong kỳ"),
    "year_to_date": _l("Từ đầu năm đến nay"),
    "term_to_date": _l("Từ đầu nhiệm kỳ đến nay"),
    "cumulative": _l("Lũy kế"),
}
#: The documents a conference issues (:data:`minutes.documents.services.KINDS`), as the UI names
#: them; the documents themselves are always worded in Vietnamese.
DOCUMENT_KINDS = {"notice": _l("Thông báo kết luận"), "minutes": _l("Biên bản hội nghị")}
DIRECTIONS = {"up": _l("tăng"), "down": _l("giảm"), "same": _l("không đổi")}
#: Task statuses (derived by :mod:`minutes.tasks.status`), in report order.
TASK_STATUSES = {
    "done_on_time": _l("Hoàn thành đúng hạn"),
    "done_late": _l("Hoàn thành quá hạn"),
    "in_progress": _l("Đang thực hiện trong hạn"),
    "overdue": _l("Quá hạn"),
    "ongoing": _l("Thường xuyên"),
    "cancelled": _l("Đã hủy"),
}
TASK_STATUS_GROUPS = {"open": _l("Chưa hoàn thành"), "done": _l("Đã hoàn thành")}
PRIORITIES = {"high": _l("Cao"), "normal": _l("Bình thường"), "low": _l("Thấp")}
DUE_WINDOWS = {"7": _l("Đến hạn trong 7 ngày"), "30": _l("Đến hạn trong 30 ngày")}
EXTENSION_STATES = {
    "pending": _l("Chờ quyết định"),
    "approved": _l("Đã chấp thuận"),
    "rejected": _l("Không chấp thuận"),
}
#: The audit trail's actions (:class:`minutes.models.AuditEvent`), grouped for the filter.
AUDIT_ACTIONS = {
    "login.succeeded": _l("Đăng nhập"),
    "login.failed": _l("Đăng nhập không thành công"),
    "logout": _l("Đăng xuất"),
    "session.expired": _l("Phiên đăng nhập hết hạn"),
    "password.changed": _l("Tự đổi mật khẩu"),
    "user.created": _l("Tạo tài khoản"),
    "user.role_changed": _l("Đổi vai trò"),
    "user.moved": _l("Chuyển tài khoản sang đơn vị khác"),
    "user.details_changed": _l("Sửa thông tin tài khoản"),
    "user.deactivated": _l("Khóa tài khoản"),
    "user.reactivated": _l("Mở khóa tài khoản"),
    "user.password_reset": _l("Đặt lại mật khẩu"),
    "unit.created": _l("Thêm đơn vị"),
    "unit.external_added": _l("Thêm cơ quan ngoài hệ thống"),
    "unit.renamed": _l("Đổi tên đơn vị"),
    "unit.edited": _l("Sửa đơn vị"),
    "unit.moved": _l("Chuyển đơn vị"),
    "unit.deactivated": _l("Cho đơn vị ngừng hoạt động"),
    "unit.merged": _l("Hợp nhất đơn vị"),
    "import.units": _l("Nhập đơn vị từ tệp"),
    "import.users": _l("Nhập tài khoản từ tệp"),
    "token.created": _l("Tạo đường dẫn lịch"),
    "token.revoked": _l("Thu hồi đường dẫn lịch"),
    "conference.deleted": _l("Xóa bản nháp hội nghị"),
    "document.issued": _l("Ban hành văn bản"),
    "letterhead.changed": _l("Sửa tiêu đề văn bản"),
}

TASK_EVENTS = {
    "created": _l("Giao nhiệm vụ"),
    "reassigned": _l("Đổi đơn vị chủ trì"),
    "due_changed": _l("Đổi thời hạn"),
    "priority": _l("Đổi mức ưu tiên"),
    "lead_person": _l("Đổi người phụ trách"),
    "partners": _l("Đổi đơn vị phối hợp"),
    "progress": _l("Cập nhật tiến độ"),
    "completed": _l("Báo hoàn thành"),
    "reopened": _l("Mở lại"),
    "extension_requested": _l("Xin gia hạn"),
    "extension_approved": _l("Chấp thuận gia hạn"),
    "extension_rejected": _l("Không chấp thuận gia hạn"),
    "cancelled": _l("Hủy nhiệm vụ"),
    "delegated": _l("Giao lại cho cấp dưới"),
}

#: Choices of the period select: a code that :func:`split_period` turns into kind + number.
PERIOD_CHOICES = (
    [("", _l("— không ghi —"))]
    + [(f"quarter:{q}", _l("Quý %(q)s", q=r)) for q, r in ((1, "I"), (2, "II"), (3, "III"), (4, "IV"))]
    + [
        ("half:1", _l("6 tháng đầu năm")),
        ("half:2", _l("6 tháng cuối năm")),
        ("nine_months:", _l("9 tháng")),
        ("year:", _l("Cả năm")),
    ]
    + [(f"month:{m}", _l("Tháng %(m)s", m=m)) for m in range(1, 13)]
)


def split_period(code: str) -> tuple[str | None, int | None]:
    """ "quarter:1" → ("quarter", 1); "" → (None, None)."""
    if not code:
        return None, None
    kind, _sep, number = code.partition(":")
    return kind, int(number) if number else None


def join_period(kind: str | None, number: int | None) -> str:
    """Inverse of :func:`split_period`."""
    return f"{kind}:{number or ''}" if kind else ""


def period_label(kind: str | None, number: int | None, year: int | None) -> str:
    """ "quý I/2021", "6 tháng đầu năm 2024", "năm 2023" (or the English equivalent)."""
    if not year:
        return ""
    romans = {1: "I", 2: "II", 3: "III", 4: "IV"}
    if kind == "quarter" and number in romans:
        return _("quý %(q)s/%(y)s", q=romans[number], y=year)
    if kind == "half":
        return _("6 tháng đầu năm %(y)s", y=year) if number == 1 else _("6 tháng cuối năm %(y)s", y=year)
    if kind == "nine_months":
        return _("9 tháng năm %(y)s", y=year)
    if kind == "month" and number:
        return _("tháng %(m)s/%(y)s", m=number, y=year)
    return _("năm %(y)s", y=year)
