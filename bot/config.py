"""Settings from the environment or `.env` (environment wins); nothing else lives here."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"


class Settings(BaseSettings):
    """What the bot reads from its environment; loaded once in `__main__` and passed down."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    telegram_bot_token: SecretStr | None = None  # required by `run`, checked there
    telegram_api_url: str = "https://api.telegram.org"
    database_url: str = "sqlite+aiosqlite:///data/lotse.db"
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(
        frozenset(), validation_alias="LOTSE_ADMIN_IDS"
    )
    coordinator_ids: Annotated[frozenset[int], NoDecode] = Field(
        frozenset(), validation_alias="LOTSE_COORDINATOR_IDS"
    )
    coordinators_chat_id: int | None = Field(None, validation_alias="LOTSE_COORDINATORS_CHAT_ID")
    timezone: str = Field("Europe/Berlin", validation_alias="LOTSE_TIMEZONE")
    webhook_url: str | None = Field(None, validation_alias="LOTSE_WEBHOOK_URL")
    webhook_listen: str = Field("0.0.0.0", validation_alias="LOTSE_WEBHOOK_LISTEN")
    webhook_port: int = Field(8443, validation_alias="LOTSE_WEBHOOK_PORT")
    webhook_secret: SecretStr | None = Field(None, validation_alias="LOTSE_WEBHOOK_SECRET")
    bot_username: str = Field("lotse_rheine_bot", validation_alias="LOTSE_BOT_USERNAME")
    content_dir: Path = Field(CONTENT_DIR, validation_alias="LOTSE_CONTENT_DIR")

    @field_validator("admin_ids", "coordinator_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(int(part) for part in value.replace(" ", "").split(",") if part)
        return value
