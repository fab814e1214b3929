"""SnapStart runtime hooks, as the `snapshot-restore-py` package that Lambda's Python runtime bundles.

Register functions to run before Lamb keeps the initialised runtime as a snapshot template, and after each
environment restored from it starts. Both work as decorators or as calls with arguments:

    @register_before_snapshot
    def close_connections(): ...

    register_after_restore(reseed, seed_source)

Before-snapshot hooks run in reverse registration order, after-restore hooks in registration order.
"""

_before_snapshot = []
_after_restore = []


def register_before_snapshot(func, *args, **kwargs):
    _before_snapshot.append((func, args, kwargs))
    return func


def register_after_restore(func, *args, **kwargs):
    _after_restore.append((func, args, kwargs))
    return func


def get_before_snapshot():
    return _before_snapshot


def get_after_restore():
    return _after_restore
