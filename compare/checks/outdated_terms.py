"""Words a new Japanese bill must not use any more, and what replaces them (data for the
`outdated-term` check). Each entry: (language, word, replacement, why).

Add entries here; the check reads nothing else. Keep `why` short: it is shown to the aide.
"""

from __future__ import annotations

OUTDATED_TERMS: tuple[tuple[str, str, str, str], ...] = (
    # The penal reform of 2022 (令和四年法律第六十七号), in force 1 June 2025, merged
    # imprisonment with and without work into one penalty.
    ("ja", "懲役", "拘禁刑", "懲役 and 禁錮 were merged into 拘禁刑 on 1 June 2025"),
    ("ja", "禁錮", "拘禁刑", "懲役 and 禁錮 were merged into 拘禁刑 on 1 June 2025"),
    ("ja", "禁固", "拘禁刑", "禁固 is a misspelling of 禁錮, itself replaced by 拘禁刑 in 2025"),
    ("en", "imprisonment with work", "imprisonment", "拘禁刑 replaced 懲役 in 2025"),
    ("en", "imprisonment without work", "imprisonment", "拘禁刑 replaced 禁錮 in 2025"),
    # Ministries renamed by the central government reform of 2001.
    ("ja", "大蔵大臣", "財務大臣", "the Ministry of Finance was renamed in 2001"),
    ("ja", "大蔵省", "財務省", "the Ministry of Finance was renamed in 2001"),
    ("ja", "通商産業大臣", "経済産業大臣", "MITI became METI in 2001"),
    ("ja", "通商産業省", "経済産業省", "MITI became METI in 2001"),
    ("ja", "厚生大臣", "厚生労働大臣", "the ministry became 厚生労働省 in 2001"),
    ("ja", "自治大臣", "総務大臣", "the ministry became 総務省 in 2001"),
    (
        "en",
        "Minister of International Trade and Industry",
        "Minister of Economy, Trade and Industry",
        "MITI became METI in 2001",
    ),
    # Immigration administration reorganised in 2019; alien registration abolished in 2012.
    ("ja", "入国管理局", "出入国在留管理庁", "the Immigration Bureau became an agency in 2019"),
    (
        "en",
        "Immigration Bureau",
        "Immigration Services Agency",
        "the Immigration Bureau became an agency in 2019",
    ),
    (
        "ja",
        "外国人登録",
        "在留カード／特別永住者証明書",
        "alien registration was abolished in 2012",
    ),
    # Terms replaced by statute because they were found demeaning or obsolete.
    ("ja", "精神薄弱", "知的障害", "replaced by statute in 1998"),
    ("ja", "痴呆", "認知症", "replaced by statute in 2004"),
    ("ja", "禁治産", "成年被後見人", "the guardianship system replaced it in 2000"),
    ("ja", "看護婦", "看護師", "replaced by statute in 2002"),
    ("ja", "保母", "保育士", "replaced by statute in 1999"),
)
