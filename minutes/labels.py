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
PRESENCE = {"present": _l("Có mặt"), "excused": _l("Vắng có lý do"), "absent": _l("Vắng")}
REPORT_KINDS = {
    "report": _l("Báo cáo"),
    "statement": _l("Tham luận"),
    "guidance": _l("Phát biểu chỉ đạo"),
}
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
DIRECTIONS = {"up": _l("tăng"), "down": _l("giảm"), "same": _l("không đổi")}

#: Choices of the period select: a code that :func:`split_period` turns into kind + number.
PERIOD_CHOICES = (
    [("", _l("— không ghi —"))]
    + [(f"quarter:{q}", _l("Quý %(q)s", q=r)) for q, r in ((1, "I"), (2, "II"), (3, "III"), (4, "IV"))]
    + [("half:1", _l("6 tháng đầu năm")), ("half:2", _l("6 tháng cuối năm")),
       ("nine_months:", _l("9 tháng")), ("year:", _l("Cả năm"))]
    + [(f"month:{m}", _l("Tháng %(m)s", m=m)) for m in range(1, 13)]
)


def split_period(code: str) -> tuple[str | None, int | None]:
    """"quarter:1" → ("quarter", 1); "" → (None, None)."""
    if not code:
        return None, None
    kind, _sep, number = code.partition(":")
    return kind, int(number) if number else None


def join_period(kind: str | None, number: int | None) -> str:
    """Inverse of :func:`split_period`."""
    return f"{kind}:{number or ''}" if kind else ""


def period_label(kind: str | None, number: int | None, year: int | None) -> str:
    """"quý I/2021", "6 tháng đầu năm 2024", "năm 2023" (or the English equivalent)."""
    if not year:
        return ""
    romans = {1: "I", 2: "II", 3: "III", 4: "IV"}
    if kind == "quarter" and number in romans:
        return _("quý %(q)s/%(y)s", q=romans[number], y=year)
    if kind == "half":
        return (_("6 tháng đầu năm %(y)s", y=year) if number == 1
                else _("6 tháng cuối năm %(y)s", y=year))
    if kind == "nine_months":
        return _("9 tháng năm %(y)s", y=year)
    if kind == "month" and number:
        return _("tháng %(m)s/%(y)s", m=number, y=year)
    return _("năm %(y)s", y=year)
