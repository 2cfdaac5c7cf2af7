"""What the batch page tests share: waiting for a job started through the page to end."""
from __future__ import annotations

import time


def wait_done(client, job_url: str) -> dict:
    """The job's final status (polled from its status URL); gives up after 120 s so a broken worker cannot hang
    the suite."""
    deadline = time.monotonic() + 120
    while True:
        status = client.get(f"{job_url}/status").get_json()
        if status["state"] not in ("queued", "running") or time.monotonic() > deadline:
            return status
        time.sleep(0.05)
