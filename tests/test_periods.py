"""The reviewed period is stored structured and rendered the Vietnamese way."""

from minutes.labels import join_period, period_label, split_period


def test_period_labels(app):
    with app.test_request_context():
        assert period_label("quarter", 1, 2021) == "quý I/2021"
        assert period_label("quarter", 4, 2024) == "quý IV/2024"
        assert period_label("half", 1, 2024) == "6 tháng đầu năm 2024"
        assert period_label("half", 2, 2024) == "6 tháng cuối năm 2024"
        assert period_label("nine_months", None, 2024) == "9 tháng năm 2024"
        assert period_label("year", None, 2023) == "năm 2023"
        assert period_label("month", 3, 2024) == "tháng 3/2024"
        assert period_label(None, None, None) == ""


def test_period_codes_round_trip():
    for code in ("quarter:3", "half:1", "year:", "nine_months:", "month:12", ""):
        assert join_period(*split_period(code)) == code
