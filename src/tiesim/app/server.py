"""Start and stop the classroom page's server (``solara run`` on :mod:`tiesim.app.app`).

The server runs as a child process so it can be stopped cleanly, by its process id.  It never
opens a browser, never asks the internet for a newer Solara, and sends no telemetry: the page
must work in a classroom with no internet (see the offline note in the README).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tiesim.app.demo_model import CONFIG_ENV
from tiesim.errors import TiesimError

APP_MODULE = "tiesim.app.app"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def check_port(port: int) -> int:
    """``port`` if it is a TCP port number, else a :class:`TiesimError`."""
    if not 0 <= port <= 65535:
        raise TiesimError(f"--port must be a port number in [0, 65535] (got {port})")
    return port


def server_command(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> list[str]:
    """The ``solara run`` command line for the page."""
    check_port(port)
    return [
        sys.executable,
        "-m",
        "solara",
        "run",
        APP_MODULE,
        "--host",
        host,
        "--port",
        str(port),
        "--no-open",
        "--no-check-version",
        "--production",
        "--log-level",
        "warning",
    ]


def server_env(config: str | Path | None = None) -> dict[str, str]:
    """The child's environment: ours, plus the config path; Solara's telemetry and banner off."""
    env = dict(os.environ)
    env.pop(CONFIG_ENV, None)
    if config is not None:
        env[CONFIG_ENV] = str(Path(config).resolve())
    env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"
    env["SOLARA_THEME_SHOW_BANNER"] = "False"  # its corner banner would cover the page
    env["SOLARA_THEME_TITLE"] = "tiesim: the strength of weak ties"  # the browser tab
    return env


def start_server(
    config: str | Path | None = None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    **popen_kwargs,
) -> subprocess.Popen:
    """Start the page's server in a child process; stop it with :func:`stop_server`."""
    return subprocess.Popen(server_command(host, port), env=server_env(config), **popen_kwargs)


def stop_server(process: subprocess.Popen, timeout: float = 10.0) -> int:
    """Stop the server: terminate, and kill it if it has not ended within ``timeout`` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def serve(
    config: str | Path | None = None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT
) -> int:
    """Run the server until it ends or Ctrl-C; returns its exit code (0 after Ctrl-C)."""
    process = start_server(config, host, port)
    print(f"tiesim demo: serving on http://{host}:{port}/ (Ctrl-C to stop)", file=sys.stderr)
    try:
        return process.wait()
    except KeyboardInterrupt:
        stop_server(process)
        return 0
