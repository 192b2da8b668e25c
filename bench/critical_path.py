#!/usr/bin/env python3
"""Critical path per page type: the bytes a browser with an empty cache fetches before it can
show the page, as sent (gzip), and whether the page loads any wasm.

    bench/critical_path.py BASE_URL IDS_FILE

IDS_FILE holds seeded complete drafts (`asb-bench-bare seed`), one "draft-id csrf-token" a
line; the first is used for the journey's own pages and submitted to reach the confirmation.
For each page type the script fetches the page, then every style sheet, script and module it
names, and every module those import (GOV.UK Frontend's start-up module imports the library),
and prints one RESULT line. A page with an island would name the islands' loader and wasm;
a page that names none loads no wasm.
"""

import re
import sys
import urllib.parse
import urllib.request

BASE, IDS = sys.argv[1], sys.argv[2]
DRAFT, TOKEN = open(IDS).readline().split()


def fetch(path, cookie=None, data=None):
    """The body as sent (gzip when the server compresses it) and as read (decompressed)."""
    headers = {"Accept-Encoding": "gzip"}
    if cookie:
        headers["Cookie"] = cookie
    request = urllib.request.Request(urllib.parse.urljoin(BASE, path), data=data, headers=headers)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(request)
    except urllib.error.HTTPError as error:  # 303s and 404s are answers too
        response = error
    sent = response.read()
    body = sent
    if response.headers.get("Content-Encoding") == "gzip":
        import gzip

        body = gzip.decompress(sent)
    return response.status, len(sent), body.decode("utf-8", "replace")


TAG = re.compile(r"<(link|script)\b([^>]*)>")
ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')
IMPORT = re.compile(r'(?:import\s*(?:[^"\']*from\s*)?|import\()\s*["\']([^"\']+)["\']')


def assets_of(html):
    found = []
    for tag, attributes in TAG.findall(html):
        attributes = dict(ATTRIBUTE.findall(attributes))
        if tag == "link" and attributes.get("rel") in ("stylesheet", "modulepreload"):
            found.append(attributes["href"])
        elif tag == "script" and "src" in attributes:
            found.append(attributes["src"])
    # An inline module's imports (the nonce'd start-up script, if any).
    for script in re.findall(r"<script[^>]*>(.*?)</script>", html, re.S):
        found.extend(IMPORT.findall(script))
    return found


def critical_path(name, path, cookie=None):
    status, html_bytes, html = fetch(path, cookie)
    sizes = {"css": 0, "js": 0, "wasm": 0}
    seen, queue = set(), [urllib.parse.urljoin(path, a) for a in assets_of(html)]
    while queue:
        asset = queue.pop()
        if asset in seen:
            continue
        seen.add(asset)
        _, sent, body = fetch(asset)
        # Fingerprinted files carry their hash in the query: the path says what they are.
        file = urllib.parse.urlparse(asset).path
        kind = "css" if file.endswith(".css") else "wasm" if file.endswith(".wasm") else "js"
        sizes[kind] += sent
        if kind == "js":
            queue.extend(urllib.parse.urljoin(asset, a) for a in IMPORT.findall(body))
            # A wasm-bindgen loader names its wasm beside it.
            queue.extend(urllib.parse.urljoin(asset, w) for w in re.findall(r'["\']([^"\']+\.wasm)["\']', body))
    total = html_bytes + sum(sizes.values())
    print(
        f"RESULT critical-path page={name} status={status} html={html_bytes} css={sizes['css']} "
        f"js={sizes['js']} wasm={sizes['wasm']} total={total} files={1 + len(seen)}"
    )


draft = f"asb_draft={DRAFT}"
critical_path("report-start", "/report")
critical_path("question", "/report/category", draft)
critical_path("question-with-answers", "/report/details", draft)
critical_path("check-answers", "/report/check", draft)
fetch("/report/submit", draft, f"version=1&csrf={TOKEN}".encode())
critical_path("confirmation", "/report/confirmation", draft)
critical_path("case-review-start", "/case-review/apply")
critical_path("case-review-figures", "/case-review/figures")
critical_path("information-page", "/privacy")
critical_path("noise-diary", "/noise-diary")
critical_path("staff-sign-in", "/staff/sign-in")
critical_path("not-found", "/no-such-page")
