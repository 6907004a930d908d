"""Sample documents, built by hand (no database): what an uploaded template is tried on.

Every field of :mod:`.content` is filled with realistic Vietnamese text, so a template that
fills these fills a real conference's documents too. The data follow the Tây Ninh
conference of the demo (quý I/2021), with lists of more than one item so loops are tried.
"""

from __future__ import annotations

from collections.abc import Callable

from .content import Block, Heading, Minutes, Notice, Signer, Table, Task

_TITLE = "Hội nghị giao ban công tác kiểm tra, giám sát quý I năm 2021"
_CONFERENCE = {
    "title": _TITLE,
    "organiser": "Ủy ban Kiểm tra Tỉnh ủy Tây Ninh",
    "date": "ngày 07 tháng 4 năm 2021",
    "where": "trực tuyến với 10 điểm cầu (điểm cầu chính tại Hội trường Tỉnh ủy)",
    "chair": "đồng chí Nguyễn Văn Hùng, Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy",
    "delegates": "hơn 120 đại biểu",
    "sites": 10,
    "reports": [
        "Báo cáo kết quả công tác kiểm tra, giám sát quý I năm 2021",
        "Tham luận của Ủy ban Kiểm tra Huyện ủy Hòa Thành",
    ],
}


def _heading(doc_type: str, subject: str, number: str) -> Heading:
    return Heading(
        family="party",
        superior="TỈNH ỦY TÂY NINH",
        body="ỦY BAN KIỂM TRA",
        number=number,
        place_date="Tây Ninh, ngày 07 tháng 4 năm 2021",
        doc_type=doc_type,
        subject=subject,
        draft=False,
    )


def sample_notice() -> Notice:
    """A Thông báo kết luận with two assessments and three tasks."""
    return Notice(
        heading=_heading(
            "THÔNG BÁO",
            "Kết luận của đồng chí Nguyễn Văn Hùng tại hội nghị giao ban công tác kiểm tra, "
            "giám sát quý I năm 2021",
            "Số 24-TB/UBKTTU",
        ),
        opening=(
            "Ngày 07 tháng 4 năm 2021, Ủy ban Kiểm tra Tỉnh ủy Tây Ninh tổ chức hội nghị giao ban "
            "công tác kiểm tra, giám sát quý I năm 2021 trực tuyến với 10 điểm cầu. Đồng chí "
            "Nguyễn Văn Hùng, Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy chủ trì hội nghị. Dự hội nghị có "
            "hơn 120 đại biểu. Sau khi nghe báo cáo kết quả công tác kiểm tra, giám sát quý I năm "
            "2021 và ý kiến phát biểu của các đại biểu, đồng chí Nguyễn Văn Hùng kết luận như sau:"
        ),
        conclusion=[
            "Quý I năm 2021, ủy ban kiểm tra các cấp đã kiểm tra 1.917 tổ chức đảng, giảm 429 tổ "
            "chức đảng (−18,3 %) so với cùng kỳ năm 2020.",
            "Tuy nhiên, việc kiểm tra khi có dấu hiệu vi phạm ở một số nơi còn chậm.",
        ],
        tasks=[
            Task(
                1,
                "Tập trung hoàn thành chương trình kiểm tra, giám sát năm 2021.",
                ["Ủy ban Kiểm tra các huyện ủy, thị ủy, thành ủy"],
                "Thời hạn: trước ngày 30/6/2021",
            ),
            Task(
                2,
                "Chủ động phát hiện, kiểm tra tổ chức đảng và đảng viên khi có dấu hiệu vi phạm.",
                ["Ủy ban Kiểm tra Huyện ủy Hòa Thành", "Ủy ban Kiểm tra Thị ủy Trảng Bàng"],
                "Thực hiện thường xuyên",
            ),
            Task(
                3,
                "Báo cáo kết quả 6 tháng đầu năm.",
                ["Văn phòng Ủy ban Kiểm tra"],
                "Thời hạn: trước ngày 05/7/2021",
            ),
        ],
        closing=(
            "Ủy ban Kiểm tra Tỉnh ủy thông báo để các cấp ủy, tổ chức đảng và các cơ quan, đơn vị "
            "liên quan biết, thực hiện."
        ),
        recipients=[
            "Ủy ban Kiểm tra Trung ương",
            "Thường trực Tỉnh ủy",
            "Ủy ban Kiểm tra các huyện ủy, thị ủy, thành ủy",
            "Lưu Văn phòng Ủy ban Kiểm tra",
        ],
        signer=Signer("T/M ỦY BAN KIỂM TRA", "CHỦ NHIỆM", "Nguyễn Văn Hùng"),
        conference=dict(_CONFERENCE),
    )


def sample_minutes() -> Minutes:
    """A biên bản with every kind of block, a table among them."""
    sites = Table(
        ["STT", "Điểm cầu", "Người chủ trì tại điểm cầu", "Số đại biểu"],
        [
            ["1", "Hội trường Tỉnh ủy (điểm cầu chính)", "Nguyễn Văn Hùng, Chủ nhiệm", "45"],
            ["2", "Huyện ủy Hòa Thành", "Trần Thị Mai, Phó Chủ nhiệm", "12"],
        ],
        numeric=[0, 3],
        widths=[1.2, 7.0, 5.8, 2.5],
    )
    figures = Table(
        ["Số liệu", "Giá trị", "So sánh"],
        [["Kiểm tra tổ chức đảng", "1.917 tổ chức đảng", "giảm 429 tổ chức đảng, −18,3 % so với cùng kỳ"]],
        numeric=[1],
        widths=[7.0, 3.5, 6.0],
    )
    blocks = [
        Block("heading", "I. THỜI GIAN, ĐỊA ĐIỂM, HÌNH THỨC"),
        Block("paragraph", "Thời gian: hội nghị bắt đầu vào lúc 08 giờ 00 phút, ngày 07 tháng 4 năm 2021."),
        Block("paragraph", "Địa điểm, hình thức: trực tuyến với 10 điểm cầu."),
        Block("heading", "II. THÀNH PHẦN"),
        Block("paragraph", "Chủ trì: đồng chí Nguyễn Văn Hùng, Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy."),
        Block("table", table=sites),
        Block("paragraph", "Vắng:"),
        Block("item", "Đồng chí Lê Văn Tâm, vắng có lý do: đi công tác"),
        Block("heading", "III. NỘI DUNG"),
        Block("subheading", "1. Báo cáo: Kết quả công tác kiểm tra, giám sát quý I năm 2021"),
        Block("note", "Trình bày: đồng chí Trần Thị Mai, Phó Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy."),
        Block("table", table=figures),
        Block("heading", "IV. KẾT LUẬN CỦA CHỦ TRÌ"),
        Block("paragraph", "1. Tập trung hoàn thành chương trình kiểm tra, giám sát năm 2021."),
    ]
    return Minutes(
        heading=_heading("BIÊN BẢN", _TITLE, "Số 05-BB/UBKTTU"),
        blocks=blocks,
        closing="Hội nghị kết thúc vào lúc 11 giờ 30 phút cùng ngày.",
        secretary=Signer("", "THƯ KÝ", "Phạm Thị Lan"),
        chair=Signer("", "CHỦ TRÌ", "Nguyễn Văn Hùng"),
        conference=dict(_CONFERENCE),
    )


#: The documents a body's template must fill, by kind.
SAMPLES: dict[str, Callable[[], Notice | Minutes]] = {"notice": sample_notice, "minutes": sample_minutes}
