"""The national review of the control commissions, seen from two sites (seeds 000 and 001).

Tây Ninh's view of the quarterly giao ban is published; Thái Nguyên's, whose seed gives no date
and no named chair, stays a draft. See :mod:`.seed_common` for what is assumed and said so.
"""

from __future__ import annotations

from datetime import date

from .seed_common import DEMO_NOTE, TASKS_NOTE, ConferenceSpec, fig

SAME_PERIOD_2020 = "cùng kỳ năm 2020"


# --- 000 · giao ban toàn quốc quý I/2021, seen from the Tây Ninh site ---------------------

TAY_NINH: ConferenceSpec = {
    "uid": "demo:seed-000:giao-ban-quy-1-2021",
    "title": "Hội nghị trực tuyến toàn quốc giao ban ngành Kiểm tra Đảng quý I năm 2021",
    "kind": "review",
    "period": (2021, "quarter", 1),
    "starts": None,
    "day": date(2021, 4, 7),
    "day_part": "morning",
    "format": "online",
    "organiser": "demo:tw/ubkt",
    "notes": DEMO_NOTE + " Bản tin chỉ ghi hội nghị họp buổi sáng ngày 7/4/2021, không ghi giờ. Bản "
    "tin không nêu điểm cầu chính và số đại biểu nên hai mục này để trống; thư ký hội nghị là giả "
    "định. Thời hạn của chỉ đạo thứ nhất là giả định để minh họa việc theo dõi nhiệm vụ. " + TASKS_NOTE,
    "sites": [
        {
            "name": "Tỉnh ủy Tây Ninh",
            "unit": "demo:tay-ninh",
            "host": False,
            "leader_name": "Phạm Hùng Thái",
            "leader_title": "Phó Bí thư Thường trực Tỉnh ủy",
        }
    ],
    "attendees": [
        {
            "name": "Trần Cẩm Tú",
            "job_title": "Chủ nhiệm UBKT Trung ương",
            "role": "chair",
            "unit": "demo:tw/ubkt",
        },
        {
            "name": "Phạm Hùng Thái",
            "job_title": "Phó Bí thư Thường trực Tỉnh ủy",
            "role": "delegate",
            "unit": "demo:tay-ninh",
            "site": "demo:tay-ninh",
        },
        {  # assumed: the seed does not name the minute-taker
            "name": "Phạm Thị Thanh Hương",
            "job_title": "Chuyên viên Văn phòng UBKT Trung ương",
            "role": "secretary",
            "unit": "demo:tw/ubkt",
        },
    ],
    "reports": [
        {
            "kind": "report",
            "title": "Kết quả công tác kiểm tra, giám sát và thi hành kỷ luật của Đảng quý I năm 2021",
            "unit": "demo:tw/ubkt",
            "summary": (
                "Ba tháng đầu năm, Bộ Chính trị, Ban Bí thư và ủy ban kiểm tra các cấp đã khẩn trương "
                "triển khai đầy đủ các mặt công tác. Việc kiểm tra tập trung vào cách cấp ủy lãnh đạo, "
                "chỉ đạo đưa nghị quyết đại hội đảng bộ các cấp cùng các nghị quyết, chỉ thị, kết luận, "
                "quy định của Đảng vào cuộc sống; tổ chức đảng và đảng viên có vi phạm đều bị xử lý "
                "nghiêm.\n\n"
                "Giám sát chuyên đề, kiểm tra tài chính đảng và kiểm tra việc thực hiện nhiệm vụ kiểm "
                "tra, giám sát, thi hành kỷ luật tiếp tục có chất lượng tốt hơn. Ủy ban kiểm tra các cấp "
                "cùng các cơ quan liên quan giải quyết sớm đơn thư khiếu nại, tố cáo, trước hết là đơn "
                "thư về người ứng cử đại biểu Quốc hội khóa XV và đại biểu HĐND các cấp nhiệm kỳ "
                "2021–2026."
            ),
            "figures": [],
        },
        {
            "kind": "report",
            "title": "Công tác kiểm tra, giám sát quý I năm 2021 tại Đảng bộ tỉnh Tây Ninh",
            "unit": "demo:tay-ninh/ubkt",
            "summary": (
                "Từ cấp tỉnh xuống cơ sở, ủy ban kiểm tra đã làm cơ bản đầy đủ những việc kiểm tra, "
                "giám sát mà chương trình, kế hoạch của quý đặt ra. Số tổ chức đảng và số đảng viên "
                "được UBKT Tỉnh ủy giám sát đều thấp hơn quý I năm 2020."
            ),
            "figures": [
                fig(
                    "Tổ chức đảng được UBKT Tỉnh ủy giám sát",
                    713,
                    "tổ chức đảng",
                    baseline=1142,
                    baseline_label=SAME_PERIOD_2020,
                ),
                fig(
                    "Đảng viên được giám sát",
                    1917,
                    "đảng viên",
                    stated_pct=-39,
                    baseline_label=SAME_PERIOD_2020,
                ),
            ],
        },
    ],
    "conclusion": (
        "Kết luận hội nghị, đồng chí Chủ nhiệm UBKT Trung ương ghi nhận kết quả quý I và yêu cầu "
        "các địa phương, đơn vị trong thời gian tới tập trung vào những việc dưới đây."
    ),
    "directives": [
        {
            "text": "Học tập, quán triệt thật kỹ Nghị quyết Đại hội XIII của Đảng; xây dựng chương trình "
            "hành động thực hiện nghị quyết phù hợp với đặc điểm và tình hình thực tế của từng địa "
            "phương, đơn vị.",
            "groups": ["Các địa phương, đơn vị"],
            "due": date(2021, 6, 30),
        },
        {
            "text": "Đưa các mục tiêu, quan điểm và giải pháp về kiểm tra, giám sát trong Nghị quyết Đại hội "
            "XIII thành quy định, kế hoạch cụ thể để thực hiện.",
            "groups": ["Cấp ủy, ủy ban kiểm tra các cấp"],
        },
        {
            "text": "Chỉ đạo sát sao hơn hoạt động của ủy ban kiểm tra cấp dưới.",
            "units": ["demo:tay-ninh/ubkt"],
            "groups": ["Ủy ban kiểm tra các cấp"],
        },
        {
            "text": "Thường xuyên nắm ý kiến của nhân dân và dư luận xã hội, lấy đó làm căn cứ lập kế hoạch "
            "kiểm tra, giám sát cho phù hợp.",
            "groups": ["Ủy ban kiểm tra các cấp"],
        },
        {
            "text": "Công bố kịp thời kết quả các kỳ họp của ủy ban kiểm tra trên báo chí, đài phát thanh, "
            "truyền hình để nhân dân được biết và cùng giám sát, qua đó phòng ngừa vi phạm của tổ "
            "chức đảng, đảng viên.",
            "groups": ["Ủy ban kiểm tra các cấp"],
        },
        {
            "text": "Cùng các cơ quan, đơn vị liên quan làm tốt việc phòng, chống tham nhũng, coi đây là "
            "nhiệm vụ trọng tâm của cả nhiệm kỳ.",
            "groups": ["Các địa phương, đơn vị"],
        },
    ],
    "publish": True,
}

