"""A fake Telegram Bot API that validates like the real one and records what the bot sent.

In process it is a `telegram.request.BaseRequest` given to the application builder (as
python-telegram-bot's own tests do); `serve_http` serves the same fake on loopback, so a
real `python -m bot run` can talk to it through `TELEGRAM_API_URL`.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from telegram.error import TimedOut
from telegram.request import BaseRequest, RequestData

from bot import telegram_html

BOT_USER = {"id": 700000001, "is_bot": True, "first_name": "Lotse", "username": "lotse_rheine_bot"}
MAX_TEXT, MAX_CAPTION, MAX_CALLBACK_DATA, MAX_ALERT = 4096, 1024, 64, 200
MAX_ROW_BUTTONS, MAX_BUTTONS = 8, 100
_ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
    "tg-spoiler", "span", "blockquote", "tg-emoji",
}  # fmt: skip
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot);")
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
# Values that stay strings when they arrive form-encoded over HTTP (everything else is JSON).
_STRING_PARAMS = {
    "text", "caption", "callback_query_id", "parse_mode", "description", "short_description",
    "language_code", "url", "secret_token", "title", "address", "phone_number", "first_name",
    "document", "photo", "allowed_updates_raw",
}  # fmt: skip


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after


@dataclass
class Sent:
    """One call the bot made that shows something to a person."""

    method: str
    chat_id: int
    message_id: int
    text: str
    buttons: list[list[dict[str, Any]]]
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)

    def button_texts(self) -> list[str]:
        return [button["text"] for row in self.buttons for button in row]


def visible_text(text: str, parse_mode: str | None) -> str:
    """The text a person sees (raises ApiError as Telegram answers bad entities)."""
    try:
        return telegram_html.visible_text(text, parse_mode)
    except telegram_html.EntityError as error:
        raise ApiError(400, f"Bad Request: can't parse entities: {error}") from None


def _check_text(text: Any, parse_mode: str | None, limit: int, what: str = "message") -> str:
    if not isinstance(text, str) or not text.strip():
        raise ApiError(400, f"Bad Request: {what} text is empty")
    shown = visible_text(text, parse_mode)
    if not shown.strip():
        raise ApiError(400, f"Bad Request: {what} text is empty")
    if len(shown.encode("utf-16-le")) // 2 > limit:
        raise ApiError(400, f"Bad Request: {what} is too long")
    return shown


def _check_markup(markup: Any) -> list[list[dict[str, Any]]]:
    if markup is None:
        return []
    if isinstance(markup, str):
        markup = json.loads(markup)
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise ApiError(400, "Bad Request: inline keyboard must be an array of arrays")
        if sum(len(r) for r in rows) > MAX_BUTTONS:
            raise ApiError(400, "Bad Request: reply markup is too long")
        for row in rows:
            if not row or len(row) > MAX_ROW_BUTTONS:
                raise ApiError(400, "Bad Request: BUTTON_ROW_INVALID")
            for button in row:
                _check_inline_button(button)
        return rows
    if "keyboard" in markup:
        return [
            [b if isinstance(b, dict) else {"text": b} for b in row] for row in markup["keyboard"]
        ]
    return []  # remove_keyboard, force_reply


def _check_inline_button(button: dict[str, Any]) -> None:
    if not str(button.get("text", "")).strip():
        raise ApiError(400, "Bad Request: BUTTON_TEXT_INVALID")
    kinds = {"callback_data", "url", "switch_inline_query", "copy_text", "web_app"} & set(button)
    if len(kinds) != 1:
        raise ApiError(400, "Bad Request: BUTTON_TYPE_INVALID")
    if "callback_data" in button:
        size = len(str(button["callback_data"]).encode())
        if not 1 <= size <= MAX_CALLBACK_DATA:
            raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    if "url" in button and not re.match(r"^(https?|tg)://\S+$", str(button["url"])):
        raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")


class FakeTelegram:
    """The state of a fake Telegram: chats, messages, pending updates and injected failures."""

    def __init__(
        self, *, enforce_limits: bool = False, clock: Callable[[], float] = time.monotonic
    ) -> None:
        """With `enforce_limits`, sends beyond Telegram's limits (30/s per bot, 1/s per
        private chat, 20/min per group) get 429 like the real API."""
        self.enforce_limits, self.clock = enforce_limits, clock
        self.limit_violations = 0
        self._send_times: deque[float] = deque()
        self._chat_times: dict[int, deque[float]] = {}
        self.lock = threading.RLock()
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.sent: list[Sent] = []
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.descriptions: dict[tuple[str, str], str] = {}
        self.blocked: set[int] = set()
        self.files: set[str] = {"photo", "doc"}  # file ids Telegram knows: sent or uploaded
        self.failures: dict[str, deque[tuple[int, str, int | None]]] = {}
        self.open_callbacks: set[str] = set()
        self.callback_answers: list[dict[str, Any]] = []
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._update_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._updates: deque[dict[str, Any]] = deque()
        self._updates_ready = threading.Condition(self.lock)

    # -- what tests and the console do ------------------------------------------------------
    def fail_next(
        self, method: str, code: int, description: str = "", retry_after: int | None = None
    ) -> None:
        """The next call of `method` fails: 429 (with retry_after), 5xx, 403, or 0 for a timeout."""
        with self.lock:
            self.failures.setdefault(method, deque()).append((code, description, retry_after))

    def block(self, chat_id: int) -> None:
        """The user blocked the bot: every send to them answers 403."""
        with self.lock:
            self.blocked.add(chat_id)

    def next_message_id(self, chat_id: int) -> int:
        with self.lock:
            return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def message_update(
        self,
        user: dict[str, Any],
        text: str | None = None,
        *,
        chat_id: int | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """An update carrying a message from `user` (text, or e.g. sticker=… / photo=…)."""
        chat_id = chat_id or user["id"]
        chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
        if chat_id > 0:
            chat["first_name"] = user.get("first_name", "")
        else:
            chat["title"] = "Team"
        message: dict[str, Any] = {
            "message_id": self.next_message_id(chat_id),
            "date": int(time.time()),
            "chat": chat,
            "from": user,
            **extra,
        }
        for size in extra.get("photo") or []:
            self.files.add(size["file_id"])
        if extra.get("document"):
            self.files.add(extra["document"]["file_id"])
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                length = len(text.split()[0])
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        with self.lock:
            self.messages[(chat_id, message["message_id"])] = message
        return {"update_id": next(self._update_ids), "message": message}

    def callback_update(
        self, user: dict[str, Any], message: dict[str, Any], data: str
    ) -> dict[str, Any]:
        """An update for a button press on `message` (a message the bot sent)."""
        query_id = str(next(self._callback_ids))
        with self.lock:
            self.open_callbacks.add(query_id)
        return {
            "update_id": next(self._update_ids),
            "callback_query": {
                "id": query_id,
                "from": user,
                "message": message,
                "chat_instance": f"ci{message['chat']['id']}",
                "data": data,
            },
        }

    def push_update(self, update: dict[str, Any]) -> None:
        """Queue an update for getUpdates (long polling over HTTP)."""
        with self._updates_ready:
            self._updates.append(update)
            self._updates_ready.notify_all()

    def sent_to(self, chat_id: int) -> list[Sent]:
        with self.lock:
            return [s for s in self.sent if s.chat_id == chat_id]

    # -- the Bot API ------------------------------------------------------------------------
    def handle(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Answer one Bot API call as Telegram would: (HTTP status, JSON body)."""
        try:
            with self.lock:
                self.calls.append((method, params))
                failure = self._take_failure(method)
            if failure is not None:
                raise failure
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            return 200, {"ok": True, "result": handler(params)}
        except ApiError as error:
            body: dict[str, Any] = {
                "ok": False,
                "error_code": error.code,
                "description": error.description,
            }
            if error.retry_after is not None:
                body["parameters"] = {"retry_after": error.retry_after}
            return error.code, body

    def _take_failure(self, method: str) -> ApiError | None:
        queue = self.failures.get(method)
        if not queue:
            return None
        code, description, retry_after = queue.popleft()
        if code == 0:
            raise TimedOut()
        default = {
            429: "Too Many Requests: retry later",
            403: "Forbidden: bot was blocked by the user",
        }
        return ApiError(
            code, description or default.get(code, "Internal Server Error"), retry_after
        )

    def _chat_for_send(self, params: dict[str, Any]) -> int:
        chat_id = int(params["chat_id"])
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if self.enforce_limits:
            self._check_limits(chat_id)
        return chat_id

    def _check_limits(self, chat_id: int) -> None:
        now = self.clock()
        window, limit = (60.0, 20) if chat_id < 0 else (1.0, 1)
        chat_times = self._chat_times.setdefault(chat_id, deque())
        for times, span in ((self._send_times, 1.0), (chat_times, window)):
            while times and times[0] <= now - span:
                times.popleft()
        if len(self._send_times) >= 30 or len(chat_times) >= limit:
            self.limit_violations += 1
            raise ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
        self._send_times.append(now)
        chat_times.append(now)

    def _store(
        self, method: str, chat_id: int, text: str, params: dict[str, Any], extra: dict[str, Any]
    ) -> dict[str, Any]:
        buttons = _check_markup(params.get("reply_markup"))
        message_id = self.next_message_id(chat_id)
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": BOT_USER,
            **extra,
        }
        if buttons and "inline_keyboard" in _as_dict(params.get("reply_markup")):
            message["reply_markup"] = {"inline_keyboard": buttons}
        with self.lock:
            self.messages[(chat_id, message_id)] = message
            self.sent.append(Sent(method, chat_id, message_id, text, buttons, params, self.clock()))
        return message

    def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            **BOT_USER,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_for_send(params)
        shown = _check_text(params.get("text"), params.get("parse_mode"), MAX_TEXT)
        return self._store("sendMessage", chat_id, shown, params, {"text": shown})

    def _api_sendDocument(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = self._file_id(params, "document", "doc")
        document = {"file_id": file_id, "file_unique_id": file_id}
        document["file_name"] = params.get("_filename", "file")
        return self._send_media("sendDocument", params, {"document": document})

    def _api_sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = self._file_id(params, "photo", "photo")
        size = {"file_id": file_id, "file_unique_id": file_id, "width": 512, "height": 512}
        return self._send_media("sendPhoto", params, {"photo": [size]})

    def _file_id(self, params: dict[str, Any], field: str, uploaded: str) -> str:
        """A new upload, or the id of a file Telegram already has: others are refused."""
        value = params.get(field)
        if "_content" in params or not isinstance(value, str) or value.startswith("attach://"):
            return uploaded
        if value not in self.files:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        return value

    def _send_media(
        self, method: str, params: dict[str, Any], extra: dict[str, Any]
    ) -> dict[str, Any]:
        chat_id = self._chat_for_send(params)
        caption = params.get("caption")
        shown = (
            _check_text(caption, params.get("parse_mode"), MAX_CAPTION, "caption")
            if caption
            else ""
        )
        if shown:
            extra["caption"] = shown
        return self._store(method, chat_id, shown, params, extra)

    def _api_sendLocation(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_for_send(params)
        lat, lon = float(params["latitude"]), float(params["longitude"])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ApiError(400, "Bad Request: wrong latitude or longitude")
        return self._store(
            "sendLocation", chat_id, "", params, {"location": {"latitude": lat, "longitude": lon}}
        )

    def _api_sendVenue(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_for_send(params)
        if not params.get("title") or not params.get("address"):
            raise ApiError(400, "Bad Request: venue title and address are required")
        location = {"latitude": float(params["latitude"]), "longitude": float(params["longitude"])}
        venue = {"location": location, "title": params["title"], "address": params["address"]}
        text = f"{params['title']}\n{params['address']}"
        return self._store(
            "sendVenue", chat_id, text, params, {"venue": venue, "location": location}
        )

    def _api_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id, message = self._own_message(params)
        shown = _check_text(params.get("text"), params.get("parse_mode"), MAX_TEXT)
        buttons = _check_markup(params.get("reply_markup"))
        old_buttons = message.get("reply_markup", {}).get("inline_keyboard", [])
        if message.get("text") == shown and old_buttons == buttons:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        with self.lock:
            message["text"] = shown
            message["edit_date"] = int(time.time())
            if buttons:
                message["reply_markup"] = {"inline_keyboard": buttons}
            else:
                message.pop("reply_markup", None)
            self.sent.append(
                Sent("editMessageText", chat_id, message["message_id"], shown, buttons, params)
            )
        return message

    def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id, message = self._own_message(params)
        buttons = _check_markup(params.get("reply_markup"))
        with self.lock:
            if buttons:
                message["reply_markup"] = {"inline_keyboard": buttons}
            else:
                message.pop("reply_markup", None)
            self.sent.append(
                Sent(
                    "editMessageReplyMarkup",
                    chat_id,
                    message["message_id"],
                    message.get("text", ""),
                    buttons,
                    params,
                )
            )
        return message

    def _api_deleteMessage(self, params: dict[str, Any]) -> bool:
        _chat_id, message = self._own_message(params)
        with self.lock:
            message["deleted"] = True
        return True

    def _own_message(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        message = self.messages.get((chat_id, message_id))
        if message is None or message.get("deleted"):
            raise ApiError(400, "Bad Request: message to edit not found")
        if message["from"]["id"] != BOT_USER["id"]:
            raise ApiError(400, "Bad Request: message can't be edited")
        return chat_id, message

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        query_id = str(params["callback_query_id"])
        with self.lock:
            if query_id not in self.open_callbacks:
                raise ApiError(
                    400,
                    "Bad Request: query is too old and response timeout expired "
                    "or query ID is invalid",
                )
            self.open_callbacks.discard(query_id)
            if len(params.get("text") or "") > MAX_ALERT:
                raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
            self.callback_answers.append(params)
        return True

    def _api_setMyCommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands") or []
        if not 1 <= len(commands) <= 100:
            raise ApiError(400, "Bad Request: BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not _COMMAND.match(command.get("command", "")):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        with self.lock:
            self.commands[(_scope_key(params.get("scope")), params.get("language_code", ""))] = (
                commands
            )
        return True

    def _api_deleteMyCommands(self, params: dict[str, Any]) -> bool:
        with self.lock:
            self.commands.pop(
                (_scope_key(params.get("scope")), params.get("language_code", "")), None
            )
        return True

    def _api_setMyDescription(self, params: dict[str, Any]) -> bool:
        return self._set_description("description", params, 512)

    def _api_setMyShortDescription(self, params: dict[str, Any]) -> bool:
        return self._set_description("short_description", params, 120)

    def _set_description(self, kind: str, params: dict[str, Any], limit: int) -> bool:
        text = params.get(kind, "")
        if len(text) > limit:
            raise ApiError(400, f"Bad Request: {kind.upper()}_INVALID")
        with self.lock:
            self.descriptions[(kind, params.get("language_code", ""))] = text
        return True

    def _api_sendChatAction(self, params: dict[str, Any]) -> bool:
        self._chat_for_send(params)
        return True

    def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        return True

    def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        return True

    def _api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 2.0)
        with self._updates_ready:
            while self._updates and self._updates[0]["update_id"] < offset:
                self._updates.popleft()  # confirmed by the offset
            while not self._updates and time.monotonic() < deadline:
                self._updates_ready.wait(deadline - time.monotonic())
            return [u for u in self._updates if u["update_id"] >= offset]

    def _api_close(self, params: dict[str, Any]) -> bool:
        return True


def _as_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        return json.loads(value)
    return value or {}


def _scope_key(scope: Any) -> str:
    scope = _as_dict(scope)
    if not scope:
        return "default"
    return ":".join(str(scope[k]) for k in ("type", "chat_id", "user_id") if k in scope)


def decode_params(raw: dict[str, str]) -> dict[str, Any]:
    """Bot API parameters as python-telegram-bot encodes them (JSON, strings left raw)."""
    decoded: dict[str, Any] = {}
    for name, value in raw.items():
        if name in _STRING_PARAMS:
            decoded[name] = value
            continue
        try:
            decoded[name] = json.loads(value)
        except (TypeError, ValueError):
            decoded[name] = value
    return decoded


class FakeBotApi(BaseRequest):
    """The fake as a request object: python-telegram-bot talks to it without a network."""

    def __init__(self, telegram: FakeTelegram | None = None) -> None:
        self.telegram = telegram or FakeTelegram()

    @property
    def read_timeout(self) -> float:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **_: Any
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = decode_params(request_data.json_parameters if request_data else {})
        if request_data and request_data.contains_files:
            for _field, (filename, content, _mime) in request_data.multipart_data.items():
                params["_filename"], params["_content"] = filename, content
        status, body = self.telegram.handle(name, params)
        return status, json.dumps(body).encode()
