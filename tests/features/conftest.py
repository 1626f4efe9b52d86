"""Each feature on its own: the shared services made for real (a window, the writer thread, a data
folder, a clock that moves only when told), the other features replaced by plain functions."""

from datetime import UTC, datetime

import pytest

EVENING = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)


@pytest.fixture
def make_shared(qtbot, tmp_path):
    from zoneinfo import ZoneInfo

    from ihd.config import parse_config
    from ihd.core.clock import ManualClock
    from ihd.core.profiles import PROFILES
    from ihd.features.shared import Shared
    from ihd.i18n import I18n
    from ihd.store.writer import Writer
    from ihd.ui.bridge import GuiPost
    from ihd.ui.theme import Theme
    from ihd.ui.window import MainWindow

    made = []

    def make(config=None, home=True):
        cfg = parse_config(config or {})
        cfg.__dict__["data_dir"] = tmp_path / "data"  # frozen; a test-only override
        cfg.data_dir.mkdir(exist_ok=True)
        writer, post, window = Writer(), GuiPost(), MainWindow()
        writer.start()
        shared = Shared(cfg, ManualClock(EVENING), ZoneInfo("Europe/London"), I18n("en_GB"),
                        Theme(PROFILES["standard"], False), window, writer, post.post, cfg.data_dir / "h.sqlite3")
        if home:  # a stand-in home screen, so there is somewhere to come back to
            from PySide6.QtWidgets import QWidget

            window.add_screen("home", QWidget)
            window.show_screen("home")
        window.resize(800, 480)
        window.show()
        made.append((shared, writer, post))
        return shared

    yield make
    for shared, writer, post in made:
        shared.close_reader()
        writer.stop()
        post.close()
        shared.window.close()
        shared.window.deleteLater()
