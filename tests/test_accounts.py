"""Accounts: password change, and sessions that really end."""

from __future__ import annotations

from minutes.extensions import db
from tests.support import PASSWORD, login


def test_change_password_and_other_sessions_are_signed_out(app, users):
    phone, desk = app.test_client(), app.test_client()
    login(phone, "canbo")
    login(desk, "canbo")
    response = desk.post(
        "/account/password",
        data={"current": PASSWORD, "new": "một câu mật khẩu mới", "confirm": "một câu mật khẩu mới"},
    )
    assert response.status_code == 303
    assert desk.get("/tasks/mine").status_code == 200  # this session carries on
    assert phone.get("/tasks/mine").status_code == 302  # the other one is signed out
    assert login(app.test_client(), "canbo").status_code == 200  # the old password is refused
    assert login(app.test_client(), "canbo", "một câu mật khẩu mới").status_code == 302
    db.session.refresh(users["officer"])
    assert users["officer"].check_password("một câu mật khẩu mới")


def test_bad_password_changes_are_refused_next_to_the_field(client, users):
    login(client, "canbo")
    cases = [
        (
            {"current": "sai rồi", "new": "đủ dài rồi đấy", "confirm": "đủ dài rồi đấy"},
            "Mật khẩu hiện tại không đúng.",
        ),
        ({"current": PASSWORD, "new": "ngắn", "confirm": "ngắn"}, "Mật khẩu mới cần từ 10"),
        (
            {"current": PASSWORD, "new": "đủ dài rồi đấy", "confirm": "khác hẳn nhau"},
            "Hai lần nhập không khớp.",
        ),
    ]
    for data, message in cases:
        response = client.post("/account/password", data=data)
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    db.session.refresh(users["officer"])
    assert users["officer"].check_password(PASSWORD)


def test_a_copied_session_cookie_dies_with_sign_out(app, users):
    client = app.test_client()
    login(client, "thuky")
    stolen = client.get_cookie("session").value
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/conferences/").status_code == 302


def test_inactive_user_cannot_sign_in_and_is_dropped(app, users):
    client = app.test_client()
    login(client, "lanhdao")
    users["viewer"].active = False
    db.session.commit()
    assert client.get("/conferences/").status_code == 302
    response = login(app.test_client(), "lanhdao")
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)


def test_sign_in_is_throttled_per_account(app, users):
    client = app.test_client()
    for _ in range(5):
        response = client.post("/login", data={"username": "thuky", "password": "đoán bừa"})
        assert response.status_code == 200
    blocked = client.post("/login", data={"username": "thuky", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Quá nhiều yêu cầu" in blocked.get_data(as_text=True)
    # Another account from the same address is not locked by it.
    assert login(app.test_client(), "lanhdao").status_code == 302


def test_sign_in_is_throttled_per_address(app, users):
    app.config["LOGIN_LIMIT_ADDRESS"] = "3 per minute"
    client = app.test_client()
    for name in ("a", "b", "c"):
        client.post("/login", data={"username": name, "password": "x"})
    assert client.post("/login", data={"username": "d", "password": "x"}).status_code == 429


def test_successful_sign_ins_do_not_use_up_the_limit(app, users):
    for _ in range(8):
        client = app.test_client()
        assert login(client, "thuky").status_code == 302


class Clock:
    """Stands in for ``utcnow`` in the session checks; ``advance`` moves it on."""

    def __init__(self):
        from minutes.clock import utcnow

        self.now = utcnow()

    def __call__(self):
        return self.now

    def advance(self, **delta):
        from datetime import timedelta

        self.now += timedelta(**delta)


def test_an_idle_session_signs_out_and_says_why(app, client, users, monkeypatch):
    clock = Clock()
    monkeypatch.setattr("minutes.auth.routes.utcnow", clock)
    login(client, "canbo")
    clock.advance(minutes=100)
    assert client.get("/tasks/mine").status_code == 200  # used: the idle clock starts again
    clock.advance(minutes=100)
    assert client.get("/tasks/mine").status_code == 200
    clock.advance(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
    response = client.get("/tasks/mine")
    assert response.status_code == 302 and "/login" in response.location
    page = client.get(response.location).get_data(as_text=True)
    assert "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại." in page
    assert client.get("/tasks/mine").status_code == 302  # signed out for good, not just once


def test_a_busy_session_still_ends_after_the_maximum_age(app, client, users, monkeypatch):
    clock = Clock()
    monkeypatch.setattr("minutes.auth.routes.utcnow", clock)
    login(client, "thuky")
    for _hour in range(int(app.config["SESSION_MAX_HOURS"])):
        clock.advance(minutes=59)
        assert client.get("/conferences/").status_code == 200
    clock.advance(minutes=61)
    assert client.get("/conferences/").status_code == 302
    assert login(client, "thuky").status_code == 302  # signing in again starts a new session
    assert client.get("/conferences/").status_code == 200


def test_control_characters_do_not_get_a_fresh_sign_in_counter(app, users):
    """``thu\\x02ky`` is the account ``thuky`` for the lookup, so it is for the throttle."""
    client = app.test_client()
    for name in ("thuky", "thu\x02ky", " ThuKy ", "thu\x02ky", "THUKY"):
        response = client.post("/login", data={"username": name, "password": "đoán bừa"})
        assert response.status_code == 200
    for name in ("thu\x02ky", "thuky"):
        blocked = client.post("/login", data={"username": name, "password": PASSWORD})
        assert blocked.status_code == 429
    assert login(app.test_client(), "lanhdao").status_code == 302


def test_the_lookup_and_the_throttle_share_one_key():
    from minutes.auth import routes
    from minutes.models.users import username_key

    assert username_key("thu\x02ky") == username_key(" ThuKy ") == "thuky"
    assert username_key("Tha\u0300nh") == username_key("Thành")  # NFC
    assert routes.username_key is username_key


def test_password_change_is_throttled_per_account(app, users):
    client = app.test_client()
    login(client, "canbo")
    wrong = {"current": "đoán bừa mãi", "new": "một câu mật khẩu mới", "confirm": "một câu mật khẩu mới"}
    for _ in range(5):
        assert client.post("/account/password", data=wrong).status_code == 422
    right = dict(wrong, current=PASSWORD)
    assert client.post("/account/password", data=right).status_code == 429
    db.session.refresh(users["officer"])
    assert users["officer"].check_password(PASSWORD)  # nothing changed
    # The same counter as sign-in: guessing there used the account's allowance up too.
    assert (
        app.test_client().post("/login", data={"username": "canbo", "password": PASSWORD}).status_code == 429
    )


def test_successful_password_changes_do_not_use_up_the_limit(app, users):
    client = app.test_client()
    login(client, "canbo")
    current = PASSWORD
    for n in range(7):
        new = f"một câu mật khẩu mới {n}"
        response = client.post("/account/password", data={"current": current, "new": new, "confirm": new})
        assert response.status_code == 303
        current = new
