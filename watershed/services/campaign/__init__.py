"""The dredging campaign (百日攻坚): works and progress entries, acceptance, figures and the weekly
report; ponds and live water."""
