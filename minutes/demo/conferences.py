"""The five demo conferences, rebuilt from the seed news reports.

Facts and figures follow the hand annotations of the seeds; every sentence is written anew.
Where a seed is silent and the application needs a value (the hour of a meeting, the format,
a deadline for the task tracking to show), the value is an assumption and the conference's
notes say so.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

#: Said in the notes of every demo conference.
DEMO_NOTE = (
    "Dữ liệu minh họa, dựng lại từ một bản tin đã đăng báo; số liệu giữ đúng như bản tin, "
    "lời văn được viết lại."
)

#: Said in the notes of every demo conference whose directives the demo turns into tasks.
TASKS_NOTE = (
    "Phần theo dõi nhiệm vụ là minh họa: đơn vị được giao, ngày giao, tiến độ, kết quả, gia hạn và "
    "ngày hoàn thành đều là giả định; một số thời hạn được tính từ ngày nạp dữ liệu mẫu để luôn có "
    "việc đang thực hiện trong hạn."
)

#: Said in the notes of the Hậu Giang report, whose 2.053 chi bộ the demo generates.
HAU_GIANG_UNITS_NOTE = (
    "Tên của 2.053 chi bộ và các đảng ủy cơ sở dưới các huyện, thị, thành ủy Hậu Giang do máy sinh "
    "ra để minh họa (mã đơn vị bắt đầu bằng demo:hg-); chỉ có tổng số 2.053 chi bộ và số 2.026 chi bộ "
    "hoàn thành đến hết 14/9/2017 là số liệu của bản tin, còn ngày hoàn thành của từng chi bộ là giả "
    "định."
)


def fig(label: str, value: float, unit: str, *, qualifier: str = "", baseline: float | None = None,
        baseline_label: str = "", stated_pct: float | None = None) -> dict[str, Any]:
    """One figure: a baseline value, or a change in per cent stated without one, or neither."""
    return {"label": label, "value": value, "unit": unit, "qualifier": qualifier,
            "baseline_value": baseline, "baseline_label": baseline_label,
            "stated_change_pct": stated_pct}


SAME_PERIOD_2020 = "cùng kỳ năm 2020"

# --- 000 · giao ban toàn quốc quý I/2021, seen from the Tây Ninh site ---------------------

TAY_NINH = {
    "uid": "demo:seed-000:giao-ban-quy-1-2021",
    "title": "Hội nghị trực tuyến toàn quốc giao ban ngành Kiểm tra Đảng quý I năm 2021",
    "kind": "review",
    "period": (2021, "quarter", 1),
    "starts": datetime(2021, 4, 7, 8, 0),
    "format": "online",
    "organiser": "demo:tw/ubkt",
    "notes": DEMO_NOTE + " Bản tin chỉ ghi hội nghị họp buổi sáng ngày 7/4/2021: giờ bắt đầu là giả "
             "định. Bản tin không nêu điểm cầu chính nên điểm cầu chính để trống. Thời hạn của chỉ đạo "
             "thứ nhất là giả định để minh họa việc theo dõi nhiệm vụ. " + TASKS_NOTE,
    "sites": [
        {"name": "Tỉnh ủy Tây Ninh", "unit": "demo:tay-ninh", "host": False,
         "leader_name": "Phạm Hùng Thái", "leader_title": "Phó Bí thư Thường trực Tỉnh ủy"},
    ],
    "attendees": [
        {"name": "Trần Cẩm Tú", "job_title": "Chủ nhiệm UBKT Trung ương", "role": "chair",
         "unit": "demo:tw/ubkt"},
        {"name": "Phạm Hùng Thái", "job_title": "Phó Bí thư Thường trực Tỉnh ủy", "role": "delegate",
         "unit": "demo:tay-ninh", "site": "demo:tay-ninh"},
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
                fig("Tổ chức đảng được UBKT Tỉnh ủy giám sát", 713, "tổ chức đảng",
                    baseline=1142, baseline_label=SAME_PERIOD_2020),
                fig("Đảng viên được giám sát", 1917, "đảng viên",
                    stated_pct=-39, baseline_label=SAME_PERIOD_2020),
            ],
        },
    ],
    "conclusion": (
        "Kết luận hội nghị, đồng chí Chủ nhiệm UBKT Trung ương ghi nhận kết quả quý I và yêu cầu "
        "các địa phương, đơn vị trong thời gian tới tập trung vào những việc dưới đây."
    ),
    "directives": [
        {"text": "Học tập, quán triệt thật kỹ Nghị quyết Đại hội XIII của Đảng; xây dựng chương trình "
                 "hành động thực hiện nghị quyết phù hợp với đặc điểm và tình hình thực tế của từng địa "
                 "phương, đơn vị.",
         "groups": ["Các địa phương, đơn vị"], "due": date(2021, 6, 30)},
        {"text": "Đưa các mục tiêu, quan điểm và giải pháp về kiểm tra, giám sát trong Nghị quyết Đại hội "
                 "XIII thành quy định, kế hoạch cụ thể để thực hiện.",
         "groups": ["Cấp ủy, ủy ban kiểm tra các cấp"]},
        {"text": "Chỉ đạo sát sao hơn hoạt động của ủy ban kiểm tra cấp dưới.",
         "units": ["demo:tay-ninh/ubkt"], "groups": ["Ủy ban kiểm tra các cấp"]},
        {"text": "Thường xuyên nắm ý kiến của nhân dân và dư luận xã hội, lấy đó làm căn cứ lập kế hoạch "
                 "kiểm tra, giám sát cho phù hợp.",
         "groups": ["Ủy ban kiểm tra các cấp"]},
        {"text": "Công bố kịp thời kết quả các kỳ họp của ủy ban kiểm tra trên báo chí, đài phát thanh, "
                 "truyền hình để nhân dân được biết và cùng giám sát, qua đó phòng ngừa vi phạm của tổ "
                 "chức đảng, đảng viên.",
         "groups": ["Ủy ban kiểm tra các cấp"]},
        {"text": "Cùng các cơ quan, đơn vị liên quan làm tốt việc phòng, chống tham nhũng, coi đây là "
                 "nhiệm vụ trọng tâm của cả nhiệm kỳ.",
         "groups": ["Các địa phương, đơn vị"]},
    ],
    "publish": True,
}

# --- 001 · the national review seen from the Thái Nguyên site: date and chair unknown --------

THAI_NGUYEN = {
    "uid": "demo:seed-001:thai-nguyen-kiem-tra-giam-sat",
    "title": "Đảm bảo thực hiện công tác kiểm tra, giám sát và thi hành kỷ luật Đảng",
    "kind": "review",
    "period": (None, None, None),
    "starts": None,
    "format": "online",
    "organiser": None,
    "notes": DEMO_NOTE + " Bản tin không ghi ngày họp, cơ quan tổ chức và tên người chủ trì (chỉ ghi "
             "chức danh Chủ nhiệm Ủy ban Kiểm tra Trung ương), nên biên bản còn là bản nháp. " + TASKS_NOTE,
    "sites": [
        {"name": "Tỉnh ủy Thái Nguyên", "unit": "demo:thai-nguyen", "host": False},
    ],
    "attendees": [
        {"name": "", "job_title": "Chủ nhiệm Ủy ban Kiểm tra Trung ương", "role": "chair",
         "unit": "demo:tw/ubkt"},
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
        {"text": "Tổ chức học tập, phổ biến và quán triệt Nghị quyết Trung ương 4 khóa XIII, Quy định thi "
                 "hành Điều lệ Đảng, Quy định những điều đảng viên không được làm và nhất là Quy định số "
                 "22 về công tác kiểm tra, giám sát và kỷ luật của Đảng, bảo đảm khoa học, đồng bộ, "
                 "thống nhất và sát thực tế.",
         "groups": ["Cấp ủy và Ủy ban Kiểm tra các cấp trong cả nước"]},
        {"text": "Giúp Bộ Chính trị, Ban Bí thư và cấp ủy cùng cấp thực hiện có hiệu quả chương trình "
                 "kiểm tra năm 2021.",
         "units": ["demo:tw/ubkt"], "groups": ["Ủy ban Kiểm tra các cấp"], "due": date(2021, 12, 31)},
        {"text": "Chuẩn bị và xây dựng chương trình kiểm tra năm 2022.",
         "units": ["demo:tw/ubkt"], "groups": ["Ủy ban Kiểm tra các cấp"], "due": date(2021, 12, 31)},
    ],
    "publish": False,
}

# --- 002 · Cần Thơ, tổng kết năm 2023 -------------------------------------------------------

CAN_THO = {
    "uid": "demo:seed-002:can-tho-tong-ket-2023",
    "title": "Hội nghị tổng kết công tác kiểm tra, giám sát của Đảng năm 2023 và triển khai nhiệm vụ "
             "năm 2024",
    "kind": "annual",
    "period": (2023, "year", None),
    "starts": datetime(2024, 1, 4, 8, 0),
    "format": "in_person",
    "organiser": "demo:can-tho",
    "notes": DEMO_NOTE + " Bản tin chỉ ghi ngày 4/1/2024: giờ bắt đầu và hình thức họp là giả định. "
             "Thời hạn của hai chỉ đạo cũng là giả định để minh họa việc theo dõi nhiệm vụ. " + TASKS_NOTE,
    "sites": [],
    "attendees": [
        {"name": "Phạm Văn Hiểu",
         "job_title": "Phó Bí thư Thường trực Thành ủy, Chủ tịch Hội đồng nhân dân thành phố",
         "role": "chair", "unit": "demo:can-tho"},
    ],
    "reports": [
        {
            "kind": "report",
            "title": "Tổng kết công tác kiểm tra, giám sát và kỷ luật của Đảng năm 2023",
            "unit": "demo:can-tho/ubkt",
            "summary": (
                "Trong năm, cấp ủy và ủy ban kiểm tra các cấp của thành phố đã quán triệt nghiêm các "
                "văn bản của Đảng, hướng dẫn của Ủy ban Kiểm tra Trung ương và của Thành ủy về kiểm "
                "tra, giám sát, kỷ luật, rồi cụ thể hóa kịp thời thành quy định, chương trình và kế "
                "hoạch. Kế hoạch kiểm tra, giám sát năm 2023 được hoàn thành, có trọng tâm, trọng "
                "điểm và gắn với nhiệm vụ chính trị của từng địa phương, đơn vị.\n\n"
                "Còn hạn chế: có nơi cấp ủy, ủy ban kiểm tra chưa thật quyết liệt; số cuộc kiểm tra "
                "khi có dấu hiệu vi phạm đối với cấp ủy viên cùng cấp, đảng viên và tổ chức đảng cấp "
                "dưới còn ít; giám sát chuyên đề chưa đạt chất lượng mong muốn và giám sát thường "
                "xuyên chưa phát huy hết tác dụng phòng ngừa."
            ),
            "figures": [
                fig("Nội dung trong kế hoạch kiểm tra, giám sát của Ban Thường vụ Thành ủy", 12, "nội dung"),
                fig("— trong đó nội dung kiểm tra", 6, "nội dung"),
                fig("— trong đó nội dung giám sát", 6, "nội dung"),
                fig("Đoàn kiểm tra, giám sát được thành lập theo kế hoạch", 17, "đoàn kiểm tra, giám sát"),
                fig("Tổ chức đảng được các đoàn theo kế hoạch kiểm tra, giám sát", 17, "tổ chức đảng"),
                fig("Đảng viên được các đoàn theo kế hoạch kiểm tra, giám sát", 10, "đảng viên"),
                fig("Đoàn kiểm tra ngoài kế hoạch", 6, "đoàn kiểm tra"),
                fig("Tổ chức đảng được kiểm tra ngoài kế hoạch", 1, "tổ chức đảng"),
                fig("Đảng viên được kiểm tra ngoài kế hoạch", 5, "đảng viên"),
                fig("Nội dung trong kế hoạch kiểm tra, giám sát của cấp ủy các cấp", 95, "nội dung"),
                fig("— trong đó nội dung kiểm tra", 44, "nội dung"),
                fig("— trong đó nội dung giám sát", 51, "nội dung"),
                fig("Lượt tổ chức đảng được giám sát thường xuyên", 7000, "tổ chức đảng", qualifier="trên"),
                fig("Lượt đảng viên được giám sát thường xuyên", 76000, "đảng viên", qualifier="hơn"),
                fig("Tổ chức đảng được giám sát chuyên đề", 898, "tổ chức đảng"),
                fig("Đảng viên được giám sát chuyên đề", 592, "đảng viên"),
                fig("Tổ chức đảng được kiểm tra khi có dấu hiệu vi phạm", 2, "tổ chức đảng"),
                fig("Đảng viên được kiểm tra khi có dấu hiệu vi phạm", 26, "đảng viên"),
                fig("Tổ chức đảng bị thi hành kỷ luật", 1, "tổ chức đảng"),
                fig("Đảng viên bị thi hành kỷ luật", 145, "đảng viên"),
                fig("Đảng viên bị đình chỉ sinh hoạt đảng", 10, "đảng viên"),
                fig("Đảng viên bị xóa tên", 14, "đảng viên"),
                fig("Đảng viên bị cho ra khỏi đảng", 7, "đảng viên"),
                fig("Cán bộ diện cấp ủy cùng cấp quản lý được xác minh tài sản, thu nhập", 172, "cán bộ"),
            ],
        },
        {
            "kind": "guidance",
            "title": "Phát biểu chỉ đạo hội nghị",
            "presenter_name": "Phạm Văn Hiểu",
            "presenter_title": "Phó Bí thư Thường trực Thành ủy, Chủ tịch Hội đồng nhân dân thành phố",
            "unit": "demo:can-tho",
            "summary": (
                "Năm 2024 có ý nghĩa đặc biệt với Cần Thơ: tròn 20 năm thành phố trực thuộc Trung "
                "ương. Vì vậy công tác kiểm tra, giám sát phải được đẩy mạnh và đổi mới cách làm, "
                "nâng cao hiệu lực, hiệu quả, gắn với việc xây dựng Đảng vững mạnh về chính trị, tư "
                "tưởng, tổ chức và đạo đức."
            ),
            "figures": [],
        },
    ],
    "conclusion": (
        "Đồng chí chủ trì đề nghị cấp ủy, tổ chức đảng và ủy ban kiểm tra các cấp trong thành phố "
        "thực hiện những nhiệm vụ sau trong năm 2024."
    ),
    "directives": [
        {"text": "Tiếp tục tăng cường và đổi mới phương thức kiểm tra, giám sát, nâng cao hiệu lực, hiệu "
                 "quả, gắn với xây dựng Đảng vững mạnh về chính trị, tư tưởng, tổ chức và đạo đức.",
         "groups": ["Cấp ủy, tổ chức đảng và Ủy ban Kiểm tra các cấp"]},
        {"text": "Đẩy mạnh tuyên truyền, quán triệt, cụ thể hóa và thực hiện các văn bản của Trung ương "
                 "và của Thành ủy về kiểm tra, giám sát và kỷ luật trong Đảng.",
         "groups": ["Cấp ủy, tổ chức đảng và Ủy ban Kiểm tra các cấp"]},
        {"text": "Rà soát chương trình kiểm tra, giám sát nhiệm kỳ 2020–2025 để ban hành kế hoạch kiểm "
                 "tra, giám sát năm 2024 có trọng tâm, trọng điểm, bám sát nghị quyết của đảng bộ và "
                 "thực tế địa phương, đơn vị.",
         "units": ["demo:can-tho/ubkt"], "groups": ["Cấp ủy và Ủy ban Kiểm tra các cấp"],
         "due": date(2024, 1, 31)},
        {"text": "Giám sát việc thực hiện các thông báo kết luận của Ủy ban Kiểm tra Trung ương và của "
                 "Thành ủy về khắc phục hạn chế, khuyết điểm đã chỉ ra sau kiểm tra, giám sát.",
         "groups": ["Cấp ủy, tổ chức đảng"], "due": date(2024, 6, 30)},
        {"text": "Tiếp nhận, phân loại và giải quyết dứt điểm, đúng thẩm quyền các đơn thư tố cáo, "
                 "khiếu nại kỷ luật đảng; phối hợp với cơ quan chức năng xem xét các vụ việc liên quan "
                 "đến tổ chức đảng, đảng viên.",
         "groups": ["Cấp ủy, tổ chức đảng"]},
        {"text": "Chủ động kiểm tra ngay khi có dấu hiệu vi phạm và xem xét thi hành kỷ luật kịp thời, "
                 "đúng quy định đối với tổ chức đảng, đảng viên vi phạm.",
         "units": ["demo:can-tho/ubkt"], "groups": ["Cấp ủy, tổ chức đảng"]},
    ],
    "publish": True,
}

# --- 003 · Hậu Giang: progress on target no. 17 of 2017 (a report, not a meeting) ------------

HAU_GIANG = {
    "uid": "demo:seed-003:hau-giang-chi-tieu-17-2017",
    "title": "Cấp ủy các cấp lãnh đạo, chỉ đạo thực hiện hoàn thành chỉ tiêu 17 Nghị quyết công tác năm "
             "2017 của Tỉnh ủy",
    "kind": "thematic",
    "period": (2017, "year", None),
    "starts": None,
    "format": "in_person",
    "organiser": "demo:hau-giang/ubkt",
    "notes": DEMO_NOTE + " Đây là báo cáo tiến độ một chỉ tiêu, không phải một cuộc họp: không có "
             "thời gian họp và người chủ trì. Cơ quan tổ chức ghi theo chuyên mục đăng tin (Ủy ban "
             "Kiểm tra). Chỉ tiêu 17: mỗi chi bộ làm 1 cuộc kiểm tra và 1 cuộc giám sát chuyên đề "
             "trong năm; tỷ lệ cán bộ, đảng viên vi phạm kỷ luật không quá 0,5 %. " + TASKS_NOTE + " "
             + HAU_GIANG_UNITS_NOTE,
    "sites": [],
    "attendees": [],
    "reports": [
        {
            "kind": "report",
            "title": "Tiến độ thực hiện chỉ tiêu số 17 Nghị quyết công tác năm 2017 của Tỉnh ủy "
                     "(đến hết ngày 14/9/2017)",
            "unit": "demo:hau-giang/ubkt",
            "summary": (
                "Các huyện ủy, thị ủy, thành ủy và đảng ủy trực thuộc Tỉnh ủy đã phổ biến chỉ tiêu tới "
                "tổ chức đảng, cán bộ, đảng viên, đưa nó vào nghị quyết công tác của cấp mình và yêu "
                "cầu từng chi bộ lập kế hoạch kiểm tra, giám sát.\n\n"
                "UBKT Tỉnh ủy soạn hai bộ mẫu cho chi bộ: một bộ có ví dụ minh họa và một bộ in sẵn chỉ "
                "cần điền. Ủy ban kiểm tra các cấp tập huấn cho chi bộ theo cách làm mẫu tận nơi; ở đâu "
                "chi bộ còn lúng túng thì đảng ủy cơ sở tiếp tục hướng dẫn thêm. Lãnh đạo UBKT Tỉnh ủy "
                "đã về kiểm tra tiến độ tại UBKT Huyện ủy Châu Thành A. Các chi bộ mới chia tách chưa "
                "lập kế hoạch thực hiện chỉ tiêu."
            ),
            "figures": [
                fig("Cuộc kiểm tra mỗi chi bộ phải làm trong năm (chỉ tiêu 17)", 1, "cuộc kiểm tra"),
                fig("Cuộc giám sát chuyên đề mỗi chi bộ phải làm trong năm (chỉ tiêu 17)", 1,
                    "cuộc giám sát"),
                fig("Tỷ lệ cán bộ, đảng viên vi phạm kỷ luật — mức tối đa phấn đấu", 0.5, "%"),
                fig("Lớp bồi dưỡng nghiệp vụ do cấp huyện mở", 19, "lớp"),
                fig("Người được bồi dưỡng: cán bộ kiểm tra cơ sở, bí thư và phó bí thư chi bộ", 1938,
                    "đồng chí"),
                fig("Chi bộ đã hoàn thành kế hoạch kiểm tra, giám sát theo chỉ tiêu 17 (đến 14/9/2017)",
                    2026, "chi bộ"),
                fig("Tổng số chi bộ", 2053, "chi bộ"),
                fig("Chi bộ mới chia tách chưa lập kế hoạch kiểm tra, giám sát", 22, "chi bộ"),
            ],
        },
    ],
    "conclusion": "",
    "directives": [
        {"text": "Làm xong cuộc kiểm tra và cuộc giám sát chuyên đề theo chỉ tiêu số 17 của Tỉnh ủy trước "
                 "khi kết thúc năm 2017.",
         "groups": ["các chi bộ"], "due": date(2017, 12, 31)},
        {"text": "Tiếp tục hướng dẫn kỹ hơn những chi bộ chưa nắm vững cách kiểm tra, giám sát.",
         "groups": ["Đảng ủy cơ sở có chi bộ còn lúng túng"]},
    ],
    "publish": False,
}

# --- 004 · Hải Phòng, tổng kết năm 2021, 19 connected sites ----------------------------------

HAI_PHONG = {
    "uid": "demo:seed-004:hai-phong-tong-ket-2021",
    "title": "Hội nghị tổng kết công tác kiểm tra, giám sát và kỷ luật của Đảng bộ thành phố năm 2021; "
             "triển khai phương hướng, nhiệm vụ năm 2022",
    "kind": "annual",
    "period": (2021, "year", None),
    "starts": datetime(2021, 12, 28, 8, 0),
    "format": "online",
    "organiser": "demo:hai-phong",
    "reported_delegates": (300, "hơn"),
    "notes": DEMO_NOTE + " Bản tin ghi hội nghị họp sáng 28/12/2021: giờ bắt đầu là giả định. Thời "
             "hạn của ba chỉ đạo là giả định để minh họa việc theo dõi nhiệm vụ. " + TASKS_NOTE,
    "sites": [
        {"name": "Trung tâm hội nghị thành phố", "unit": "demo:hai-phong", "host": True},
    ],
    #: One connected site for each district-level unit under this one.
    "sites_under": ("demo:hai-phong", "district"),
    "attendees": [
        {"name": "Trần Lưu Quang",
         "job_title": "Ủy viên Trung ương Đảng, Bí thư Thành ủy, Trưởng đoàn đại biểu Quốc hội Hải Phòng",
         "role": "chair", "unit": "demo:hai-phong", "site": "demo:hai-phong"},
    ],
    "reports": [
        {
            "kind": "report",
            "title": "Tổng kết công tác kiểm tra, giám sát và kỷ luật của Đảng bộ thành phố năm 2021",
            "unit": "demo:hai-phong/ubkt",
            "summary": (
                "Trong năm 2021, Thành ủy và cấp ủy các cấp đã tập trung lãnh đạo; ủy ban kiểm tra các "
                "cấp tham mưu tốt việc lập và thực hiện chương trình kiểm tra, giám sát đúng nhiệm vụ "
                "Điều lệ Đảng giao, bám sát nhiệm vụ chính trị của thành phố và vượt qua khó khăn để "
                "hoàn thành kế hoạch.\n\n"
                "Nhờ đó, khuyết điểm và vi phạm của cán bộ, đảng viên được chấn chỉnh sớm, nội bộ đoàn "
                "kết, năng lực lãnh đạo và sức chiến đấu của Đảng bộ được nâng lên. Các cuộc kiểm tra "
                "khi có dấu hiệu vi phạm chủ yếu liên quan đến tuyển dụng công chức, viên chức, chấp "
                "hành nguyên tắc tập trung dân chủ, đạo đức, lối sống, đoàn kết nội bộ, đầu tư xây "
                "dựng, đất đai, tài nguyên khoáng sản và tài chính."
            ),
            "figures": [
                fig("Tổ chức đảng được cấp ủy các cấp kiểm tra", 2041, "tổ chức đảng"),
                fig("Đảng viên được cấp ủy các cấp kiểm tra", 2059, "đảng viên"),
                fig("Tổ chức đảng được giám sát", 1174, "tổ chức đảng"),
                fig("Đảng viên được giám sát", 1960, "đảng viên"),
                fig("Tổ chức đảng được UBKT các cấp kiểm tra khi có dấu hiệu vi phạm", 9, "tổ chức đảng"),
                fig("Đảng viên được UBKT các cấp kiểm tra khi có dấu hiệu vi phạm", 36, "đảng viên"),
            ],
        },
        {
            "kind": "statement",
            "title": "Ý kiến tham luận của các đơn vị",
            "summary": (
                "Các ý kiến tham luận thống nhất với báo cáo; hội nghị thông qua các nhóm nhiệm vụ, giải "
                "pháp trọng tâm năm 2022."
            ),
            "figures": [],
        },
        {
            "kind": "guidance",
            "title": "Phát biểu chỉ đạo của Bí thư Thành ủy",
            "presenter_name": "Trần Lưu Quang",
            "presenter_title": "Bí thư Thành ủy",
            "unit": "demo:hai-phong",
            "summary": (
                "Đồng chí Bí thư Thành ủy đánh giá cao kết quả kiểm tra, giám sát, kỷ luật năm 2021, "
                "coi đó là phần đóng góp rất quan trọng vào thành tích chung của thành phố. Chương trình, "
                "kế hoạch đã hoàn thành với cách làm bài bản, nhắm vào những lĩnh vực dễ phát sinh sai "
                "phạm; bên cạnh đó vẫn còn những hạn chế cần sửa.\n\n"
                "Năm 2022 là năm thứ hai thực hiện Nghị quyết Đại hội XIII của Đảng và Nghị quyết Đại "
                "hội XVI của Đảng bộ thành phố, năm bản lề của nhiệm kỳ 2020–2025, trong khi nguy cơ "
                "sai phạm vẫn còn tiềm ẩn."
            ),
            "figures": [],
        },
    ],
    "conclusion": (
        "Đồng chí chủ trì nhất trí với các tham luận và các nhóm nhiệm vụ, giải pháp năm 2022 mà hội "
        "nghị đã thông qua, và giao những việc sau."
    ),
    "directives": [
        {"text": "Sửa chữa dứt điểm những hạn chế trong công tác kiểm tra, giám sát năm 2021 đã được chỉ "
                 "ra tại hội nghị.",
         "groups": ["Các cấp ủy, Ủy ban kiểm tra các cấp"], "due": date(2022, 6, 30)},
        {"text": "Giữ vững và phát huy những ưu điểm đã đạt được; nâng cao nhận thức và quan tâm đúng mức "
                 "tới công tác kiểm tra, giám sát, kỷ luật đảng.",
         "groups": ["Cấp ủy các cấp"]},
        {"text": "Lập kế hoạch và phương án kiểm tra, giám sát năm 2022 khả thi, sát với tình hình của "
                 "từng địa phương, đơn vị, đúng Điều lệ Đảng và pháp luật.",
         "units": ["demo:hai-phong/ubkt"], "units_under": ("demo:hai-phong", "district"),
         "due": date(2022, 1, 31)},
        {"text": "Phát huy việc tự kiểm tra, tự giám sát trong nội bộ từng cơ quan, đơn vị.",
         "groups": ["Các cơ quan, đơn vị"]},
        {"text": "Giải quyết xong các vụ việc còn tồn đọng.",
         "units": ["demo:hai-phong/ubkt"], "due": date(2022, 6, 30)},
        {"text": "Người đứng đầu phải làm gương và chăm lo tư tưởng, đời sống vật chất, tinh thần của cán "
                 "bộ; cán bộ kiểm tra, giám sát phải vững vàng, không ngừng học hỏi, trao đổi nghiệp vụ "
                 "để sớm phát hiện sai phạm và trước hết giữ mình không sai phạm.",
         "groups": ["Người đứng đầu cơ quan, đơn vị", "Cán bộ làm công tác kiểm tra, giám sát"]},
    ],
    "publish": True,
}

CONFERENCES = (TAY_NINH, THAI_NGUYEN, CAN_THO, HAU_GIANG, HAI_PHONG)
