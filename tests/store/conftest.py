import pytest
from history_helpers import LONDON, writer_at

from ihd.store.history_reader import HistoryReader


@pytest.fixture
def make_writer(tmp_path):
    made = []

    def make(tariffs=None, path=None):
        writer = writer_at(path or tmp_path / "history.sqlite3", tariffs)
        made.append(writer)
        return writer

    yield make
    for writer in made:
        writer.close()


@pytest.fixture
def reader(tmp_path):
    made = []

    def make():
        r = HistoryReader(tmp_path / "history.sqlite3", LONDON)
        made.append(r)
        return r

    yield make
    for r in made:
        r.close()


