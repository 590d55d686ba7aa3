"""A throw-away unit (a copy of the reference fixture) and the real `pio web` serving it."""
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

UNIT_NAME = "pioleader"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Unit:
    """DOT_PIOREACTOR and RUN_PIOREACTOR folders, and the server process on them."""

    def __init__(self, pio, fixture, work=None, dot=None):
        self.pio = pio
        self.work = work or tempfile.mkdtemp(prefix="pio-faults.")
        os.makedirs(self.work, exist_ok=True)
        self.dot = dot or os.path.join(self.work, "dot")
        self.run = os.path.join(self.work, "run")
        self.log_path = os.path.join(self.work, "server.log")
        if os.path.exists(self.dot):
            shutil.rmtree(self.dot)
        shutil.copytree(fixture, self.dot, symlinks=True)
        for root, dirs, files in os.walk(self.dot):
            for name in dirs + files:
                path = os.path.join(root, name)
                os.chmod(path, os.stat(path).st_mode | 0o200)
        os.chmod(self.dot, os.stat(self.dot).st_mode | 0o200)
        os.makedirs(self.run, exist_ok=True)
        self._point_storage_here()
        self.port = free_port()
        self.process = None
        self.jobs = []

    def _point_storage_here(self):
        """The fixture names Pi paths in [storage]; use our folders whatever this machine has."""
        config = os.path.join(self.dot, "config.ini")
        with open(config, encoding="utf-8") as f:
            text = f.read()
        wanted = {
            "temporary_cache": os.path.join(self.run, "cache", "local_intermittent_pioreactor_metadata.sqlite"),
            "persistent_cache": os.path.join(self.dot, "storage", "local_persistent_pioreactor_metadata.sqlite"),
            "database": os.path.join(self.dot, "storage", "pioreactor.sqlite"),
        }
        for key, value in wanted.items():
            text = re.sub(rf"(?m)^{key}=.*$", f"{key}={value}", text)
        with open(config, "w", encoding="utf-8") as f:
            f.write(text)

    def env(self, **extra):
        env = dict(os.environ)
        env.update(DOT_PIOREACTOR=self.dot, RUN_PIOREACTOR=self.run, PIO_UNIT_NAME=UNIT_NAME, TESTING="1",
                   PIO_SYSTEM_ACTIONS="dry-run", PIO_EXECUTABLE="/bin/false")
        env.update(extra)
        return env

    # -- the server --------------------------------------------------------------------------

    def start(self, timeout=30, **extra_env):
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [self.pio, "web", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env(**extra_env), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                if request(self.port, "GET", "/unit_api/health", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server did not answer /unit_api/health within {timeout} s:\n{self.log_tail()}")

    def kill9(self):
        """SIGKILL: no shutdown hook runs, in-flight writes stop where they are."""
        pid = self.process.pid
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None
        return pid

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def log_tail(self, lines=40):
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""

    # -- jobs --------------------------------------------------------------------------------

    def start_job(self, name, *args, **env):
        log = open(os.path.join(self.work, f"job-{name}.log"), "ab")
        process = subprocess.Popen([self.pio, "run", name, *args], env=self.env(**env), stdout=log,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        self.jobs.append((name, process))
        return process

    def stop_jobs(self):
        for _, process in self.jobs:
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 10
        for _, process in self.jobs:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        self.jobs = []

    def close(self, keep=False):
        self.stop_jobs()
        self.stop()
        if not keep:
            shutil.rmtree(self.work, ignore_errors=True)


def request(port, method, path, body=None, timeout=10):
    """One request on a fresh connection: (status, parsed JSON or raw text)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        return send(connection, method, path, body)
    finally:
        connection.close()


def send(connection, method, path, body=None):
    """One request on `connection` (kept alive): (status, parsed JSON or raw text)."""
    headers = {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    connection.request(method, path, body=data, headers=headers)
    response = connection.getresponse()
    raw = response.read()
    if response.getheader("Content-Type", "").startswith("application/json"):
        try:
            return response.status, json.loads(raw)
        except ValueError:
            pass
    return response.status, raw.decode("utf-8", "replace")
