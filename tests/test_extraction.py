"""Text → draft minutes: the grammar the extractor reads, and the ``flask extract`` command.

Every text here is written for the test (facts in the manner of the seeds, sentences our own);
the seeds themselves are scored in tests/test_extraction_seeds.py.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import docx
import pytest

from minutes.documents.pdf import to_pdf
from minutes.extensions import db
from minutes.extraction import extract
from minutes.extraction.reading import UnreadableFile, read_text
from minutes.models import Conference

README_KEYS = {
    "title",
    "date",
    "organiser",
    "chair",
    "host_site",
    "sites",
    "site_count",
    "attendee_count",
    "attendees",
    "figures",
    "directives",
}

REPORT = (Path(__file__).parent / "extraction" / "cases" / "thanh_tra_binh_dinh.txt").read_text(
    encoding="utf-8"
)


def figure(draft, value):
    found = [f for f in draft["figures"] if f["value"] == value]
    assert found, f"no figure {value}: {[(f['label'], f['value']) for f in draft['figures']]}"
    return found[0]


def test_the_conference_itself_is_read_from_how_reports_say_it():
    draft = extract(REPORT)
    assert README_KEYS <= draft.keys()
    assert draft["title"] == ("Hội nghị tổng kết công tác thanh tra năm 2024 và triển khai nhiệm vụ năm 2025")
    assert draft["date"] == "2025-01-15"  # the year from the dateline
    assert draft["organiser"] == "Thanh tra tỉnh Bình Định"
    assert draft["chair"] == [{"name": "Lê Văn Hòa", "position": "Phó Chủ tịch UBND tỉnh"}]
    assert draft["site_count"] == 11 and draft["attendee_count"] == 180
    assert draft["sites"] == ["các huyện, thị xã, thành phố"]


@pytest.mark.parametrize(
    "head, organiser",
    [
        ("Hội nghị giao ban quý III năm 2024 của Thành ủy Hải Phòng.", "Thành ủy Hải Phòng"),
        (
            "Hội nghị sơ kết 6 tháng năm 2024 do Ủy ban Kiểm tra Tỉnh ủy Bình Định",
            "Ủy ban Kiểm tra Tỉnh ủy Bình Định",
        ),
        ("Hội nghị giao ban của các chi bộ trong quý III", None),
        ("Hội nghị sơ kết do Ban Tuyên giáo Thành ủy chủ trì", "Ban Tuyên giáo Thành ủy"),
        ("Hội nghị quán triệt Nghị quyết của Bộ Chính trị", None),  # the resolution's body
    ],
)
def test_a_title_that_names_its_body_gives_the_organiser(head, organiser):
    """No "X tổ chức hội nghị" sentence: the body the title is "của"/"do" is the organiser,
    and only when what follows is a body's name (a chi bộ list is not)."""
    draft = extract(head + "\n\nTrong kỳ, các cấp ủy kết nạp 12 đảng viên.")
    assert draft["organiser"] == organiser


def test_vietnamese_numbers_comparisons_and_ratios():
    draft = extract(REPORT)
    inspections = figure(draft, 152)
    assert inspections["unit"] == "cuộc" and "thanh tra" in inspections["label"]
    assert inspections["compare"] == {
        "delta": 14,
        "direction": "tăng",
        "percent": None,
        "baseline": "năm 2023",
    }
    # Money is multiplied out as the shared scorer reads it: 38,7 tỷ đồng; 3 tỷ 250 triệu đồng.
    money = figure(draft, 38.7e9)
    assert money["unit"] == "đồng"
    assert money["compare"]["direction"] == "giảm" and money["compare"]["percent"] == 12.5
    assert figure(draft, 3_250_000_000)["unit"] == "đồng"
    assert figure(draft, 2315)["unit"] == "lượt"
    assert figure(draft, 47)["part_of"] is not None  # "trong đó 47 đơn tố cáo"
    assert figure(draft, 52)["label"].startswith("tổng số")
    assert figure(draft, 45)["compare"]["direction"] is None
    values = [f["value"] for f in draft["figures"]]
    for not_a_count in (2024, 2025, 2023, 15, 31, 30, 6, 11, 180):
        assert not_a_count not in values, f"{not_a_count} is a date, a year or a count of sites"


