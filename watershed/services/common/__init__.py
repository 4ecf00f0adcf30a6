"""What every part's services share: the actor and its permissions, the audit log, the clock (UTC stored,
Beijing days counted), transactions, reading the numbers people type, photos, and the printable-page
and SVG-map pieces. Imports no part, and nothing above services."""
