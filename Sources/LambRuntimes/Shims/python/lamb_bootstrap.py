"""Lamb's bootstrap for Python functions.

Started by Lamb as  <python3.X> <shimdir>/lamb_bootstrap.py [handler]
with cwd = the function's code directory. The handler comes from argv[1] if given, else from
$_HANDLER; the Runtime API address from $AWS_LAMBDA_RUNTIME_API (host:port, no scheme).

This file is kept tiny on purpose: Python never caches the bytecode of a script it runs, but it
does cache imported modules, so the runtime itself lives in _lamb_runtime.py next to it.
"""

import sys

if __name__ == "__main__":
    from os.path import dirname, realpath

    _shim_dir = dirname(realpath(__file__))
    if not sys.path or sys.path[0] != _shim_dir:
        sys.path.insert(0, _shim_dir)
    import _lamb_runtime

    _lamb_runtime.main(sys.argv, _shim_dir)