def test_directives_with_owner_due_date_and_standing():
    draft = extract(REPORT)
    tasks = {d["text"]: d for d in draft["directives"]}
    review = next(d for t, d in tasks.items() if t.startswith("chủ trì, phối hợp"))
    assert review["owner"] == "Thanh tra tỉnh" and review["due"] == "2025-06-30"
    reception = next(d for t, d in tasks.items() if t.startswith("tăng cường công tác tiếp công dân"))
    assert reception["owner"] == "Các huyện, thị xã, thành phố"
    follow = next(d for t, d in tasks.items() if "đôn đốc" in t)
    assert follow["standing"] is True and follow["due"] is None
    assert len(draft["directives"]) == 4, list(tasks)
    # Nothing reported as done is a task.
    assert not any("đã" in t.split()[:3] for t in tasks)


def test_every_span_points_at_its_passage():
    draft = extract(REPORT)
    source = draft["source"]
    for item in draft["figures"]:
        start, end = item["span"]
        assert source[start:end].split()[0].rstrip("%") in (
            f"{item['value']:,}".replace(",", ".").split(".")[0],
            source[start:end].split()[0].rstrip("%"),
        )
        assert any(ch.isdigit() for ch in source[start:end])
    for item in draft["directives"]:
        start, end = item["span"]
        assert source[start:end][:20] == item["text"][:20] or item["owner"]


def test_a_paragraph_printed_twice_gives_each_item_once():
    lead = REPORT.split("\n\n")[2]
    once = extract(REPORT)
    twice = extract(REPORT.replace(lead, lead + "\n\n" + lead))
    assert len(twice["figures"]) == len(once["figures"])
    assert len(twice["directives"]) == len(once["directives"])


def test_a_text_cut_mid_sentence_yields_only_what_is_complete():
    cut = REPORT[: REPORT.index("kiến nghị thu hồi 3 tỷ") + len("kiến nghị thu hồi 3")]
    draft = extract(cut)
    values = [f["value"] for f in draft["figures"]]
    assert 3 not in values and 3e9 not in values and 3_250_000_000 not in values
    # The complete clauses before the cut are kept.
    assert 152 in values and 38.7e9 in values
    cut_task = REPORT[: REPORT.index("rà soát toàn bộ") + len("rà soát toàn bộ kết")]
    assert extract(cut_task)["directives"] == []


def test_tasks_listed_as_the_years_priorities():
    text = (
        "Đảng ủy xã Tân Hòa tổ chức hội nghị sơ kết 6 tháng đầu năm 2024 vào sáng 5/7/2024.\n"
        "Sáu tháng đầu năm, 12/14 chi bộ đã hoàn thành kế hoạch kiểm tra.\n"
        "Hội nghị thống nhất các nhiệm vụ trọng tâm 6 tháng cuối năm như sau:\n"
        "- Hoàn thành việc kiểm tra tài chính đảng ở các chi bộ trước ngày 30/9/2024.\n"
        "- Các chi bộ nông thôn tổ chức sinh hoạt chuyên đề mỗi quý một lần.\n"
        "- Kiện toàn ủy ban kiểm tra Đảng ủy xã sau khi có cán bộ nghỉ hưu.\n"
    )
    draft = extract(text)
    assert draft["date"] == "2024-07-05"
    texts = [d["text"] for d in draft["directives"]]
    assert len(texts) == 3, texts
    assert draft["directives"][0]["due"] == "2024-09-30"
    assert {f["value"] for f in draft["figures"]} == {12, 14}


def test_a_spelled_out_number_counts_beside_figures_in_digits():
    text = (
        "Năm 2023, cấp ủy các cấp thi hành kỷ luật một tổ chức đảng và 31 đảng viên. "
        "Mỗi chi bộ thực hiện một cuộc giám sát theo hướng dẫn.\n"
    )
    values = [(f["value"], f["unit"]) for f in extract(text)["figures"]]
    assert values == [(1, "tổ chức đảng"), (31, "đảng viên")]


