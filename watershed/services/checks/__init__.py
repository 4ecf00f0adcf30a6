"""Custodians' checks (巡查), overdue custodians, and the progress map's figures of upkeep and check
freshness."""
