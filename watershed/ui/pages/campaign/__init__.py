"""Pages of the campaign part: Dredging progress (leadership), dredging entries (staff and custodians), ponds and live water."""
