"""`ihd-collect` on the command line: a bad option stops with one line and status 2; --migrate
sets up the tables and stops."""

import pytest

from ihd.collect.cli import main


@pytest.mark.parametrize(("argv", "complaint"), [
    (["--broker", "http://centre"], "no mqtt:// or mqtts:// scheme"),
    (["--ca-file", "/nowhere/ca.crt"], "cannot read /nowhere/ca.crt"),
    (["--cert", __file__], "--cert and --key go together"),
])
def test_bad_options_are_refused_in_one_line(argv, complaint, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    assert complaint in capsys.readouterr().err


def test_migrate_sets_up_the_tables_and_stops(database, capsys):
    psycopg = pytest.importorskip("psycopg")
    assert main(["--database", database, "--migrate"]) == 0
    assert "up to date" in capsys.readouterr().out
    with psycopg.connect(database) as conn:
        tables = {name for (name,) in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    assert {"home", "consent", "consent_record", "half_hourly", "daily", "carbon_region"} <= tables
