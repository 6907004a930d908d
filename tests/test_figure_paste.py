"""The paste parser of the figures grid: blocks copied from Excel or Word, read without an app."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest

from minutes.conferences.figure_paste import PastedFigure, PasteResult, parse_amount, parse_block
from minutes.models.conferences import QUALIFIERS


def only_row(text: str) -> PastedFigure:
    result = parse_block(text)
    assert result.errors == [], [str(m) for _, m in result.errors]
    assert len(result.rows) == 1
    return result.rows[0]


def messages(result: PasteResult) -> list[tuple[int, str]]:
    return [(line, str(message)) for line, message in result.errors]


# --- parse_amount ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1.917", ("", Decimal(1917), "")),
        ("37,6", ("", Decimal("37.6"), "")),
        ("1.917.000", ("", Decimal(1917000), "")),
        ("1 917", ("", Decimal(1917), "")),
        ("1\u00a0917 vụ", ("", Decimal(1917), "vụ")),
        ("1.917 vụ", ("", Decimal(1917), "vụ")),
        ("37,6%", ("", Decimal("37.6"), "%")),
        ("37,6 %", ("", Decimal("37.6"), "%")),
        ("76 nghìn đảng viên", ("", Decimal(76000), "đảng viên")),
        ("76 ngàn", ("", Decimal(76000), "")),
        ("1,2 triệu", ("", Decimal(1200000), "")),
        ("2 tỷ đồng", ("", Decimal(2 * 10**9), "đồng")),
        ("1,5 tỉ đồng", ("", Decimal(15 * 10**8), "đồng")),
        ("1,5 nghìn tỷ đồng", ("", Decimal(15 * 10**11), "đồng")),
        ("3 Triệu", ("", Decimal(3 * 10**6), "")),
        ("hơn 300 đảng viên", ("hơn", Decimal(300), "đảng viên")),
        ("Hơn 300", ("hơn", Decimal(300), "")),
        ("TRÊN 20 tổ chức", ("trên", Decimal(20), "tổ chức")),
        ("khoảng 1.000 người", ("khoảng", Decimal(1000), "người")),
        ("gần 1.000", ("gần", Decimal(1000), "")),
        ("dưới 5 %", ("dưới", Decimal(5), "%")),
        ("300người", ("", Decimal(300), "người")),
        ("1.917vụ", ("", Decimal(1917), "vụ")),
        ('"1.917"', ("", Decimal(1917), "")),
        ("", ("", None, "")),
        ("   ", ("", None, "")),
    ],
)
def test_parse_amount(cell, expected):
    assert parse_amount(cell) == expected


def test_parse_amount_gives_known_qualifiers_in_nfc():
    qualifier, value, unit = parse_amount(unicodedata.normalize("NFD", "Khoảng 76 nghìn đảng viên"))
    assert qualifier == "khoảng" and qualifier in QUALIFIERS
    assert value == 76000
    assert unit == "đảng viên" and unicodedata.is_normalized("NFC", unit)


@pytest.mark.parametrize("cell", ["abc", "hơn", "1.91.7", "1,2,3", "5 10", "vụ 5", "2021 300"])
def test_parse_amount_refuses_what_is_not_an_amount(cell):
    with pytest.raises(ValueError):
        parse_amount(cell)


# --- columns and separators -----------------------------------------------------------------


def test_five_tab_separated_columns():
    row = only_row("Số tổ chức đảng được kiểm tra\t1.917\ttổ chức đảng\t1.800\tcùng kỳ năm 2021")
    assert row == PastedFigure(
        line=1,
        label="Số tổ chức đảng được kiểm tra",
        qualifier="",
        value=Decimal(1917),
        unit="tổ chức đảng",
        baseline_value=Decimal(1800),
        baseline_qualifier="",
        baseline_label="cùng kỳ năm 2021",
        part_of_previous=False,
    )


def test_value_and_unit_in_one_cell_and_fewer_columns():
    row = only_row("Số đảng viên được kiểm tra\t76 nghìn đảng viên")
    assert (row.value, row.unit, row.baseline_value, row.baseline_label) == (
        Decimal(76000),
        "đảng viên",
        None,
        "",
    )


def test_unit_in_value_cell_then_baseline_columns():
    row = only_row("Số vụ vi phạm\t1.917 vụ\t1.500 vụ\tcùng kỳ năm 2021")
    assert (row.value, row.unit, row.baseline_value, row.baseline_label) == (
        Decimal(1917),
        "vụ",
        Decimal(1500),
        "cùng kỳ năm 2021",
    )


def test_baseline_qualifier_is_kept_and_missing_period_left_empty():
    row = only_row("Số đảng viên vi phạm\thơn 300\tđảng viên\tgần 250")
    assert (row.qualifier, row.value) == ("hơn", Decimal(300))
    assert (row.baseline_qualifier, row.baseline_value, row.baseline_label) == ("gần", Decimal(250), "")


def test_unit_from_baseline_cell_when_the_value_has_none():
    row = only_row("Số vụ\t\t\t1.500 vụ")
    assert (row.value, row.unit, row.baseline_value) == (None, "vụ", Decimal(1500))


@pytest.mark.parametrize(
    "line",
    [
        "Số vụ vi phạm  1.917  vụ  1.500  cùng kỳ năm 2021",
        "Số vụ vi phạm | 1.917 | vụ | 1.500 | cùng kỳ năm 2021",
        "| Số vụ vi phạm | 1.917 | vụ | 1.500 | cùng kỳ năm 2021 |",
        "Số vụ vi phạm; 1.917; vụ; 1.500; cùng kỳ năm 2021",
    ],
)
def test_fallback_separators(line):
    row = only_row(line)
    assert (row.label, row.value, row.unit, row.baseline_value, row.baseline_label) == (
        "Số vụ vi phạm",
        Decimal(1917),
        "vụ",
        Decimal(1500),
        "cùng kỳ năm 2021",
    )


def test_double_space_inside_a_label_is_not_a_separator():
    row = only_row("Số  vụ vi phạm 1.917 vụ")
    assert (row.label, row.value, row.unit) == ("Số vụ vi phạm", Decimal(1917), "vụ")


@pytest.mark.parametrize(
    ("line", "label", "qualifier", "value", "unit"),
    [
        ("Số vụ vi phạm 1.917 vụ", "Số vụ vi phạm", "", Decimal(1917), "vụ"),
        ("Tỷ lệ tổ chức đảng vi phạm 37,6%", "Tỷ lệ tổ chức đảng vi phạm", "", Decimal("37.6"), "%"),
        ("Kiểm tra hơn 300 đảng viên", "Kiểm tra", "hơn", Decimal(300), "đảng viên"),
        ("Số đảng viên 76 nghìn đảng viên", "Số đảng viên", "", Decimal(76000), "đảng viên"),
        ("Thực hiện Quy định 37 có 12 đảng viên", "Thực hiện Quy định 37 có", "", Decimal(12), "đảng viên"),
        ("Số vụ vi phạm 1.917vụ", "Số vụ vi phạm", "", Decimal(1917), "vụ"),
        ("Chỉ tiêu chưa có số liệu", "Chỉ tiêu chưa có số liệu", "", None, ""),
    ],
)
def test_single_cell_splits_label_from_trailing_amount(line, label, qualifier, value, unit):
    row = only_row(line)
    assert (row.label, row.qualifier, row.value, row.unit) == (label, qualifier, value, unit)


def test_number_in_label_cell_stays_in_the_label():
    row = only_row("Số đảng viên vi phạm Quy định 37\t12\tđảng viên")
    assert (row.label, row.value, row.unit) == ("Số đảng viên vi phạm Quy định 37", Decimal(12), "đảng viên")


def test_empty_value_cell_is_an_indicator_without_value():
    row = only_row("Số đảng viên được khen thưởng\t\tđảng viên")
    assert (row.label, row.value, row.unit) == ("Số đảng viên được khen thưởng", None, "đảng viên")


# --- odd input ------------------------------------------------------------------------------


def test_empty_lines_windows_endings_and_trailing_tabs():
    result = parse_block("\r\n  \r\nSố vụ\t5\tvụ\t\r\n\r\n\t\r\nSố người\t7\t\r\n")
    assert result.ok and result.errors == []
    assert [(r.line, r.label, r.value, r.unit) for r in result.rows] == [
        (3, "Số vụ", Decimal(5), "vụ"),
        (6, "Số người", Decimal(7), ""),
    ]


def test_header_row_is_skipped():
    result = parse_block("Chỉ tiêu\tSố liệu\tĐơn vị\tCùng kỳ\tKỳ so sánh\nSố vụ\t5\tvụ")
    assert result.skipped_header is True
    assert [(r.line, r.label) for r in result.rows] == [(2, "Số vụ")]


def test_header_after_empty_lines_and_in_nfd():
    text = unicodedata.normalize("NFD", "\n\nNội dung\tKết quả\nSố vụ\t5")
    result = parse_block(text)
    assert result.skipped_header and [r.line for r in result.rows] == [4]


def test_no_header_when_the_first_value_cell_is_a_number_or_nonsense():
    result = parse_block("Số vụ\t5\nSố người\t7")
    assert result.skipped_header is False and len(result.rows) == 2
    result = parse_block("Số vụ\tabc\nSố người\t7")
    assert result.skipped_header is False
    assert messages(result) == [(1, "Dòng 1: không đọc được số “abc”.")]


def test_only_the_first_line_can_be_a_header():
    result = parse_block("Số vụ\t5\nChỉ tiêu\tSố liệu")
    assert not result.skipped_header
    assert messages(result) == [(2, "Dòng 2: không đọc được số “Số liệu”.")]


def test_nfd_input_gives_nfc_output():
    text = unicodedata.normalize(
        "NFD", "Số đảng viên được kiểm tra\thơn 300\tđảng viên\t250\tcùng kỳ năm 2021"
    )
    row = only_row(text)
    for value in (row.label, row.qualifier, row.unit, row.baseline_label):
        assert unicodedata.is_normalized("NFC", value)
    assert (row.label, row.qualifier, row.unit) == ("Số đảng viên được kiểm tra", "hơn", "đảng viên")


def test_label_whitespace_is_collapsed():
    row = only_row("Số   tổ chức\u00a0đảng \t 5 ")
    assert (row.label, row.value) == ("Số tổ chức đảng", Decimal(5))


def test_excel_quoted_cells_including_multi_line():
    text = '"Số đảng viên\nbị kỷ luật"\t"hơn 300"\tđảng viên\nSố vụ ""nóng""\t5\n"Kết quả ""3 không"""\t2'
    result = parse_block(text)
    assert result.errors == []
    assert [(r.line, r.label, r.qualifier, r.value, r.unit) for r in result.rows] == [
        (1, "Số đảng viên bị kỷ luật", "hơn", Decimal(300), "đảng viên"),
        (3, 'Số vụ ""nóng""', "", Decimal(5), ""),
        (4, 'Kết quả "3 không"', "", Decimal(2), ""),
    ]


