"""One module per page; each reads its widgets, calls one service and renders."""
