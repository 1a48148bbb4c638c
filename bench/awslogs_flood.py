#!/usr/bin/env python3
"""The awslogs path under a flood: a task prints N lines as fast as it can (`seq 1 N`), next to reading the same
output of a plain container with `docker logs`.

    bench/awslogs_flood.sh [path/to/ecsemu]     # N=100000, 3 runs by default (BENCH_FLOOD_LINES, BENCH_FLOOD_RUNS)

ecsemu: from sending RunTask until the task is STOPPED and GetLogEvents (startFromHead, paged) has returned all N
lines, which ecsemu promises by STOPPED. docker: from `docker run -d` until `docker logs` of the exited container
has printed N lines. Prints the medians, lines per second and their ratio; the goal is ecsemu within 2x of
docker. Only loopback; the server is started on a free port and stopped by its PID; containers are removed.
"""
import os
import statistics
import subprocess
import sys
import time

from docker_bench import client, join_large_instance, start_ecsemu, stop

HERE = os.path.dirname(os.path.abspath(__file__))
IMAGE = "busybox:local"


def read_all(logs, stream):
    count, token = 0, None
    while True:
        kw = {"nextToken": token} if token else {}
        page = logs.get_log_events(logGroupName="/bench/flood", logStreamName=stream, startFromHead=True, **kw)
        count += len(page["events"])
        if page["nextForwardToken"] == token:
            return count
        token = page["nextForwardToken"]


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "build", "ecsemu")
    lines = int(os.environ.get("BENCH_FLOOD_LINES", "100000"))
    runs = int(os.environ.get("BENCH_FLOOD_RUNS", "3"))
    proc, port = start_ecsemu(binary)
    try:
        ecs, logs = client("ecs", port), client("logs", port)
        join_large_instance(ecs, "bench")
        ecs.register_task_definition(family="flood", networkMode="bridge", containerDefinitions=[{
            "name": "main", "image": IMAGE, "command": ["seq", "1", str(lines)], "memory": 64,
            "logConfiguration": {"logDriver": "awslogs", "options": {
                "awslogs-group": "/bench/flood", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "b",
                "awslogs-create-group": "true"}}}])
        ours, theirs = [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            arn = ecs.run_task(cluster="bench", taskDefinition="flood", launchType="EC2")["tasks"][0]["taskArn"]
            while ecs.describe_tasks(cluster="bench", tasks=[arn])["tasks"][0]["lastStatus"] != "STOPPED":
                time.sleep(0.01)
            got = read_all(logs, f"b/main/{arn.rsplit('/', 1)[1]}")
            ours.append(time.perf_counter() - t0)
            if got != lines:
                raise SystemExit(f"ecsemu: {got} of {lines} lines by STOPPED")

            t0 = time.perf_counter()
            cid = subprocess.run(["docker", "run", "-d", "--label", "ecsemu-bench=1", IMAGE, "seq", "1", str(lines)],
                                 check=True, capture_output=True, text=True).stdout.strip()
            try:
                subprocess.run(["docker", "wait", cid], check=True, capture_output=True)
                out = subprocess.run(["docker", "logs", cid], check=True, capture_output=True, text=True).stdout
                theirs.append(time.perf_counter() - t0)
                if out.count("\n") != lines:
                    raise SystemExit(f"docker logs: {out.count(chr(10))} of {lines} lines")
            finally:
                subprocess.run(["docker", "rm", "-f", cid], check=True, capture_output=True)
        m_ours, m_theirs = statistics.median(ours), statistics.median(theirs)
        print(f"awslogs, RunTask -> STOPPED + all {lines} lines read back (ecsemu): median {m_ours:.2f} s "
              f"({lines / m_ours:,.0f} lines/s), runs={runs}")
        print(f"docker run -d + wait + docker logs:                 median {m_theirs:.2f} s "
              f"({lines / m_theirs:,.0f} lines/s), runs={runs}")
        print(f"ratio ecsemu / docker: {m_ours / m_theirs:.2f}x (goal <= 2x)")
    finally:
        stop(proc)

if __name__ == "__main__":
    main()
