"""Problems from discovery to evaluation (发现 → 甄别 → 交办 → 办理 → 督办 → 评价), and their figures."""