# ---------------------------------------------------------------------------- files


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_a_word_file_reads_as_its_text():
    text = read_text(docx_bytes(REPORT), "bao-cao.docx")
    assert extract(text)["organiser"] == "Thanh tra tỉnh Bình Định"


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice makes the PDF (make test installs it)"
)
def test_a_pdf_with_a_text_layer_reads_as_its_text():
    text = read_text(to_pdf(docx_bytes(REPORT)), "bao-cao.pdf")
    draft = extract(text)
    assert draft["organiser"] == "Thanh tra tỉnh Bình Định"
    assert figure(draft, 152)["compare"]["delta"] == 14


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"", "rong.txt", "Tệp rỗng"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "anh.txt", "nhị phân"),
        (b"A" * (10 * 1024 * 1024), "lon.txt", "lớn hơn 2 MB"),
        (b"PK\x03\x04 not really a zip", "hong.docx", "Tệp .docx bị hỏng"),
        (b"%PDF-1.4 broken", "hong.pdf", "PDF bị hỏng"),
        ("Báo cáo".encode("cp1258"), "cu.txt", "UTF-8"),
        (b"x", "bang.xlsx", "Chỉ đọc được"),
    ],
)
def test_files_that_are_not_reports_are_refused_with_a_message(data, name, message):
    with pytest.raises(UnreadableFile, match=message):
        read_text(data, name)


# ---------------------------------------------------------------------------- CLI


def test_extract_prints_the_readme_json_and_writes_nothing(runner, tmp_path, units):
    source = tmp_path / "hoi-nghi.txt"
    source.write_text(REPORT, encoding="utf-8")
    before = db.session.scalar(db.select(db.func.count()).select_from(Conference))
    result = runner.invoke(args=["extract", str(source)])
    assert result.exit_code == 0, result.output
    draft = json.loads(result.output)
    assert README_KEYS <= draft.keys() and "source" not in draft
    assert draft["organiser"] == "Thanh tra tỉnh Bình Định"
    assert db.session.scalar(db.select(db.func.count()).select_from(Conference)) == before


