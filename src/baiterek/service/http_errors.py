"""Error responses: every error is ``{"error": {kind, message, field, value, allowed}}``, the
CLI's structure; a user mistake is 422, an unexpected failure a logged 500 with a generic body
(no stack trace, no exception text ever reaches a client)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from baiterek.errors import BaiterekError, InfeasibleError, InputError

log = logging.getLogger("baiterek.service.errors")

_KINDS = {401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 405: "MethodNotAllowed",
          413: "ContentTooLarge", 429: "TooManyJobs"}  # fmt: skip


class ServiceError(Exception):
    """An HTTP error with the CLI's error structure (raised by routes)."""

    def __init__(self, status: int, message: str, field: str | None = None,
                 value: Any = None, allowed: str | None = None) -> None:  # fmt: skip
        super().__init__(message)
        self.status, self.message = status, message
        self.field, self.value, self.allowed = field, value, allowed

    def body(self) -> dict[str, Any]:
        return error_body(_KINDS.get(self.status, "Error"), self.message, self.field,
                          self.value, self.allowed)  # fmt: skip


def error_body(kind: str, message: str, field: str | None = None, value: Any = None,
               allowed: str | None = None) -> dict[str, Any]:  # fmt: skip
    return {"error": {"kind": kind, "message": message, "field": field,
                      "value": _plain(value), "allowed": allowed}}  # fmt: skip


def _plain(v: Any) -> Any:
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v if not isinstance(v, str) else v[:200]
    return repr(v)[:200]


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "body"


async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
    errs = exc.errors()
    first = errs[0] if errs else {"loc": ("body",), "msg": "invalid request"}
    field = _field(tuple(first.get("loc", ())))
    body = error_body("InputError", f"{field}: {first.get('msg', 'invalid')}", field,
                      first.get("input"), str(first.get("msg", "")))  # fmt: skip
    body["error"]["errors"] = [
        {"field": _field(tuple(e.get("loc", ()))), "allowed": str(e.get("msg", ""))}
        for e in errs[:20]
    ]
    return JSONResponse(body, status_code=422)


async def _baiterek(_: Request, exc: Exception) -> JSONResponse:
    from baiterek.service.book.access import AccessDeniedError, NotFoundError

    if isinstance(exc, NotFoundError):
        d = exc.to_dict()
        return JSONResponse(error_body("NotFound", str(exc), d["field"], d["value"],
                                       d["allowed"]), status_code=404)  # fmt: skip
    if isinstance(exc, AccessDeniedError):
        return JSONResponse(error_body("Forbidden", str(exc), "role", exc.role,
                                       " or ".join(exc.allowed_roles)), status_code=403)  # fmt: skip
    if isinstance(exc, InputError):
        d = exc.to_dict()
        return JSONResponse(error_body("InputError", str(exc), d["field"], d["value"],
                                       d["allowed"]), status_code=422)  # fmt: skip
    if isinstance(exc, InfeasibleError):
        body = error_body("InfeasibleError", str(exc))
        body["error"]["limit"] = exc.to_dict()["limit"]
        return JSONResponse(body, status_code=422)
    return JSONResponse(error_body(type(exc).__name__, str(exc)), status_code=422)


async def _service(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ServiceError)
    return JSONResponse(exc.body(), status_code=exc.status)


async def _http(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = exc.status_code
    if code == 400:  # a body that is not JSON (or not UTF-8): a user mistake like any other
        return JSONResponse(error_body("InputError", "body: not a JSON document", "body", None,
                                       "a JSON object (UTF-8)"), status_code=422)  # fmt: skip
    msg = {404: "no such path", 405: "method not allowed", 413: "request body too large"}.get(
        code, str(exc.detail)
    )
    allowed = f"at most {_limit()} bytes" if code == 413 else None
    field = "body" if code == 413 else None
    return JSONResponse(error_body(_KINDS.get(code, "Error"), msg, field, None, allowed),
                        status_code=code, headers=getattr(exc, "headers", None))  # fmt: skip


def _limit() -> int:
    from baiterek.service.limits import MAX_BODY_BYTES

    return MAX_BODY_BYTES


async def _internal(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled error", exc_info=exc,
              extra={"method": request.method, "path": request.url.path})  # fmt: skip
    return JSONResponse(error_body("InternalError", "internal error (logged)"), status_code=500)


class BodyLimit:
    """Refuse a body over the limit with the JSON 413: by its declared Content-Length at once,
    or, for a streamed body without one, after reading at most the limit (such bodies are
    buffered here, at most ``max_body_size`` bytes, then replayed to the app)."""

    def __init__(self, app: ASGIApp, max_body_size: int) -> None:
        self.app, self.max_body_size = app, max_body_size

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = error_body("ContentTooLarge", "request body too large", "body",
                          None, f"at most {self.max_body_size} bytes")  # fmt: skip
        await JSONResponse(body, status_code=413)(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_body_size
            except ValueError:
                too_big = True
            if too_big:
                await self._too_large(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, receive, send)  # a disconnect: let the app see it
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_body_size:
                await self._too_large(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def install(app: FastAPI) -> None:
    """Register the handlers on the app."""
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(BaiterekError, _baiterek)
    app.add_exception_handler(ServiceError, _service)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _internal)
