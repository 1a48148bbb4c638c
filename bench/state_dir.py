"""What --state-dir costs (see bench/state_dir.sh): write latency and throughput with and without it, moto_server's
in the same run for reference (moto keeps nothing across a restart); the start-up time with a large world in the
state dir, and the directory's size. Only loopback servers this script starts; each stopped by its PID."""
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import boto3
import botocore.config

N_LAT = int(os.environ.get("BENCH_STATE_LAT_N", "400"))  # sequential writes timed one by one
N_TPUT = int(os.environ.get("BENCH_STATE_TPUT_N", "2000"))  # writes by 8 threads
DEFS = int(os.environ.get("BENCH_STATE_DEFS", "10000"))
SERVICES = int(os.environ.get("BENCH_STATE_SERVICES", "1000"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def client(port):
    return boto3.session.Session().client(
        "ecs", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1", aws_access_key_id="test",
        aws_secret_access_key="test", config=botocore.config.Config(retries={"max_attempts": 1}))


def wait_up(port, proc, deadline_s=60):
    c = client(port)
    start = time.monotonic()
    while time.monotonic() - start < deadline_s:
        if proc.poll() is not None:
            raise RuntimeError("server exited")
        try:
            c.list_clusters()
            return
        except Exception:
            time.sleep(0.002)
    raise RuntimeError("server did not answer")


def start_ecsemu(binary, state_dir=None):
    port = free_port()
    args = [binary, "--runtime", "simulated", "--port", str(port), "--log-level", "warn"]
    if state_dir:
        args += ["--state-dir", state_dir]
    t0 = time.monotonic()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_up(port, proc)
    return proc, port, time.monotonic() - t0


def start_moto():
    port = free_port()
    proc = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    wait_up(port, proc)
    return proc, port


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def register(c, family):
    c.register_task_definition(family=family, containerDefinitions=[
        {"name": "app", "image": "busybox:local", "memory": 64, "essential": True,
         "environment": [{"name": "MODE", "value": "bench"}]}])


def writes(port, tag):
    """p50/p99 of sequential RegisterTaskDefinition, then req/s with 8 threads."""
    c = client(port)
    lat = []
    for i in range(N_LAT):
        t = time.perf_counter()
        register(c, f"{tag}-lat-{i}")
        lat.append((time.perf_counter() - t) * 1000)
    lat.sort()
    per_thread = N_TPUT // 8

    def worker(w):
        wc = client(port)
        for i in range(per_thread):
            register(wc, f"{tag}-tp-{w}-{i}")
    threads = [threading.Thread(target=worker, args=(w,)) for w in range(8)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    rps = per_thread * 8 / (time.perf_counter() - t)
    return {"p50_ms": statistics.median(lat), "p99_ms": lat[int(len(lat) * 0.99) - 1], "req_s": rps}


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def dir_bytes(path):
    return sum(os.path.getsize(os.path.join(path, f)) for f in os.listdir(path))


def main():
    binary = sys.argv[1]
    out = {}
    work = tempfile.mkdtemp(prefix="ecsemu-bench-state-")
    try:
        runs = [("ecsemu", None), ("ecsemu --state-dir", os.path.join(work, "w"))]
        for name, state_dir in runs:
            proc, port, _ = start_ecsemu(binary, state_dir)
            try:
                out[name] = writes(port, "w")
            finally:
                stop(proc)
        if shutil.which("moto_server"):
            proc, port = start_moto()
            try:
                out["moto_server"] = writes(port, "w")
            finally:
                stop(proc)

        big = os.path.join(work, "big")
        proc, port, _ = start_ecsemu(binary, big)
        grow_started = time.monotonic()
        try:
            c = client(port)
            c.create_cluster(clusterName="big")
            for i in range(DEFS):
                register(c, f"fam-{i % 100}")
            for i in range(SERVICES):
                c.create_service(cluster="big", serviceName=f"svc-{i}", taskDefinition="fam-0", desiredCount=0,
                                 launchType="EC2")
            grow_s = time.monotonic() - grow_started
            # Writes once the region is large: a record holds what changed, so they cost what they did at first.
            lat = []
            for i in range(100):
                t = time.perf_counter()
                register(c, f"late-{i}")
                lat.append((time.perf_counter() - t) * 1000)
            lat.sort()
            late = {"p50_ms": statistics.median(lat), "p99_ms": lat[98]}
        finally:
            stop(proc)
        starts = []
        for _ in range(3):
            proc, port, seconds = start_ecsemu(binary, big)
            try:
                n = len(client(port).list_services(cluster="big", maxResults=100)["serviceArns"])
                assert n == min(100, SERVICES), n
                rss = rss_kb(proc.pid)
            finally:
                stop(proc)
            starts.append(seconds)
        out["large world"] = {"task_definitions": DEFS, "services": SERVICES, "grow_s": grow_s,
                              "start_to_first_answer_s": statistics.median(starts),
                              "state_dir_bytes": dir_bytes(big), "rss_kb": rss,
                              "write_in_large_world": late}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(out, indent=2))
    base = out["ecsemu"]
    sd = out["ecsemu --state-dir"]
    print("\n| server | write p50 ms | write p99 ms | write req/s (8 threads, boto3) |\n|---|---|---|---|")
    for name in [k for k in ("ecsemu", "ecsemu --state-dir", "moto_server") if k in out]:
        r = out[name]
        print(f"| {name} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {r['req_s']:.0f} |")
    print(f"\n--state-dir/in-memory: p99 x{sd['p99_ms'] / base['p99_ms']:.2f}, req/s x{sd['req_s'] / base['req_s']:.2f}")
    if "moto_server" in out:
        print(f"ecsemu --state-dir/moto_server: req/s x{sd['req_s'] / out['moto_server']['req_s']:.2f}")
    lw = out["large world"]
    print(f"start-up with {lw['task_definitions']} task definitions and {lw['services']} services: "
          f"{lw['start_to_first_answer_s'] * 1000:.0f} ms to the first answer; state dir "
          f"{lw['state_dir_bytes'] / 1e6:.1f} MB; RSS after start-up {lw['rss_kb'] / 1024:.0f} MiB; growing it took "
          f"{lw['grow_s']:.0f} s; a write into it p50/p99 {lw['write_in_large_world']['p50_ms']:.2f}/"
          f"{lw['write_in_large_world']['p99_ms']:.2f} ms")


if __name__ == "__main__":
    main()
