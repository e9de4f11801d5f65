#!/usr/bin/env python3
"""serve_load — a bounded load test of `fzlint serve` on loopback.

Starts `fzlint serve --port 0` (127.0.0.1 only), then C clients (threads, one keep-alive connection
each) send N requests each: POST /api/v1/check with the report as a multipart upload, as the page
does. A fixed count, so it stops by itself. Prints requests/s, latency p50/p90/p99/max and the
count of non-200 answers (there should be none: the server queues what it cannot run at once).
Figures vary with the machine; tests never assert on them (design.md §5.12).

  bench/serve_load.py [--fzlint build/src/cli/fzlint] [--file REPORT] [--clients 8] [--requests 200]
Default report: the seed ($FZ_SHARED_DIR/seeds/000_4cb5d7ebd9b6d720.txt), else the sample report.
"""
import argparse
import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fzlint", default=os.path.join(root, "build", "src", "cli", "fzlint"))
    shared = os.environ.get("FZ_SHARED_DIR", os.path.join(root, "..", "shared"))
    seed = os.path.join(shared, "seeds", "000_4cb5d7ebd9b6d720.txt")
    ap.add_argument("--file", default=seed if os.path.exists(seed) else os.path.join(root, "examples", "sample-report.txt"))
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=200, help="per client")
    ap.add_argument("--serve-args", default="", help="extra arguments for fzlint serve")
    a = ap.parse_args()

    data = open(a.file, "rb").read()
    boundary = "fzlintbench"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"report.txt\"\r\n"
            f"Content-Type: text/plain\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    headers = {"Content-Type": "multipart/form-data; boundary=" + boundary}

    proc = subprocess.Popen([a.fzlint, "serve", "--port", "0", *a.serve_args.split()], stderr=subprocess.PIPE, text=True)
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", proc.stderr.readline())
    if not m:
        sys.exit("fzlint serve did not start")
    port = int(m.group(1))
    drain = threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True)  # the access log
    drain.start()

    latencies, statuses, lock = [], {}, threading.Lock()

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine, codes = [], {}
        for _ in range(a.requests):
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/api/v1/check", body, headers)
                r = conn.getresponse()
                r.read()
                code = r.status
                if r.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            except (OSError, http.client.HTTPException):
                code = "error"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            mine.append(time.perf_counter() - t0)
            codes[code] = codes.get(code, 0) + 1
        conn.close()
        with lock:
            latencies.extend(mine)
            for k, v in codes.items():
                statuses[k] = statuses.get(k, 0) + v

    # one warm-up request (first-document caches), not counted
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.request("POST", "/api/v1/check", body, headers)
    c.getresponse().read()
    c.close()

    threads = [threading.Thread(target=client) for _ in range(a.clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)

    lat = sorted(latencies)
    q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000
    n = len(lat)
    print(f"report: {a.file} ({len(data)} bytes)")
    print(f"clients: {a.clients} x {a.requests} requests = {n}, cores: {os.cpu_count()}")
    print(f"throughput: {n / wall:.1f} requests/s ({wall:.1f} s)")
    print(f"latency ms: p50 {q(0.50):.1f}  p90 {q(0.90):.1f}  p99 {q(0.99):.1f}  max {lat[-1] * 1000:.1f}  mean {statistics.mean(lat) * 1000:.1f}")
    print("status: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=str)))
    return 0 if set(statuses) == {200} else 1


if __name__ == "__main__":
    sys.exit(main())
