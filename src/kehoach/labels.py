"""What people read, in one place: Vietnamese labels for the codes in the data."""

from __future__ import annotations

ROLE = {"lead": "Chủ trì", "coordinator": "Phối hợp"}
ROLE_LETTER = {"lead": "C", "coordinator": "P"}

KIND = {
    "city-government": "UBND Thành phố",
    "party-committee": "Cấp ủy",
    "office": "Văn phòng",
    "department": "Sở",
    "center": "Trung tâm",
    "district": "UBND cấp huyện",
    "commune": "UBND cấp xã",
    "group": "Nhóm cơ quan",
}

CITY = {"hanoi": "Hà Nội", "hcmc": "TP. Hồ Chí Minh"}

# "<old> {verb} <new> từ <date>"
EVENT = {"merge": "hợp nhất vào", "rename": "đổi tên thành", "transfer": "chuyển nhiệm vụ cho"}

DIRECT = "Trực tiếp"
