"""The display's own hardware (the panel's backlight). No Qt here."""
