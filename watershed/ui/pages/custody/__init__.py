"""Pages of the custody part: Segments and their keepers (staff), and a custodian's own segments."""
