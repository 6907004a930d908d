"""The local demo conferences: Cần Thơ 2023, Hậu Giang's target no. 17, Hải Phòng 2021 (seeds 002-004).

See :mod:`.seed_common` for what is assumed and said so.
"""

from __future__ import annotations

from datetime import date

from .seed_common import DEMO_NOTE, HAU_GIANG_UNITS_NOTE, TASKS_NOTE, ConferenceSpec, fig

# --- 002 · Cần Thơ, tổng kết năm 2023 -------------------------------------------------------

CAN_THO: ConferenceSpec = {
    "uid": "demo:seed-002:can-tho-tong-ket-2023",
    "title": "Hội nghị tổng kết công tác kiểm tra, giám sát của Đảng năm 2023 và triển khai nhiệm vụ "
    "năm 2024",
    "kind": "annual",
    "period": (2023, "year", None),
    "starts": None,
    "day": date(2024, 1, 4),
    "format": "in_person",
    "organiser": "demo:can-tho",
    "notes": DEMO_NOTE + " Bản tin chỉ ghi ngày 4/1/2024, không ghi giờ, nơi họp và số đại biểu; hình "
    "thức họp và thư ký hội nghị là giả định. Thời hạn của hai chỉ đạo cũng là giả định để minh "
    "họa việc theo dõi nhiệm vụ. " + TASKS_NOTE,
    "sites": [],
    "attendees": [
        {
            "name": "Phạm Văn Hiểu",
            "job_title": "Phó Bí thư Thường trực Thành ủy, Chủ tịch Hội đồng nhân dân thành phố",
            "role": "chair",
            "unit": "demo:can-tho",
        },
        {  # assumed: the seed does not name the minute-taker
            "name": "Lâm Ngọc Hân",
            "job_title": "Chuyên viên UBKT Thành ủy Cần Thơ",
            "role": "secretary",
            "unit": "demo:can-tho/ubkt",
        },
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
        {
            "text": "Tiếp tục tăng cường và đổi mới phương thức kiểm tra, giám sát, nâng cao hiệu lực, hiệu "
            "quả, gắn với xây dựng Đảng vững mạnh về chính trị, tư tưởng, tổ chức và đạo đức.",
            "groups": ["Cấp ủy, tổ chức đảng và Ủy ban Kiểm tra các cấp"],
        },
        {
            "text": "Đẩy mạnh tuyên truyền, quán triệt, cụ thể hóa và thực hiện các văn bản của Trung ương "
            "và của Thành ủy về kiểm tra, giám sát và kỷ luật trong Đảng.",
            "groups": ["Cấp ủy, tổ chức đảng và Ủy ban Kiểm tra các cấp"],
        },
        {
            "text": "Rà soát chương trình kiểm tra, giám sát nhiệm kỳ 2020–2025 để ban hành kế hoạch kiểm "
            "tra, giám sát năm 2024 có trọng tâm, trọng điểm, bám sát nghị quyết của đảng bộ và "
            "thực tế địa phương, đơn vị.",
            "units": ["demo:can-tho/ubkt"],
            "groups": ["Cấp ủy và Ủy ban Kiểm tra các cấp"],
            "due": date(2024, 1, 31),
        },
        {
            "text": "Giám sát việc thực hiện các thông báo kết luận của Ủy ban Kiểm tra Trung ương và của "
            "Thành ủy về khắc phục hạn chế, khuyết điểm đã chỉ ra sau kiểm tra, giám sát.",
            "groups": ["Cấp ủy, tổ chức đảng"],
            "due": date(2024, 6, 30),
        },
        {
            "text": "Tiếp nhận, phân loại và giải quyết dứt điểm, đúng thẩm quyền các đơn thư tố cáo, "
            "khiếu nại kỷ luật đảng; phối hợp với cơ quan chức năng xem xét các vụ việc liên quan "
            "đến tổ chức đảng, đảng viên.",
            "groups": ["Cấp ủy, tổ chức đảng"],
        },
        {
            "text": "Chủ động kiểm tra ngay khi có dấu hiệu vi phạm và xem xét thi hành kỷ luật kịp thời, "
            "đúng quy định đối với tổ chức đảng, đảng viên vi phạm.",
            "units": ["demo:can-tho/ubkt"],
            "groups": ["Cấp ủy, tổ chức đảng"],
        },
    ],
    "publish": True,
}

# --- 003 · Hậu Giang: progress on target no. 17 of 2017 (a report, not a meeting) ------------