def test_unclosed_quote_does_not_swallow_the_following_lines():
    result = parse_block('"Số vụ\t5\nSố người\t7')
    assert [(r.line, r.label, r.value) for r in result.rows] == [
        (1, '"Số vụ', Decimal(5)),
        (2, "Số người", Decimal(7)),
    ]


# --- parts ("trong đó") ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("trong đó đảng viên là cấp ủy viên\t40", "đảng viên là cấp ủy viên"),
        ("Trong đó: cấp ủy viên\t40", "cấp ủy viên"),
        ("- Cấp ủy viên\t40", "Cấp ủy viên"),
        ("+ Cấp ủy viên\t40", "Cấp ủy viên"),
        ("• Cấp ủy viên\t40", "Cấp ủy viên"),
        ("•Cấp ủy viên\t40", "Cấp ủy viên"),
        ("   Cấp ủy viên\t40", "Cấp ủy viên"),
        ("\tCấp ủy viên\t40", "Cấp ủy viên"),
        ("  - Cấp ủy viên 40 đảng viên", "Cấp ủy viên"),
    ],
)
def test_parts_of_the_previous_row(line, label):
    result = parse_block("Số đảng viên được kiểm tra\t300\n" + line)
    assert result.errors == []
    top, part = result.rows
    assert top.part_of_previous is False
    assert part.part_of_previous is True
    assert (part.label, part.value) == (label, Decimal(40))


