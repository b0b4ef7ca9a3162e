"""The TUI's error boundary: a bad input or a failing action becomes a notification, never a traceback."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from wargame.engine.wording import counted

F = TypeVar("F", bound=Callable[..., Any])

log = logging.getLogger("wargame.tui")


def explain(error: BaseException) -> str:
    """A one-line message for a player, from any exception."""
    reason = getattr(error, "reason", None)
    text = str(reason or error).strip() or type(error).__name__
    first = text.splitlines()[0]
    more = len(text.splitlines()) - 1
    return first + (f" (and {counted(more, 'more line')})" if more > 0 else "")


def report(target: Any, error: BaseException, title: str = "Something went wrong") -> None:
    """Show ``error`` as a notification from a widget, screen or app, and remember it on the app."""
    app = getattr(target, "app", target)
    log.exception("TUI error", exc_info=error)
    errors = getattr(app, "errors", None)
    if isinstance(errors, list):
        errors.append(error)
    try:
        app.notify(explain(error), title=title, severity="error", timeout=8)
    except Exception:  # pragma: no cover - the app is already gone
        log.exception("could not notify")


def guarded(method: F) -> F:
    """Wrap an action or message handler so that any exception is reported and the game goes on."""
    if inspect.iscoroutinefunction(method):
        @functools.wraps(method)
        async def run_async(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return await method(self, *args, **kwargs)
            except Exception as error:
                report(self, error)
                return None
        return run_async  # type: ignore[return-value]

    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as error:
            report(self, error)
            return None
    return run  # type: ignore[return-value]


def safely(target: Any, callback: Callable[..., Any]) -> Callable[..., Any]:
    """``callback`` with the same boundary, for callbacks handed to ``push_screen`` and timers."""

    def run(*args: Any) -> Any:
        try:
            return callback(*args)
        except Exception as error:
            report(target, error)
            return None

    return run
