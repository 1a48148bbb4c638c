#!/usr/bin/env python3
"""CloudWatch Logs throughput, ecsemu against moto_server, in one run on this machine.

Starts each server on a free 127.0.0.1 port (ecsemu with --runtime simulated --log-level warn), then for each:
  put     PutLogEvents of BATCH events (one stream per client), CLIENTS clients, SECONDS s: requests/s and events/s
  filter  FilterLogEvents with the pattern "ERROR" over a group of STREAMS streams holding EVENTS events (one in ten
          matches, each answer limited to 100 events): requests/s and p50 latency, one client
Clients are boto3 (the same client cost for both servers), so ecsemu's figures are bounded by the client.
Servers are stopped by their PID.

usage: bench/logs_bench.py [path/to/ecsemu]    settings: LOGS_BENCH_{SECONDS,CLIENTS,BATCH,STREAMS,EVENTS}
"""
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

import boto3
import botocore.config

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
SECONDS = float(os.environ.get("LOGS_BENCH_SECONDS", "10"))
CLIENTS = int(os.environ.get("LOGS_BENCH_CLIENTS", "4"))
BATCH = int(os.environ.get("LOGS_BENCH_BATCH", "100"))
STREAMS = int(os.environ.get("LOGS_BENCH_STREAMS", "10"))
EVENTS = int(os.environ.get("LOGS_BENCH_EVENTS", "10000"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def client(port):
    return boto3.session.Session().client(
        "logs", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1", aws_access_key_id="test",
        aws_secret_access_key="test", config=botocore.config.Config(retries={"max_attempts": 1}))


def wait_ready(port, proc):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited early")
        try:
            client(port).describe_log_groups()
            return
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.1)
    raise RuntimeError("server did not answer")


def start(name, ecsemu):
    port = free_port()
    if name == "ecsemu":
        argv = [ecsemu, "--runtime", "simulated", "--log-level", "warn", "--port", str(port)]
    else:
        moto = shutil.which("moto_server")
        argv = [moto, "-H", "127.0.0.1", "-p", str(port)]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    wait_ready(port, proc)
    return port, proc


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def bench_put(port):
    c = client(port)
    c.create_log_group(logGroupName="put")
    counts = [0] * CLIENTS
    stop_at = time.monotonic() + SECONDS

    def worker(i):
        cl = client(port)
        cl.create_log_stream(logGroupName="put", logStreamName=f"s{i}")
        while time.monotonic() < stop_at:
            t = int(time.time() * 1000)
            cl.put_log_events(logGroupName="put", logStreamName=f"s{i}",
                              logEvents=[{"timestamp": t, "message": f"event {k} of a batch"} for k in range(BATCH)])
            counts[i] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CLIENTS)]
    t0 = time.monotonic()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.monotonic() - t0
    return sum(counts) / elapsed, sum(counts) * BATCH / elapsed


def bench_filter(port):
    c = client(port)
    c.create_log_group(logGroupName="filter")
    per_stream = EVENTS // STREAMS
    t = int(time.time() * 1000) - per_stream
    for s in range(STREAMS):
        c.create_log_stream(logGroupName="filter", logStreamName=f"s{s}")
        for start_at in range(0, per_stream, 1000):
            n = min(1000, per_stream - start_at)
            c.put_log_events(logGroupName="filter", logStreamName=f"s{s}", logEvents=[
                {"timestamp": t + start_at + k, "message": ("ERROR" if (start_at + k) % 10 == 0 else "INFO") +
                 f" request {start_at + k} served"} for k in range(n)])
    latencies = []
    stop_at = time.monotonic() + SECONDS
    while time.monotonic() < stop_at:
        t0 = time.perf_counter()
        out = c.filter_log_events(logGroupName="filter", filterPattern="ERROR", limit=100)
        latencies.append(time.perf_counter() - t0)
        assert len(out["events"]) == 100, len(out["events"])
    return len(latencies) / sum(latencies), statistics.median(latencies) * 1000


def main():
    ecsemu = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(REPO, "build", "ecsemu")
    results = {}
    for name in ("ecsemu", "moto"):
        port, proc = start(name, ecsemu)
        try:
            results[name] = (*bench_put(port), *bench_filter(port))
        finally:
            stop(proc)
    e, m = results["ecsemu"], results["moto"]
    print(f"CloudWatch Logs, {SECONDS:.0f} s per figure, boto3 clients; put: {CLIENTS} clients x {BATCH} events; "
          f"filter: {EVENTS} events in {STREAMS} streams, pattern ERROR, 100 per answer")
    print("| figure | ecsemu | moto | ecsemu/moto |")
    print("|---|---:|---:|---:|")
    print(f"| PutLogEvents requests/s | {e[0]:,.0f} | {m[0]:,.0f} | {e[0] / m[0]:.1f} |")
    print(f"| PutLogEvents events/s | {e[1]:,.0f} | {m[1]:,.0f} | {e[1] / m[1]:.1f} |")
    print(f"| FilterLogEvents requests/s (1 client) | {e[2]:,.0f} | {m[2]:,.0f} | {e[2] / m[2]:.1f} |")
    print(f"| FilterLogEvents p50 latency | {e[3]:.2f} ms | {m[3]:.2f} ms | {e[3] / m[3]:.3f} |")


if __name__ == "__main__":
    main()
