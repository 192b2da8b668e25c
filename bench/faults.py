#!/usr/bin/env python3
"""Fault proofs (commands, not tests): run by bench/faults.sh, which builds and seeds.

  faults.py crash  PORTAL DB_URL IDS    submits under load while the portal is killed with
                                        SIGKILL several times and restarted; then checks that
                                        every submit a client saw accepted is stored with all
                                        its rows and that all its mail reached the SMTP server.
  faults.py outage PORTAL DB_URL IDS    the relay is down while reports are submitted, then
                                        comes back: every email is delivered once it does.
  faults.py flaky  PORTAL DB_URL IDS    the relay answers 451 to every 4th message and drops
                                        the connection on every 7th: every email is delivered.
  faults.py dead   PORTAL DB_URL IDS    the relay never accepts and max_attempts is 3: the
                                        messages end `dead`, with their last error.

The SMTP server is aiosmtpd, in this process, on loopback. DB_URL is sqlite://FILE or a
postgres:// URL (read with psql). IDS holds "draft-id csrf-token" lines (asb-bench-bare seed).
Each run prints RESULT lines and exits non-zero when a check fails.
"""

import asyncio
import email
import hashlib
import http.client
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def draft_key(draft_id):
    """The portal's storage::draft_key: what drafts.id and reports.draft_id hold."""
    return hashlib.sha256(f"asb-portal draft {draft_id}".encode()).hexdigest()


# --- the database ---------------------------------------------------------------------------

def query(db_url, sql):
    """Rows of `sql` as tuples of text."""
    if db_url.startswith("sqlite://"):
        conn = sqlite3.connect(db_url[len("sqlite://"):], timeout=30)
        try:
            return [tuple("" if v is None else str(v) for v in row) for row in conn.execute(sql)]
        finally:
            conn.close()
    out = subprocess.run(["psql", "-X", "-At", "-F", "\t", db_url, "-c", sql],
                         check=True, capture_output=True, text=True).stdout
    return [tuple(line.split("\t")) for line in out.splitlines() if line]


# --- the relay ------------------------------------------------------------------------------

class Relay:
    """An SMTP server on loopback that records each Message-ID it accepts. `refuse_every` and
    `drop_every` make it flaky; `accepting = False` makes it refuse everything (451)."""

    def __init__(self, refuse_every=0, drop_every=0):
        self.refuse_every, self.drop_every = refuse_every, drop_every
        self.accepting = True
        self.seen = 0
        self.received = []  # Message-IDs, duplicates included
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.seen += 1
            n = self.seen
        if not self.accepting:
            return "451 4.3.0 Relay unavailable, try again later"
        if self.drop_every and n % self.drop_every == 0:
            server.transport.close()  # the connection drops before the reply
            return "421 4.4.2 Connection dropped"
        if self.refuse_every and n % self.refuse_every == 0:
            return "451 4.3.0 Try again later"
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.received.append(message["Message-ID"].strip())
        return "250 OK"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


# --- the portal -----------------------------------------------------------------------------

class Portal:
    def __init__(self, binary, db_url, relay_port, work, max_attempts=50):
        self.binary, self.db_url, self.work = binary, db_url, work
        self.config = os.path.join(work, "faults.toml")
        with open(self.config, "w") as f:
            # A crashed worker's claim is taken up when its lease runs out: 20 messages times
            # the SMTP timeout, plus a minute (160 s here; 260 s on the defaults).
            f.write(f'[smtp]\nhost = "127.0.0.1"\nport = {relay_port}\nsecurity = "none"\n'
                    f"timeout_seconds = 5\n\n"
                    f"[outbox]\nbase_delay_ms = 200\nmax_delay_ms = 1000\npoll_interval_ms = 100\n"
                    f"max_attempts = {max_attempts}\n\n[limits]\nposts_per_minute = 0\n")
        self.process = None
        self.port = None

    def start(self):
        self.port = free_port()
        env = dict(os.environ, ASB_CONFIG=self.config, ASB_DATABASE_URL=self.db_url,
                   ASB_MAIL_DIR=os.path.join(self.work, "mail"), RUST_LOG="warn",
                   LEPTOS_SITE_ADDR=f"127.0.0.1:{self.port}",
                   LEPTOS_SITE_ROOT=os.environ.get("LEPTOS_SITE_ROOT", "target/site"))
        log = open(os.path.join(self.work, "portal.log"), "a")
        self.process = subprocess.Popen([self.binary], env=env, stdout=log, stderr=log)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/health")
                if conn.getresponse().status in (200, 503):
                    return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("the portal did not start: see portal.log")

    def kill(self):
        self.process.kill()  # SIGKILL: no graceful shutdown
        self.process.wait()

    def stop(self):
        self.process.terminate()
        self.process.wait()


