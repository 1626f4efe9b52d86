"""One module per feature of the display, each owning its state and its screens.

A new screen goes in the feature it belongs to (or a new module here): the feature registers it
with the window (`Shared.window.add_screen`), which builds it the first time it is shown. Features
never import each other; the composition root (`ihd.app`) hands each one the shared services
(`shared.Shared`) and the few other features' functions it uses, and import-linter holds them to it.
"""
