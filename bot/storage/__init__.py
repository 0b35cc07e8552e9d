"""SQLAlchemy Core tables, repositories (one module per table) and Alembic migrations."""