def test_a_dash_in_the_middle_or_a_negative_number_is_not_a_part():
    result = parse_block("Số vụ - vi phạm\t-5")
    assert result.rows[0].part_of_previous is False
    assert (result.rows[0].label, result.rows[0].value) == ("Số vụ - vi phạm", Decimal(-5))


def test_part_before_any_top_level_row_is_an_error():
    result = parse_block("\n- Cấp ủy viên\t40\nSố vụ\t5\n- trong đó vụ nghiêm trọng\t2")
    assert [line for line, _ in result.errors] == [2]
    assert "phải đứng sau" in str(result.errors[0][1])
    assert [(r.line, r.part_of_previous) for r in result.rows] == [(3, False), (4, True)]
    assert not result.ok


def test_a_part_after_a_bad_top_level_row_only_reports_the_top_row():
    result = parse_block("Số vụ\tabc\n- trong đó nghiêm trọng\t2")
    assert [line for line, _ in result.errors] == [1]


# --- errors ---------------------------------------------------------------------------------


def test_value_that_is_not_a_number():
    result = parse_block("Số vụ\t5\n\n\nSố người\tabc\tngười")
    assert messages(result) == [(4, "Dòng 4: không đọc được số “abc”.")]
    assert [r.line for r in result.rows] == [1]
    assert not result.ok


