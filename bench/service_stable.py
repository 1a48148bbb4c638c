#!/usr/bin/env python3
"""Time from CreateService to a stable service (the ServicesStable waiter's condition: one deployment and
runningCount == desiredCount), for 1 and 10 tasks.

    bench/service_stable.py [--ecsemu build/ecsemu] [--runs 5] [--counts 1,10] [-- EXTRA ECSEMU FLAGS...]

Starts ecsemu on a free 127.0.0.1 port (stopped by its PID at the end), registers a Fargate task definition
(image busybox:local, `sleep 3600`) and, for each count and run, creates a service, polls DescribeServices every
5 ms until it is stable, records the elapsed time, then deletes the service (force) and waits until it is
INACTIVE. Prints a Markdown table (median, min, max in milliseconds). The runtime is whatever the extra flags
select (the default runtime otherwise), so the same script measures the simulated and the Docker runtime.
"""
import argparse
import os
import signal
import statistics
import subprocess
import sys
import time

import boto3
import botocore.config

HERE = os.path.dirname(os.path.abspath(__file__))


def start(binary, extra):
    proc = subprocess.Popen([binary, "--port", "0", "--log-level", "warn", *extra], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    if "listening on" not in line:
        proc.kill()
        raise SystemExit(f"ecsemu did not start: {line!r}")
    return proc, int(line.strip().rsplit(":", 1)[1])


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def stable(service):
    return (service["status"] == "ACTIVE" and len(service["deployments"]) == 1
            and service["runningCount"] == service["desiredCount"])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ecsemu", default=os.path.join(HERE, "..", "build", "ecsemu"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--counts", default="1,10")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("extra", nargs="*", help="extra ecsemu flags (after --)")
    args = parser.parse_args()
    proc, port = start(args.ecsemu, args.extra)
    try:
        ecs = boto3.session.Session().client(
            "ecs", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1", aws_access_key_id="test",
            aws_secret_access_key="test", config=botocore.config.Config(retries={"max_attempts": 1}))
        ec2 = boto3.session.Session().client(
            "ec2", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1", aws_access_key_id="test",
            aws_secret_access_key="test", config=botocore.config.Config(retries={"max_attempts": 1}))
        # A default subnet of the region, as a real account has them (awsvpc tasks need a subnet that exists).
        subnet = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"][0][
            "SubnetId"]
        ecs.create_cluster(clusterName="bench")
        td = ecs.register_task_definition(
            family="bench", networkMode="awsvpc", cpu="256", memory="512", requiresCompatibilities=["FARGATE"],
            containerDefinitions=[{"name": "app", "image": "busybox:local", "command": ["sleep", "3600"],
                                   "essential": True}])["taskDefinition"]["taskDefinitionArn"]
        rows = []
        for count in [int(c) for c in args.counts.split(",")]:
            times = []
            for run in range(args.runs):
                name = f"s{count}-{run}"
                began = time.perf_counter()
                ecs.create_service(cluster="bench", serviceName=name, taskDefinition=td, desiredCount=count,
                                   launchType="FARGATE", networkConfiguration={
                                       "awsvpcConfiguration": {"subnets": [subnet]}})
                while not stable(ecs.describe_services(cluster="bench", services=[name])["services"][0]):
                    if time.perf_counter() - began > args.timeout:
                        raise SystemExit(f"{name} not stable after {args.timeout} s")
                    time.sleep(0.005)
                times.append((time.perf_counter() - began) * 1000)
                ecs.delete_service(cluster="bench", service=name, force=True)
                while ecs.describe_services(cluster="bench", services=[name])["services"][0]["status"] != "INACTIVE":
                    time.sleep(0.01)
            rows.append((count, statistics.median(times), min(times), max(times)))
        print(f"ecsemu {' '.join(args.extra) or '(default flags)'}, {args.runs} runs each\n")
        print("| tasks | create-service -> stable, median ms | min ms | max ms |")
        print("|---:|---:|---:|---:|")
        for count, median, low, high in rows:
            print(f"| {count} | {median:.1f} | {low:.1f} | {high:.1f} |")
    finally:
        stop(proc)


if __name__ == "__main__":
    sys.exit(main())