def submit(port, draft_id, token):
    """POSTs the final submit as the draft's browser would; whether it was accepted (303)."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("POST", "/report/submit", body=f"version=1&csrf={token}".encode(), headers={
            "Cookie": f"asb_draft={draft_id}",
            "Content-Type": "application/x-www-form-urlencoded",
        })
        return conn.getresponse().status == 303
    except OSError:
        return False


def submit_all(port, drafts, accepted, stop, workers=16):
    """Submits `drafts` from `workers` threads until done or `stop` is set."""
    queue = list(drafts)
    lock = threading.Lock()

    def work():
        while not stop.is_set():
            with lock:
                if not queue:
                    return
                draft_id, token = queue.pop()
            if submit(port, draft_id, token):
                with lock:
                    accepted.add(draft_id)

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for t in threads:
        t.start()
    return threads


def read_ids(path):
    return [tuple(line.split()) for line in open(path) if line.strip()]


def wait_until(what, check, seconds=120, progress=lambda: ""):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    print(f"FAIL timed out waiting for {what} {progress()}")
    raise SystemExit(1)


def stored_messages(db_url, accepted):
    """Message-IDs and states of the outbox rows of the accepted drafts' reports, and how many
    of those reports have every row a submit writes."""
    keys = ",".join(f"'{draft_key(d)}'" for d in accepted) or "''"
    complete = query(db_url, f"""
        SELECT count(*) FROM reports r WHERE r.draft_id IN ({keys})
        AND EXISTS (SELECT 1 FROM consents c WHERE c.report_id = r.id)
        AND EXISTS (SELECT 1 FROM routing_decisions d WHERE d.report_id = r.id)
        AND (SELECT count(*) FROM outbox o WHERE o.report_id = r.id) = 3""")[0][0]
    # The outbox holds each Message-ID as its header carries it (`<…@…>`).
    messages = query(db_url, f"""
        SELECT o.message_id, o.status FROM outbox o JOIN reports r ON r.id = o.report_id
        WHERE r.draft_id IN ({keys})""")
    return int(complete), messages


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message)
    return condition


def check_delivered(db_url, relay, accepted):
    complete, messages = stored_messages(db_url, accepted)
    ok = check(complete == len(accepted),
               f"{complete} of {len(accepted)} accepted reports stored with all their rows")
    wanted = {m for m, _ in messages}
    started = time.time()
    wait_until(f"every one of {len(wanted)} emails to reach the relay",
               lambda: wanted <= set(relay.received), 600,
               lambda: f"{len(wanted - set(relay.received))} not received, e.g. "
                       f"{sorted(wanted - set(relay.received))[:2]}; received e.g. {relay.received[:2]}")
    print(f"     delivered in {time.time() - started:.1f} s after the last submit")
    received = [m for m in relay.received if m in wanted]
    duplicates = len(received) - len(set(received))
    ok &= check(wanted <= set(received), f"all {len(wanted)} emails reached the relay")
    known = {m for (m,) in query(db_url, "SELECT message_id FROM outbox")}
    strangers = set(relay.received) - known
    ok &= check(not strangers, f"no email but the outbox's; {duplicates} delivered twice, "
                "each again with its own Message-ID")
    return ok, len(wanted), duplicates


# --- the runs -------------------------------------------------------------------------------

def crash(binary, db_url, ids, work, kills=5):
    relay = Relay()
    relay.start()
    portal = Portal(binary, db_url, relay.port, work)
    accepted = set()
    remaining = read_ids(ids)[:600]
    for round_ in range(kills + 1):
        portal.start()
        stop = threading.Event()
        threads = submit_all(portal.port, remaining, accepted, stop)
        if round_ < kills:
            time.sleep(random.uniform(0.5, 1.5))
            portal.kill()  # mid-run: submits in flight, a batch being committed, mail in hand
            stop.set()
        for t in threads:
            t.join()
        if round_ < kills:
            # A resident who saw no answer presses Submit again: the same draft, idempotent.
            remaining = [(d, t) for d, t in remaining if d not in accepted]
    ok, emails, duplicates = check_delivered(db_url, relay, accepted)
    portal.stop()
    relay.stop()
    print(f"RESULT crash kills={kills} accepted={len(accepted)} emails={emails} "
          f"duplicates={duplicates} lost=0" if ok else "RESULT crash FAILED")
    return ok


def outage(binary, db_url, ids, work):
    relay = Relay()
    relay.accepting = False
    relay.start()
    portal = Portal(binary, db_url, relay.port, work)
    portal.start()
    accepted = set()
    drafts = read_ids(ids)[:200]
    for t in submit_all(portal.port, drafts, accepted, threading.Event()):
        t.join()
    time.sleep(5)  # the relay refuses for a while: every message is retried
    retried = int(query(db_url, "SELECT count(*) FROM outbox WHERE attempts > 0 AND status = 'pending'")[0][0])
    ok = check(retried > 0 and not relay.received, f"relay down: {retried} messages retried so far, every message still waiting")
    relay.accepting = True
    delivered_ok, emails, duplicates = check_delivered(db_url, relay, accepted)
    portal.stop()
    relay.stop()
    ok &= delivered_ok
    print(f"RESULT outage accepted={len(accepted)} emails={emails} delivered_after_recovery={emails} "
          f"duplicates={duplicates}" if ok else "RESULT outage FAILED")
    return ok


def flaky(binary, db_url, ids, work):
    relay = Relay(refuse_every=4, drop_every=7)
    relay.start()
    portal = Portal(binary, db_url, relay.port, work)
    portal.start()
    accepted = set()
    for t in submit_all(portal.port, read_ids(ids)[:200], accepted, threading.Event()):
        t.join()
    ok, emails, duplicates = check_delivered(db_url, relay, accepted)
    portal.stop()
    relay.stop()
    print(f"RESULT flaky refused_every=4 dropped_every=7 accepted={len(accepted)} emails={emails} "
          f"attempts={relay.seen} duplicates={duplicates}" if ok else "RESULT flaky FAILED")
    return ok


def dead(binary, db_url, ids, work):
    relay = Relay()
    relay.accepting = False
    relay.start()
    portal = Portal(binary, db_url, relay.port, work, max_attempts=3)
    portal.start()
    accepted = set()
    for t in submit_all(portal.port, read_ids(ids)[:20], accepted, threading.Event()):
        t.join()
    expected = len(accepted) * 3
    rows = wait_until("every message to be dead", lambda: (
        lambda r: r if len(r) == expected else None)(
        query(db_url, "SELECT attempts, last_error FROM outbox WHERE status = 'dead'")), 120)
    ok = check(all(a == "3" for a, _ in rows), f"{len(rows)} messages dead after 3 attempts")
    ok &= check(all("451" in e for _, e in rows), "each with the relay's last answer")
    portal.stop()
    relay.stop()
    print(f"RESULT dead max_attempts=3 dead={len(rows)} of {expected}" if ok else "RESULT dead FAILED")
    return ok


if __name__ == "__main__":
    run, binary, db_url, ids = sys.argv[1:5]
    work = tempfile.mkdtemp(prefix=f"asb-faults-{run}-")
    ok = {"crash": crash, "outage": outage, "flaky": flaky, "dead": dead}[run](binary, db_url, ids, work)
    sys.exit(0 if ok else 1)