def test_baseline_value_that_is_not_a_number():
    result = parse_block("Số vụ\t5\tvụ\tnhiều\tcùng kỳ")
    assert messages(result) == [(1, "Dòng 1: không đọc được số liệu kỳ so sánh “nhiều”.")]


@pytest.mark.parametrize("line", ["\t5\tvụ", "1.917 vụ", "- \t5", "| | 5"])
def test_row_without_label(line):
    result = parse_block("Số người\t7\n" + line)
    assert messages(result) == [(2, "Dòng 2: thiếu tên chỉ tiêu.")]


def test_label_longer_than_500_characters():
    ok = "a" * 500
    assert only_row(ok + "\t5").label == ok
    result = parse_block("a" * 501 + "\t5")
    assert messages(result) == [(1, "Dòng 1: tên chỉ tiêu dài quá 500 ký tự.")]


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("1.000.000.000.001", "Số liệu không được vượt quá 1.000.000.000.000 (giá trị tuyệt đối)."),
        ("2 nghìn tỷ", "Số liệu không được vượt quá 1.000.000.000.000 (giá trị tuyệt đối)."),
        ("0,12345", "Số liệu có tối đa 4 chữ số thập phân."),
    ],
)
def test_out_of_range_values_use_the_figure_rule(cell, problem):
    assert messages(parse_block("Số vụ\t" + cell)) == [(1, "Dòng 1: " + problem)]
    assert messages(parse_block("Số vụ\t5\t\t" + cell)) == [(1, "Dòng 1: " + problem)]


def test_conflicting_units_and_too_many_columns_are_errors():
    assert messages(parse_block("Số vụ\t5 vụ\tngười")) == [(1, "Dòng 1: đơn vị “vụ” và “người” khác nhau.")]
    assert only_row("Số vụ\t5 vụ\tvụ").unit == "vụ"
    result = parse_block("Số vụ\t5\tvụ\t4\tcùng kỳ\tghi chú")
    assert [line for line, _ in result.errors] == [1]
    assert "nhiều hơn 5 cột" in str(result.errors[0][1])


def test_one_error_per_bad_row_and_nothing_ok_without_rows():
    result = parse_block("Số vụ\tabc\tvụ\tx\nSố người\txyz")
    assert [line for line, _ in result.errors] == [1, 2]
    assert result.rows == [] and not result.ok
    empty = parse_block("\n \r\n\t\n")
    assert empty.rows == [] and empty.errors == [] and not empty.ok
    header_only = parse_block("Chỉ tiêu\tSố liệu")
    assert header_only.skipped_header and not header_only.ok


# --- a realistic block ----------------------------------------------------------------------

