"""Vietnamese text handling and formatting: what every page and search relies on."""

import unicodedata
from datetime import date

import pytest

from minutes.formatting import document_date, number, percent, short_date
from minutes.text import clean_line, fold, nfc, parse_number, sort_key


def test_fold_drops_diacritics_and_d_stroke():
    assert fold("Tây Ninh") == "tay ninh"
    assert fold("Đà Nẵng") == "da nang"
    assert fold("  ỦY BAN   Kiểm tra ") == "uy ban kiem tra"


def test_fold_joins_old_and_new_tone_placement():
    assert fold("Hòa Bình") == fold("Hoà Bình")
    assert fold("Ủy ban") == fold("Uỷ ban")


def test_nfc_composes_decomposed_input_and_drops_control_characters():
    decomposed = unicodedata.normalize("NFD", "Thành ủy")
    assert nfc(decomposed) == "Thành ủy"
    assert nfc("a\x00b\x07c\nd") == "abc\nd"
    assert clean_line("  Quận ủy \n Lê   Chân ") == "Quận ủy Lê Chân"


def test_sort_key_follows_the_vietnamese_alphabet():
    words = ["Ư", "U", "Đông", "Dương", "Ân", "Ăn", "An", "Ơn", "Ôn", "On", "Bắc"]
    assert sorted(words, key=sort_key) == [
        "An",
        "Ăn",
        "Ân",
        "Bắc",
        "Dương",
        "Đông",
        "On",
        "Ôn",
        "Ơn",
        "U",
        "Ư",
    ]


def test_sort_key_compares_letters_before_tones():
    assert sorted(["Hà", "Ha", "Hả", "Hai"], key=sort_key) == ["Ha", "Hà", "Hả", "Hai"]


def test_numbers_and_percentages_the_vietnamese_way():
    assert number(1917) == "1.917"
    assert number(134000) == "134.000"
    assert number(0.5) == "0,5"
    assert percent(37.6) == "37,6 %"
    assert percent(-37.614, signed=True) == "−37,6 %"
    assert percent(5, signed=True) == "+5,0 %"


def test_dates():
    assert short_date(date(2021, 4, 7)) == "07/04/2021"
    assert document_date(date(2021, 4, 7)) == "ngày 07 tháng 4 năm 2021"
    assert document_date(date(2021, 2, 15)) == "ngày 15 tháng 02 năm 2021"
    assert document_date(date(2021, 12, 28)) == "ngày 28 tháng 12 năm 2021"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1.917", 1917),
        ("76.000", 76000),
        ("1.234.567", 1234567),
        ("37,6", 37.6),
        ("1.234,5", 1234.5),
        ("0.5", 0.5),
        ("-39", -39),
        ("−39", -39),
        (" 713 ", 713),
        ("0,5", 0.5),
    ],
)
def test_parse_number_reads_vietnamese_notation(text, expected):
    assert float(parse_number(text)) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["abc", "1,2,3", "12.34.5", "1e5", "", "--3", "1.2,3.4"])
def test_parse_number_rejects_non_numbers(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_form_fields_keep_their_own_filters_after_nfc(app):
    import unicodedata

    from werkzeug.datastructures import MultiDict
    from wtforms import StringField

    from minutes.forms import BaseForm

    class Form(BaseForm):
        class Meta:
            csrf = False

        code = StringField("Mã", filters=[lambda v: v.upper() if v else v])

    with app.test_request_context():
        form = Form(formdata=MultiDict({"code": unicodedata.normalize("NFD", "  hòa   bình ")}))
    assert form.code.data == "HÒA BÌNH"
    assert unicodedata.is_normalized("NFC", form.code.data)
