"""``tiesim demo`` stops its server on SIGTERM, not only on Ctrl-C."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_sigterm_stops_the_demo_server(tmp_path):
    pytest.importorskip("solara")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tiesim", "demo", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    try:
        deadline = time.monotonic() + 90
        while not port_open(port):
            assert proc.poll() is None and time.monotonic() < deadline, "the demo did not start"
            time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 128 + signal.SIGTERM
        deadline = time.monotonic() + 10
        while port_open(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not port_open(port)  # before: the server kept serving after tiesim died
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
