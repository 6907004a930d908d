"""The documents that leave the office: Thông báo kết luận, biên bản, reports upward."""
