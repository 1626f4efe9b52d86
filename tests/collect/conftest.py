import pytest


@pytest.fixture(scope="session")
def postgres_server():
    """One PostgreSQL for the session's collector tests; each test gets its own database."""
    pytest.importorskip("psycopg", reason="psycopg is not installed; run: sh packaging/dev.sh test")
    from postgres import Postgres, bin_dir

    programs = bin_dir()
    if programs is None:
        pytest.fail("PostgreSQL is not installed; run: sh packaging/dev.sh test (it installs Debian's postgresql)")
    server = Postgres(programs)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def database(postgres_server):
    """The connection string of a new, empty database."""
    return postgres_server.new_database()
