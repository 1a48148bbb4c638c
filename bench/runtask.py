#!/usr/bin/env python3
"""RunTask -> RUNNING latency of ecsemu's Docker runtime next to a plain `docker run -d` of the same image.

    bench/runtask.sh [path/to/ecsemu]          # N=10 by default (BENCH_RUNTASK_N)

Both sides start `busybox:local sleep 3600` (bridge network, no ports) on the same engine in the same run,
alternating. ecsemu: from sending RunTask (boto3, connection already open) until DescribeTasks, polled every
5 ms, shows lastStatus RUNNING. docker: the wall time of `docker run -d` (the CLI returns once the container
has started). Each container is removed before the next run. Prints the medians and their ratio; the goal is
ecsemu within 1.3x of docker. Only loopback; the server is started on a free port and stopped by its PID.
"""
import os
import statistics
import subprocess
import sys
import time

from docker_bench import client, join_large_instance, start_ecsemu, stop

HERE = os.path.dirname(os.path.abspath(__file__))
IMAGE = "busybox:local"


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "build", "ecsemu")
    n = int(os.environ.get("BENCH_RUNTASK_N", "10"))
    proc, port = start_ecsemu(binary)
    try:
        ecs = client("ecs", port)
        join_large_instance(ecs, "bench")
        ecs.register_task_definition(family="bench", networkMode="bridge", containerDefinitions=[
            {"name": "main", "image": IMAGE, "command": ["sleep", "3600"], "memory": 64, "stopTimeout": 1}])
        ecs.list_clusters()  # warm the connection
        ours, theirs = [], []
        for _ in range(n):
            t0 = time.perf_counter()
            arn = ecs.run_task(cluster="bench", taskDefinition="bench", launchType="EC2")["tasks"][0]["taskArn"]
            while ecs.describe_tasks(cluster="bench", tasks=[arn])["tasks"][0]["lastStatus"] != "RUNNING":
                time.sleep(0.005)
            ours.append(time.perf_counter() - t0)
            ecs.stop_task(cluster="bench", task=arn)
            while ecs.describe_tasks(cluster="bench", tasks=[arn])["tasks"][0]["lastStatus"] != "STOPPED":
                time.sleep(0.02)

            t0 = time.perf_counter()
            cid = subprocess.run(["docker", "run", "-d", "--label", "ecsemu-bench=1", IMAGE, "sleep", "3600"],
                                 check=True, capture_output=True, text=True).stdout.strip()
            theirs.append(time.perf_counter() - t0)
            subprocess.run(["docker", "rm", "-f", cid], check=True, capture_output=True)
        m_ours, m_theirs = statistics.median(ours), statistics.median(theirs)
        print(f"RunTask -> RUNNING (ecsemu --runtime docker): median {m_ours * 1000:.0f} ms "
              f"(min {min(ours) * 1000:.0f}, max {max(ours) * 1000:.0f}), N={n}")
        print(f"docker run -d (CLI):                          median {m_theirs * 1000:.0f} ms "
              f"(min {min(theirs) * 1000:.0f}, max {max(theirs) * 1000:.0f}), N={n}")
        print(f"ratio ecsemu / docker run: {m_ours / m_theirs:.2f}x (goal <= 1.3x)")
    finally:
        stop(proc)

if __name__ == "__main__":
    main()
