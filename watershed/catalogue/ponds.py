"""Ponds that cut a channel and the campaign to clear them."""

ENTRIES = {
    "action.view_ponds": {"zh": "查看鱼塘", "en": "see the ponds"},
    "action.manage_ponds": {"zh": "更新鱼塘清退情况", "en": "update the ponds' clearing"},
    "pond.status.occupying": {"zh": "占用", "en": "occupying"},
    "pond.status.negotiating": {"zh": "协商中", "en": "negotiating"},
    "pond.status.cleared": {"zh": "已清退", "en": "cleared"},
    "pond.status.reconnected": {"zh": "已连通", "en": "reconnected"},
    "pond.unknown": {"zh": "没有编号为 {code} 的鱼塘：请检查编号。",
                     "en": "there is no pond with the code {code}: check the code."},
    "pond.bad_status": {"zh": "鱼塘状态“{status}”不存在：只能是 {choices}。",
                        "en": "there is no pond status '{status}': use one of {choices}."},
    "pond.bad_move": {"zh": "鱼塘 {code} 现在是“{current}”，不能直接改成“{new}”：每次只能往前或往回一步。",
                      "en": "pond {code} is '{current}'; it cannot go straight to '{new}': move one step forward or back at a time."},
    "pond.no_agreement": {"zh": "鱼塘 {code} 还没有记录与塘主的协议日期：请先填写协议日期，再标为已清退。",
                          "en": "pond {code} has no agreement date with its owner yet: record it before marking the pond cleared."},
}
