"""The shape of the code: no import circles, small modules, a composition root that only wires."""

from pathlib import Path

import grimp

IHD = Path(__file__).parents[1] / "ihd"
MODULE_LINES = 400
ROOT_LINES = 250


def test_no_import_circles():
    graph = grimp.build_graph("ihd", exclude_type_checking_imports=True)
    circles = []
    for importer in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(importer):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back is not None:
                circles.append(" -> ".join((importer, *back)))
    assert not circles, "\n".join(circles)


def test_no_module_is_long():
    long = {str(p.relative_to(IHD)): n for p in IHD.rglob("*.py") if (n := len(p.read_text().splitlines()))
            > MODULE_LINES}
    assert not long, long


def test_the_composition_root_only_wires():
    assert len((IHD / "app.py").read_text().splitlines()) < ROOT_LINES
