"""What people read, in one place: Vietnamese labels for the codes in the data."""

from __future__ import annotations

ROLE = {"lead": "Chủ trì", "coordinator": "Phối hợp"}
ROLE_LETTER = {"lead": "C", "coordinator": "P"}
ROLE_OF_LETTER = {letter: role for role, letter in ROLE_LETTER.items()}

KIND = {
    "city-government": "UBND Thành phố",
    "party-committee": "Cơ quan Đảng",
    "council": "Hội đồng nhân dân",
    "front": "Mặt trận Tổ quốc",
    "office": "Văn phòng",
    "inspectorate": "Thanh tra",
    "department": "Sở",
    "board": "Ban quản lý",
    "center": "Trung tâm",
    "district": "UBND cấp huyện",
    "ward": "UBND phường",
    "commune": "UBND xã",
    "group": "Nhóm cơ quan",
}
# The same kinds counted: "51 phường", "75 xã", "30 UBND cấp huyện".
KIND_COUNTED = {"ward": "phường", "commune": "xã", "district": "UBND cấp huyện"}

UNCONFIRMED = "chưa xác nhận"
MARK = "†"  # after every mention of a body the roster marks unconfirmed (show/marks.py)

CITY = {"hanoi": "Hà Nội", "hcmc": "TP. Hồ Chí Minh"}

# "<old> {verb} <new> từ <date>"
EVENT = {
    "merge": "hợp nhất vào",
    "rename": "đổi tên thành",
    "convert": "chuyển thành",
    "transfer": "chuyển nhiệm vụ cho",
}

DIRECT = "Trực tiếp"