QUARTERLY = (
    "Chỉ tiêu\tSố liệu\tĐơn vị\tCùng kỳ\tKỳ so sánh\r\n"
    "Số tổ chức đảng được kiểm tra\t1.917\ttổ chức đảng\t1.805\tcùng kỳ năm 2021\r\n"
    "- trong đó tổ chức đảng có vi phạm\t37,6 %\t\t41,2\tcùng kỳ năm 2021\r\n"
    "Số đảng viên được kiểm tra\t76 nghìn\tđảng viên\t70.250\tcùng kỳ năm 2021\r\n"
    "   Trong đó: cấp ủy viên\t12.480\tđảng viên\r\n"
    "Số đảng viên vi phạm Quy định 37\thơn 300\tđảng viên\t\t\r\n"
    "Số tổ chức đảng bị kỷ luật\t14\ttổ chức đảng\t9\tquý I năm 2021\r\n"
    'Số đảng viên bị kỷ luật\t"1 245"\tđảng viên\t1.190\tcùng kỳ năm 2021\r\n'
    "+ Khiển trách\t1.002\tđảng viên\r\n"
    "+ Cảnh cáo\t201\tđảng viên\r\n"
    "+ Khai trừ\t42\tđảng viên\t\r\n"
    "Số tiền kiến nghị thu hồi\t1,2 tỷ đồng\t\tgần 900 triệu\tcùng kỳ năm 2021\r\n"
    "Số đơn thư tố cáo chưa giải quyết\t\tđơn\r\n"
)


def test_quarterly_report_block():
    result = parse_block(QUARTERLY)
    assert result.ok, messages(result)
    assert result.skipped_header
    got = [
        (
            r.line,
            r.label,
            r.qualifier,
            r.value,
            r.unit,
            r.baseline_qualifier,
            r.baseline_value,
            r.baseline_label,
            r.part_of_previous,
        )
        for r in result.rows
    ]
    year = "cùng kỳ năm 2021"
    assert got == [
        (
            2,
            "Số tổ chức đảng được kiểm tra",
            "",
            Decimal(1917),
            "tổ chức đảng",
            "",
            Decimal(1805),
            year,
            False,
        ),
        (3, "tổ chức đảng có vi phạm", "", Decimal("37.6"), "%", "", Decimal("41.2"), year, True),
        (4, "Số đảng viên được kiểm tra", "", Decimal(76000), "đảng viên", "", Decimal(70250), year, False),
        (5, "cấp ủy viên", "", Decimal(12480), "đảng viên", "", None, "", True),
        (6, "Số đảng viên vi phạm Quy định 37", "hơn", Decimal(300), "đảng viên", "", None, "", False),
        (
            7,
            "Số tổ chức đảng bị kỷ luật",
            "",
            Decimal(14),
            "tổ chức đảng",
            "",
            Decimal(9),
            "quý I năm 2021",
            False,
        ),
        (8, "Số đảng viên bị kỷ luật", "", Decimal(1245), "đảng viên", "", Decimal(1190), year, False),
        (9, "Khiển trách", "", Decimal(1002), "đảng viên", "", None, "", True),
        (10, "Cảnh cáo", "", Decimal(201), "đảng viên", "", None, "", True),
        (11, "Khai trừ", "", Decimal(42), "đảng viên", "", None, "", True),
        (
            12,
            "Số tiền kiến nghị thu hồi",
            "",
            Decimal(12 * 10**8),
            "đồng",
            "gần",
            Decimal(9 * 10**8),
            year,
            False,
        ),
        (13, "Số đơn thư tố cáo chưa giải quyết", "", None, "đơn", "", None, "", False),
    ]


def test_quarterly_block_with_one_bad_row_is_not_ok():
    text = QUARTERLY.replace("\t201\t", "\t2O1\t")  # a letter O typed for a zero
    result = parse_block(text)
    assert messages(result) == [(10, "Dòng 10: không đọc được số “2O1”.")]
    assert not result.ok
    assert len(result.rows) == 11


def test_trailing_amount_with_space_thousands_and_qualifier():
    row = only_row("Tổng số đảng viên khoảng 1 917 000 người")
    assert (row.label, row.qualifier, row.value, row.unit) == (
        "Tổng số đảng viên",
        "khoảng",
        Decimal(1917000),
        "người",
    )


def test_overlong_line_is_refused_without_parsing():
    result = parse_block("Số vụ\t5\n" + "a 1" * 20000 + "\nSố người\t7")
    assert messages(result) == [(2, "Dòng 2: dòng dài quá 1000 ký tự.")]
    assert [r.line for r in result.rows] == [1, 3]
