"""Build step: compile the gettext catalogues and bundle the fonts and the native contract's
schemas (what the display accepts is decided by them) into the package.

Everything else is in pyproject.toml. Compiled .mo files are build output and never committed.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent


class BuildWithCatalogues(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return  # a checkout compiles its catalogues in memory and reads assets/ and docs/ in place
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        package = Path(self.build_lib) / "ihd"
        for po in sorted((ROOT / "translations").glob("*/LC_MESSAGES/ihd.po")):
            language = po.parts[-3]
            target = package / "locale" / language / "LC_MESSAGES" / "ihd.mo"
            target.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as source, target.open("wb") as out:
                write_mo(out, read_po(source, locale=language))
        fonts = package / "assets" / "fonts"
        fonts.mkdir(parents=True, exist_ok=True)
        for font in sorted((ROOT / "assets" / "fonts").iterdir()):
            (fonts / font.name).write_bytes(font.read_bytes())
        schemas = package / "han" / "dialects" / "schemas"
        schemas.mkdir(parents=True, exist_ok=True)
        for schema in sorted((ROOT / "docs" / "contract" / "schemas").glob("*.schema.json")):
            (schemas / schema.name).write_bytes(schema.read_bytes())


setup(cmdclass={"build_py": BuildWithCatalogues})
