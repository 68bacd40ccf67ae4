"""Screenshots of the Prefect UI after real runs, to check the artifacts read at 1,400 px.

    python -m tools.screenshots [--out docs/screenshots] [--chromium chromium]

Starts ``prefect server start`` on a loopback port with its own home, runs ``presswash run``
twice on a small drop folder holding a bad capture (the first run ends Failed with its
one-line message; the second ends Completed, listing the known failure), then takes
headless-Chromium screenshots (1,400 px wide) of the flow-run pages and the artifacts.
Needs Debian's ``chromium`` package. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WIDTH = 1400
STARTUP_SECONDS = 180
PRESSWASH = str(Path(sys.executable).with_name("presswash"))
PREFECT = str(Path(sys.executable).with_name("prefect"))
INVENTED_STORY = (
    "Harbour ferry returns after winter repairs\n\n"
    "By A. Writer\n\n"
    "The harbour ferry resumed its crossings on Monday after three months in dry dock.\n\n"
    "Engineers replaced both propeller shafts and rebuilt the passenger deck, the operator said.\n\n"
    "Read more: Bridge works delayed\n\n"
    "© 2024 Example Harbour News\n"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthy(api: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api}/health", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def drop_folder(root: Path) -> Path:
    """The seeds, two invented stories in a section folder, and one capture that is binary data."""
    drop = root / "drop"
    (drop / "local-news").mkdir(parents=True)
    for seed in sorted((ROOT / "fixtures" / "seeds").glob("*.txt")):
        shutil.copy(seed, drop / seed.name)
    (drop / "local-news" / "harbour-ferry-returns-after-winter-repairs.txt").write_text(INVENTED_STORY, "utf-8")
    (drop / "local-news" / "empty-page.txt").write_text("", "utf-8")
    shutil.copy(ROOT / "fixtures" / "bad" / "captures" / "binary-named.txt", drop / "scanned-attachment.txt")
    return drop


def run(drop: Path, out: Path, env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [PRESSWASH, "run", str(drop), "--out", str(out), "--batch-size", "3"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    print(f"presswash run: exit {done.returncode}: {done.stdout.strip().splitlines()[0]}")
    return dict(json.loads((out / ".presswash" / "manifest.json").read_text("utf-8")))


def artifact_ids(api: str, flow_run_id: str) -> dict[str, str]:
    body = json.dumps({"artifacts": {"flow_run_id": {"any_": [flow_run_id]}}}).encode()
    request = urllib.request.Request(
        f"{api}/artifacts/filter", data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return {a["key"]: a["id"] for a in json.loads(response.read()) if a.get("key")}


def shoot(chromium: str, url: str, path: Path, height: int) -> None:
    """One headless-Chromium screenshot of ``url``, ``WIDTH`` px wide."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--window-size={WIDTH},{height}",
                "--virtual-time-budget=15000",
                f"--screenshot={path}",
                url,
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {path.stat().st_size // 1024} KB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        port = free_port()
        ui, api = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port}/api"
        env = {
            **os.environ,
            "PREFECT_HOME": str(root / "home"),
            "DO_NOT_TRACK": "1",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_SERVER_UI_API_URL": api,  # the UI asks this server, not the default port
        }
        log = (root / "server.log").open("wb")
        server = subprocess.Popen(
            [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while not healthy(api):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"prefect server did not start; see {root / 'server.log'}")
                time.sleep(1)
            env["PREFECT_API_URL"] = api
            drop, out = drop_folder(root), root / "out"
            failed = run(drop, out, env)
            completed = run(drop, out, env)
            first, second = failed["flow_run"]["id"], completed["flow_run"]["id"]
            shoot(args.chromium, f"{ui}/runs/flow-run/{first}", args.out / "flow-run-failed.png", 900)
            shoot(args.chromium, f"{ui}/runs/flow-run/{second}", args.out / "flow-run-completed.png", 900)
            keys = artifact_ids(api, first)
            for kind, height in (("captures", 900), ("summary", 1600), ("progress", 600)):
                key = next(k for k in keys if k.startswith(f"presswash-{kind}-"))
                shoot(args.chromium, f"{ui}/artifacts/artifact/{keys[key]}", args.out / f"artifact-{kind}.png", height)
            known = artifact_ids(api, second)
            key = next(k for k in known if k.startswith("presswash-captures-"))
            shoot(args.chromium, f"{ui}/artifacts/artifact/{known[key]}", args.out / "artifact-captures-known.png", 900)
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
