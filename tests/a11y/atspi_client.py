"""Reads a running app through AT-SPI, as a screen reader does. Runs under Debian's python3
(it needs python3-pyatspi), talking to the accessibility bus in DBUS_SESSION_BUS_ADDRESS.

    atspi_client.py tree APPNAME      the app's accessible tree as JSON
    atspi_client.py press APPNAME NAME  do the default action of the object named NAME
    atspi_client.py press-all APPNAME   do the default action of every object that has one, shown
                                        or hidden, enabled or not; prints their names as JSON
"""

import json
import sys

import pyatspi

STATES = {
    pyatspi.STATE_FOCUSABLE: "focusable",
    pyatspi.STATE_FOCUSED: "focused",
    pyatspi.STATE_SHOWING: "showing",
    pyatspi.STATE_CHECKED: "checked",
    pyatspi.STATE_SENSITIVE: "enabled",
}


def app_named(name):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        child = desktop.getChildAtIndex(i)
        if child is not None and child.name == name:
            return child
    sys.exit(f"no application {name!r} on the accessibility bus")


def node(obj):
    states = obj.getState().getStates()
    return {
        "role": obj.getRoleName(),
        "name": obj.name or "",
        "description": obj.description or "",
        "states": sorted(v for k, v in STATES.items() if k in states),
        "children": [node(obj.getChildAtIndex(i)) for i in range(obj.childCount)
                     if obj.getChildAtIndex(i) is not None],
    }


def press(obj, name):
    if obj.name == name:
        try:
            action = obj.queryAction()
        except NotImplementedError:  # text of that name (a chart's tick, a figure): the control is elsewhere
            action = None
        if action is not None and action.nActions:
            action.doAction(0)
            return True
    return any(press(obj.getChildAtIndex(i), name) for i in range(obj.childCount)
               if obj.getChildAtIndex(i) is not None)


def actionable(obj):
    try:
        if obj.queryAction().nActions:
            yield obj
    except NotImplementedError:
        pass
    for i in range(obj.childCount):
        child = obj.getChildAtIndex(i)
        if child is not None:
            yield from actionable(child)


def press_all(app):
    pressed = []
    for obj in list(actionable(app)):
        try:
            obj.queryAction().doAction(0)
            pressed.append(obj.name or obj.getRoleName())
        except Exception:  # an object gone with a screen that changed: pressing the rest matters more
            continue
    return pressed


if __name__ == "__main__":
    verb, app = sys.argv[1], app_named(sys.argv[2])
    if verb == "tree":
        json.dump(node(app), sys.stdout)
    elif verb == "press-all":
        json.dump(press_all(app), sys.stdout)
    elif verb == "press":
        sys.exit(0 if press(app, sys.argv[3]) else 3)
