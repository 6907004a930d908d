"""The report upward (báo cáo kết quả thực hiện kết luận): a period's directives, per unit,
beside the same period of the previous year."""
