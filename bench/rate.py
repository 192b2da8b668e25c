"""Open-loop load at a fixed rate: POST the final submit RATE times a second for SECONDS,
each with a fresh draft id, and report latency percentiles measured from each request's
scheduled start (so a slow server cannot hide its queueing delay). Standard library only.

usage: python3 bench/rate.py BASE_URL IDS_FILE RATE SECONDS
"""
import http.client
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse


def main():
    base, ids_file, rate, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
    url = urlparse(base)
    # Each line: a draft id and the CSRF token its forms carry.
    ids = [line.split() for line in open(ids_file) if line.strip()]
    total = int(rate * seconds)
    if total > len(ids):
        sys.exit(f"need {total} draft ids, have {len(ids)}")
    latencies, failures = [], []
    lock = threading.Lock()
    local = threading.local()

    def submit(draft, scheduled):
        draft_id, token = draft
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        try:
            local.conn.request("POST", "/report/submit", body=f"version=1&csrf={token}".encode(), headers={
                "Cookie": f"asb_draft={draft_id}",
                "Content-Type": "application/x-www-form-urlencoded",
            })
            response = local.conn.getresponse()
            response.read()
            ok = response.status == 303
        except Exception:
            local.conn.close()
            del local.conn
            ok = False
        elapsed = time.perf_counter() - scheduled
        with lock:
            (latencies if ok else failures).append(elapsed)

    start = time.perf_counter() + 0.2
    with ThreadPoolExecutor(max_workers=64) as pool:
        for n in range(total):
            scheduled = start + n / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(submit, ids[n], scheduled)
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000

    print(f"RESULT rate={rate:.0f}/s requests={len(latencies)} failures={len(failures)} "
          f"p50_ms={pct(0.50):.1f} p99_ms={pct(0.99):.1f} max_ms={latencies[-1] * 1000:.1f}")


if __name__ == "__main__":
    main()