def test_extract_out_writes_one_json_per_file(runner, tmp_path):
    first = tmp_path / "mot.txt"
    first.write_text(REPORT, encoding="utf-8")
    second = tmp_path / "hai.docx"
    second.write_bytes(docx_bytes(REPORT))
    out = tmp_path / "out"
    result = runner.invoke(args=["extract", str(first), str(second), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["hai.json", "mot.json"]
    a, b = (json.loads((out / n).read_text(encoding="utf-8")) for n in ("mot.json", "hai.json"))
    assert a["figures"] and [f["value"] for f in a["figures"]] == [f["value"] for f in b["figures"]]


def test_extract_says_which_file_it_cannot_read(runner, tmp_path):
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    good = tmp_path / "tot.txt"
    good.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(args=["extract", str(empty), str(good), "--out", str(out)])
    assert result.exit_code == 1
    assert "rong.txt: Tệp rỗng" in result.output
    assert [p.name for p in out.iterdir()] == ["tot.json"]


@pytest.mark.parametrize(
    "hostile",
    [
        "1" * 200_000,
        "a " * 100_000,
        "đề nghị, các cấp ủy tăng cường kiểm tra; " * 5_000,
        "\u0000\ufffe\ud800" * 1000,
    ],
)
def test_text_without_sentences_is_read_without_error(hostile):
    draft = extract(hostile)
    assert README_KEYS <= draft.keys()


def test_a_trong_do_part_points_at_its_whole_in_the_draft():
    draft = extract(REPORT)
    part = figure(draft, 47)
    assert draft["figures"][part["part_of"]]["value"] == 1048


def test_one_comparison_over_several_figures_and_ratios_of_the_baseline():
    text = (
        "Năm 2024, toàn tỉnh tiến hành 42 cuộc thanh tra và 17 cuộc kiểm tra, lần lượt tăng 5 và 8 "
        "cuộc so với năm 2023. Số đơn thư tiếp nhận là 1.320 đơn, bằng 95% cùng kỳ. Doanh thu của "
        "Tổng công ty đạt hơn 1,2 triệu tỷ đồng, đạt 104,2% kế hoạch năm. Tỷ lệ chi bộ xếp loại tốt "
        "đạt 56,62%.\n"
    )
    draft = extract(text)
    assert figure(draft, 42)["compare"] == {
        "delta": 5,
        "direction": "tăng",
        "percent": None,
        "baseline": "năm 2023",
    }
    assert figure(draft, 17)["compare"]["delta"] == 8
    assert figure(draft, 1320)["compare"] == {
        "delta": None,
        "direction": None,
        "percent": 95,
        "baseline": "cùng kỳ",
    }
    revenue = figure(draft, 1.2e15)  # "hơn 1,2 triệu tỷ đồng"
    assert revenue["unit"] == "đồng" and revenue["qualifier"] == "hơn"
    assert figure(draft, 104.2)["unit"] == "%" and "kế hoạch" in figure(draft, 104.2)["label"]
    assert figure(draft, 56.62)["label"].startswith("Tỷ lệ chi bộ xếp loại tốt")
    assert len(draft["figures"]) == 6


CASES = Path(__file__).parent / "extraction" / "cases"


def test_a_government_inspectorate_in_state_wording():
    draft = extract((CASES / "thanh_tra_chinh_phu.txt").read_text(encoding="utf-8"))
    assert draft["title"] == (
        "Hội nghị trực tuyến tổng kết công tác thanh tra năm 2023 và triển khai nhiệm vụ năm 2024"
    )
    assert draft["site_count"] == 63 and draft["sites"] == ["các tỉnh, thành phố trực thuộc Trung ương"]
    assert draft["chair"] == [{"name": "Đoàn Hồng Phong", "position": "Tổng Thanh tra Chính phủ"}]
    assert figure(draft, 177_567e9)["unit"] == "đồng" and figure(draft, 3165)["unit"] == "ha đất"
    assert figure(draft, 112)["unit"] == "đối tượng"
    owners = [(d["owner"], d["text"].split(",")[0]) for d in draft["directives"]]
    # "Phát biểu chỉ đạo, Phó Thủ tướng … yêu cầu ngành Thanh tra …": the task, not the speaker.
    assert owners[0] == ("ngành Thanh tra", "tập trung hoàn thiện thể chế")
    assert ("Các bộ", "chỉ đạo thực hiện nghiêm các kết luận thanh tra") not in owners
    assert any(o == "Các bộ, ngành, địa phương" for o, _t in owners)
    assert draft["directives"][-1]["owner"] == "Thanh tra Chính phủ"
    assert draft["directives"][-1]["due"] == "2024-06-30"
    assert not any("6.919" in d["text"] for d in draft["directives"])  # reported, not asked


def test_a_state_company_report_cut_off_mid_sentence():
    draft = extract((CASES / "tap_doan_cut.txt").read_text(encoding="utf-8"))
    assert draft["title"] == "Hội nghị tổng kết công tác năm 2023, triển khai kế hoạch năm 2024"
    assert draft["organiser"] == "Tập đoàn Điện lực Việt Nam (EVN)"
    assert draft["date"] == "2024-01-04" and draft["attendee_count"] == 500
    assert draft["host_site"] is None  # "tại điểm cầu chính và các điểm cầu …" names none
    values = [f["value"] for f in draft["figures"]]
    assert 5 not in values  # "của 5 tổng công ty": who attended, not a result
    assert 110 not in values  # "từ 110 kV đến 500 kV": a range, not a count
    assert figure(draft, 500_000e9)["unit"] == "đồng"
    assert figure(draft, 6.23)["compare"]["delta"] == 0.02
    listed = [d["text"] for d in draft["directives"]]
    assert (
        listed[0].startswith("Hoàn thành đường dây 500 kV") and draft["directives"][0]["due"] == "2024-06-30"
    )
    # The last sentence is cut ("trên diện rộ"): nothing of it is a task.
    assert not any("mùa khô" in t for t in listed)