# --- 001 · the national review seen from the Thái Nguyên site: date and chair unknown --------

THAI_NGUYEN: ConferenceSpec = {
    "uid": "demo:seed-001:thai-nguyen-kiem-tra-giam-sat",
    "title": "Đảm bảo thực hiện công tác kiểm tra, giám sát và thi hành kỷ luật Đảng",
    "kind": "review",
    "period": (None, None, None),
    "starts": None,
    "format": "online",
    "organiser": None,
    "notes": DEMO_NOTE + " Bản tin không ghi ngày họp, cơ quan tổ chức và tên người chủ trì (chỉ ghi "
    "chức danh Chủ nhiệm Ủy ban Kiểm tra Trung ương), nên biên bản còn là bản nháp. " + TASKS_NOTE,
    "sites": [{"name": "Tỉnh ủy Thái Nguyên", "unit": "demo:thai-nguyen", "host": False}],
    "attendees": [
        {
            "name": "",
            "job_title": "Chủ nhiệm Ủy ban Kiểm tra Trung ương",
            "role": "chair",
            "unit": "demo:tw/ubkt",
        }
    ],
    "reports": [
        {
            "kind": "report",
            "title": "Công tác kiểm tra, giám sát, thi hành kỷ luật của Đảng từ đầu năm",
            "unit": "demo:tw/ubkt",
            "summary": (
                "Ban Chấp hành Trung ương, Bộ Chính trị, Ban Bí thư, cấp ủy, tổ chức đảng và ủy ban "
                "kiểm tra các cấp trên cả nước đã làm công tác kiểm tra, giám sát, kỷ luật một cách "
                "toàn diện và đồng bộ. Nội dung kiểm tra gồm việc thực hiện nghị quyết đại hội đảng bộ "
                "các cấp và các văn bản của Đảng, nguyên tắc tập trung dân chủ, quy chế làm việc, công "
                "tác cán bộ, phẩm chất đạo đức và lối sống. Giám sát được chú trọng, giúp sớm phòng "
                "ngừa và sửa chữa vi phạm."
            ),
            "figures": [
                fig("Tổ chức đảng được cấp ủy các cấp kiểm tra", 26000, "tổ chức đảng", qualifier="hơn"),
                fig("Đảng viên được cấp ủy các cấp kiểm tra", 134000, "đảng viên", qualifier="hơn"),
                fig("Tổ chức đảng vi phạm bị phát hiện và thi hành kỷ luật", 126, "tổ chức đảng"),
            ],
        },
        {
            "kind": "report",
            "title": "Công tác kiểm tra, giám sát của Đảng bộ tỉnh Thái Nguyên",
            "unit": "demo:thai-nguyen",
            "summary": (
                "Cấp ủy các cấp trong tỉnh đã tổ chức quán triệt các văn bản của Đảng về kiểm tra, "
                "giám sát và kỷ luật, tự ban hành văn bản theo thẩm quyền để chỉ đạo, thực hiện tốt "
                "quy chế phối hợp, đồng thời ban hành chương trình kiểm tra, giám sát năm 2021 và cả "
                "nhiệm kỳ 2020–2025."
            ),
            "figures": [],
        },
    ],
    "conclusion": (
        "Trong phần kết luận, đồng chí Chủ nhiệm Ủy ban Kiểm tra Trung ương giao các nhiệm vụ sau."
    ),
    "directives": [
        {
            "text": "Tổ chức học tập, phổ biến và quán triệt Nghị quyết Trung ương 4 khóa XIII, Quy định thi "
            "hành Điều lệ Đảng, Quy định những điều đảng viên không được làm và nhất là Quy định số "
            "22 về công tác kiểm tra, giám sát và kỷ luật của Đảng, bảo đảm khoa học, đồng bộ, "
            "thống nhất và sát thực tế.",
            "groups": ["Cấp ủy và Ủy ban Kiểm tra các cấp trong cả nước"],
        },
        {
            "text": "Giúp Bộ Chính trị, Ban Bí thư và cấp ủy cùng cấp thực hiện có hiệu quả chương trình "
            "kiểm tra năm 2021.",
            "units": ["demo:tw/ubkt"],
            "groups": ["Ủy ban Kiểm tra các cấp"],
            "due": date(2021, 12, 31),
        },
        {
            "text": "Chuẩn bị và xây dựng chương trình kiểm tra năm 2022.",
            "units": ["demo:tw/ubkt"],
            "groups": ["Ủy ban Kiểm tra các cấp"],
            "due": date(2021, 12, 31),
        },
    ],
    "publish": False,
}
