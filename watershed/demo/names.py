"""Chinese names for the synthetic demo basin: its villages, its numbered channels and groups, and
the heads of its households, with how many people live in each.

The village and community names are real (domain-facts section 1); every person's name is invented.
"""

from __future__ import annotations

import random

# (name, ASCII abbreviation for household codes, territory seed in local metres).
# The names are real; where they sit in this basin is invented, except 秘师桥 east, 梅槐 central.
VILLAGES = (
    ("梅槐社区", "MH", (-500, 0)),
    ("太湖港社区", "TH", (1500, 2600)),
    ("新凤社区", "XF", (-3000, 2000)),
    ("秘师桥社区", "MSQ", (3600, 300)),
    ("金双村", "JS", (-3000, -1800)),
    ("杨井村", "YJ", (-300, -3000)),
    ("罗滩社区", "LT", (2800, -2600)),
)

# Common surnames with weights leaning towards those frequent in Jingzhou villages (an estimate).
_SURNAMES = (
    ("王", 6), ("李", 6), ("张", 6), ("刘", 6), ("陈", 5), ("杨", 4), ("黄", 4), ("周", 3),
    ("胡", 3), ("吴", 2.5), ("罗", 2), ("彭", 2), ("徐", 2), ("朱", 2), ("何", 2), ("熊", 1.5),
    ("郭", 1.5), ("万", 1.5), ("邓", 1.5), ("曾", 1.5), ("余", 1.5), ("肖", 1.5), ("向", 1),
    ("袁", 1), ("龚", 1), ("程", 1), ("夏", 1), ("谢", 1), ("田", 1), ("雷", 1), ("汪", 1),
    ("蔡", 1), ("付", 1), ("涂", 0.8), ("喻", 0.6), ("鲁", 0.6), ("秦", 0.5), ("梅", 0.5),
)
_GENERATION = "德道家传世先宏昌永正大光庭祖开兴成诗"  # 字辈: shared by a clan's one generation
_FIRST = "建国志新红卫文玉桂学爱金长春小和友少秋冬正振汉楚荆立"
_SECOND = "华平明林军强清生成安芳英兰珍忠海波勇发福山祥荣云斌涛春秀美桥元贵胜喜顺凤梅娥香莲"
_SINGLE = "军勇强伟涛斌平华英芳兵刚辉敏杰静丽波鹏磊"
MEMBERS = ((1, 5), (2, 12), (3, 20), (4, 26), (5, 22), (6, 11), (7, 4))  # mean 3.97
_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 as written in channel and group names: 3 → 三, 10 → 十, 12 → 十二, 24 → 二十四."""
    tens, ones = divmod(n, 10)
    head = ("" if tens == 1 else _DIGITS[tens]) + "十" if tens else ""
    return head + (_DIGITS[ones] if ones else "")


def weighted(rng: random.Random, pairs) -> object:
    values, weights = zip(*pairs)
    return rng.choices(values, weights=weights)[0]


def name_maker(rng: random.Random):
    """A villager group's names: one or two clans dominate, sharing generation characters."""
    clan = weighted(rng, _SURNAMES)
    second = weighted(rng, [p for p in _SURNAMES if p[0] != clan]) if rng.random() < 0.6 else None
    shares = (rng.uniform(0.3, 0.55), rng.uniform(0.1, 0.25) if second else 0.0)
    generation = rng.sample(_GENERATION, 2)

    def name() -> str:
        r = rng.random()
        surname = clan if r < shares[0] else second if r < sum(shares) else weighted(rng, _SURNAMES)
        if rng.random() < 0.2:
            return surname + rng.choice(_SINGLE)
        first = rng.choice(generation) if surname == clan and rng.random() < 0.5 else rng.choice(_FIRST)
        return surname + first + rng.choice(_SECOND)

    return name
