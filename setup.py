"""Build hook: compile the .po catalogs into .mo files inside the build (they are not committed).

Everything else about the package is in pyproject.toml.
"""

from io import BytesIO
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class build_py_with_catalogs(build_py):  # noqa: N801 (setuptools command naming)
    """build_py, then lettermanager/i18n/locale/*/LC_MESSAGES/*.po -> .mo in the build folder."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install compiles the .po at run time
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        locale_dir = Path(self.build_lib) / "lettermanager" / "i18n" / "locale"
        for po in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
            with open(po, "rb") as handle:
                catalog = read_po(handle, locale=po.parent.parent.name)
            buffer = BytesIO()
            write_mo(buffer, catalog)
            po.with_suffix(".mo").write_bytes(buffer.getvalue())
            self.announce(f"compiled {po.with_suffix('.mo')}", level=2)


setup(cmdclass={"build_py": build_py_with_catalogs})
