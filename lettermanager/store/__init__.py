"""The store: tables, database files, migrations, queries and import/export. No Qt here."""
