"""Local history in SQLite. No Qt here; writes happen off the GUI thread."""
