"""Qt Widgets: the window, its screens and their widgets. Screens read view-models only."""