HAU_GIANG: ConferenceSpec = {
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
    "trong năm; tỷ lệ cán bộ, đảng viên vi phạm kỷ luật không quá 0,5 %. "
    + TASKS_NOTE
    + " "
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
                fig(
                    "Cuộc giám sát chuyên đề mỗi chi bộ phải làm trong năm (chỉ tiêu 17)", 1, "cuộc giám sát"
                ),
                fig("Tỷ lệ cán bộ, đảng viên vi phạm kỷ luật — mức tối đa phấn đấu", 0.5, "%"),
                fig("Lớp bồi dưỡng nghiệp vụ do cấp huyện mở", 19, "lớp"),
                fig(
                    "Người được bồi dưỡng: cán bộ kiểm tra cơ sở, bí thư và phó bí thư chi bộ",
                    1938,
                    "đồng chí",
                ),
                fig(
                    "Chi bộ đã hoàn thành kế hoạch kiểm tra, giám sát theo chỉ tiêu 17 (đến 14/9/2017)",
                    2026,
                    "chi bộ",
                ),
                fig("Tổng số chi bộ", 2053, "chi bộ"),
                fig("Chi bộ mới chia tách chưa lập kế hoạch kiểm tra, giám sát", 22, "chi bộ"),
            ],
        }
    ],
    "conclusion": "",
    "directives": [
        {
            "text": "Làm xong cuộc kiểm tra và cuộc giám sát chuyên đề theo chỉ tiêu số 17 của Tỉnh ủy trước "
            "khi kết thúc năm 2017.",
            "groups": ["các chi bộ"],
            "due": date(2017, 12, 31),
        },
        {
            "text": "Tiếp tục hướng dẫn kỹ hơn những chi bộ chưa nắm vững cách kiểm tra, giám sát.",
            "groups": ["Đảng ủy cơ sở có chi bộ còn lúng túng"],
        },
    ],
    "publish": False,
}

# --- 004 · Hải Phòng, tổng kết năm 2021, 19 connected sites ----------------------------------

HAI_PHONG: ConferenceSpec = {
    "uid": "demo:seed-004:hai-phong-tong-ket-2021",
    "title": "Hội nghị tổng kết công tác kiểm tra, giám sát và kỷ luật của Đảng bộ thành phố năm 2021; "
    "triển khai phương hướng, nhiệm vụ năm 2022",
    "kind": "annual",
    "period": (2021, "year", None),
    "starts": None,
    "day": date(2021, 12, 28),
    "day_part": "morning",
    "format": "online",
    "organiser": "demo:hai-phong",
    "reported_delegates": (300, "hơn"),
    "notes": DEMO_NOTE + " Bản tin ghi hội nghị họp sáng 28/12/2021, không ghi giờ. Thư ký hội nghị "
    "là giả định. Thời hạn của ba chỉ đạo là giả định để minh họa việc theo dõi nhiệm vụ. " + TASKS_NOTE,
    "sites": [{"name": "Trung tâm hội nghị thành phố", "unit": "demo:hai-phong", "host": True}],
    #: One connected site for each district-level unit under this one.
    "sites_under": ("demo:hai-phong", "district"),
    "attendees": [
        {
            "name": "Trần Lưu Quang",
            "job_title": "Ủy viên Trung ương Đảng, Bí thư Thành ủy, Trưởng đoàn đại biểu Quốc hội Hải Phòng",
            "role": "chair",
            "unit": "demo:hai-phong",
            "site": "demo:hai-phong",
        },
        {  # assumed: the seed does not name the minute-taker
            "name": "Nguyễn Thu Trang",
            "job_title": "Chuyên viên UBKT Thành ủy Hải Phòng",
            "role": "secretary",
            "unit": "demo:hai-phong/ubkt",
            "site": "demo:hai-phong",
        },
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
        {
            "text": "Sửa chữa dứt điểm những hạn chế trong công tác kiểm tra, giám sát năm 2021 đã được chỉ "
            "ra tại hội nghị.",
            "groups": ["Các cấp ủy, Ủy ban kiểm tra các cấp"],
            "due": date(2022, 6, 30),
        },
        {
            "text": "Giữ vững và phát huy những ưu điểm đã đạt được; nâng cao nhận thức và quan tâm đúng mức "
            "tới công tác kiểm tra, giám sát, kỷ luật đảng.",
            "groups": ["Cấp ủy các cấp"],
        },
        {
            "text": "Lập kế hoạch và phương án kiểm tra, giám sát năm 2022 khả thi, sát với tình hình của "
            "từng địa phương, đơn vị, đúng Điều lệ Đảng và pháp luật.",
            "units": ["demo:hai-phong/ubkt"],
            "units_under": ("demo:hai-phong", "district"),
            "due": date(2022, 1, 31),
        },
        {
            "text": "Phát huy việc tự kiểm tra, tự giám sát trong nội bộ từng cơ quan, đơn vị.",
            "groups": ["Các cơ quan, đơn vị"],
        },
        {
            "text": "Giải quyết xong các vụ việc còn tồn đọng.",
            "units": ["demo:hai-phong/ubkt"],
            "due": date(2022, 6, 30),
        },
        {
            "text": "Người đứng đầu phải làm gương và chăm lo tư tưởng, đời sống vật chất, tinh thần của cán "
            "bộ; cán bộ kiểm tra, giám sát phải vững vàng, không ngừng học hỏi, trao đổi nghiệp vụ "
            "để sớm phát hiện sai phạm và trước hết giữ mình không sai phạm.",
            "groups": ["Người đứng đầu cơ quan, đơn vị", "Cán bộ làm công tác kiểm tra, giám sát"],
        },
    ],
    "publish": True,
}
