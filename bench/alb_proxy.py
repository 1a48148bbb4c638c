#!/usr/bin/env python3
"""Throughput and latency through an ALB listener of ecsemu, next to hitting the same task directly.

    bench/alb_proxy.py [--ecsemu build/ecsemu] [--duration 10] [--concurrency 1,16]

Starts ecsemu (`--runtime docker`, a tenth of AWS's delays) on a free 127.0.0.1 port, launches an EC2 instance
whose user data joins cluster `bench`, runs one task on it (busybox httpd, bridge network, hostPort 0: Docker
publishes it on 127.0.0.1), creates an application load balancer with an HTTP listener on a free port, a target
group (instance targets) and registers the task's instance and host port; waits until the target is healthy.
Then wrk (Debian's) requests GET / for --duration seconds per concurrency, alternately directly from the task's
published port and through the listener. Prints a Markdown table (req/s, p50, p99) with the ratio and the
latency the proxy adds at p50. Only loopback; the server is stopped by its PID, and its containers with it.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

from docker_bench import client, free_port, start_ecsemu, stop

HERE = os.path.dirname(os.path.abspath(__file__))
IMAGE = "busybox:local"


def until(what, fn, timeout=120, delay=0.1):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(delay)
    raise SystemExit(f"timed out waiting for {what}")


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def parse_ms(text):
    m = re.match(r"([\d.]+)(us|ms|s)$", text)
    return float(m.group(1)) * UNITS[m.group(2)]


def wrk(url, conns, duration):
    threads = 1 if conns == 1 else 2
    out = subprocess.run(["wrk", "--latency", f"-t{threads}", f"-c{conns}", f"-d{duration}s", url],
                         check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = parse_ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = parse_ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    bad = (int(errors.group(1)) if errors else 0)
    return {"rps": rps, "p50": p50, "p99": p99, "non2xx": bad, "socket_errors": socket_errors.group(1)
            if socket_errors else ""}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ecsemu", default=os.path.join(HERE, "..", "build", "ecsemu"))
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--concurrency", default="1,16")
    args = parser.parse_args()
    listener_port = free_port()
    proc, port = start_ecsemu(args.ecsemu, "--time-scale", "0.1")
    try:
        ecs, ec2, elb = client("ecs", port), client("ec2", port), client("elbv2", port)
        ecs.create_cluster(clusterName="bench")
        ami = ec2.describe_images(Filters=[{"Name": "name", "Values": ["*ecs*"]}])["Images"][0]["ImageId"]
        user_data = "#!/bin/bash\necho ECS_CLUSTER=bench >> /etc/ecs/ecs.config\n"  # boto3 base64-encodes it
        instance = ec2.run_instances(ImageId=ami, InstanceType="c5.large", MinCount=1, MaxCount=1,
                                     UserData=user_data)["Instances"][0]
        instance_id = instance["InstanceId"]
        vpc_id = instance["VpcId"]
        until("the container instance", lambda: ecs.list_container_instances(cluster="bench")["containerInstanceArns"])
        ecs.register_task_definition(family="web", networkMode="bridge", containerDefinitions=[{
            "name": "web", "image": IMAGE, "memory": 64, "stopTimeout": 1,
            "command": ["sh", "-c", "mkdir -p /w && echo ok > /w/index.html && exec httpd -f -p 8080 -h /w"],
            "portMappings": [{"containerPort": 8080, "hostPort": 0}]}])
        task_arn = ecs.run_task(cluster="bench", taskDefinition="web", launchType="EC2")["tasks"][0]["taskArn"]

        def running():
            t = ecs.describe_tasks(cluster="bench", tasks=[task_arn])["tasks"][0]
            return t if t["lastStatus"] == "RUNNING" else None
        task = until("the task", running)
        host_port = task["containers"][0]["networkBindings"][0]["hostPort"]

        subnets = [s["SubnetId"] for s in ec2.describe_subnets(
            Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]]
        lb = elb.create_load_balancer(Name="bench", Subnets=subnets[:2], Type="application")["LoadBalancers"][0]
        tg = elb.create_target_group(Name="bench", Protocol="HTTP", Port=8080, VpcId=vpc_id, TargetType="instance",
                                     HealthCheckPath="/", HealthCheckIntervalSeconds=5, HealthCheckTimeoutSeconds=2,
                                     HealthyThresholdCount=2)["TargetGroups"][0]
        elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=listener_port,
                            DefaultActions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}])
        elb.register_targets(TargetGroupArn=tg["TargetGroupArn"], Targets=[{"Id": instance_id, "Port": host_port}])
        until("a healthy target", lambda: elb.describe_target_health(TargetGroupArn=tg["TargetGroupArn"])[
            "TargetHealthDescriptions"][0]["TargetHealth"]["State"] == "healthy", timeout=60)

        direct = f"http://127.0.0.1:{host_port}/"
        proxied = f"http://127.0.0.1:{listener_port}/"
        rows = []
        for conns in [int(c) for c in args.concurrency.split(",")]:
            d = wrk(direct, conns, args.duration)
            p = wrk(proxied, conns, args.duration)
            rows.append((conns, d, p))
        print(f"| connections | direct req/s | via ALB req/s | ratio | direct p50 / p99 ms | via ALB p50 / p99 ms "
              f"| added p50 ms |")
        print("|---|---|---|---|---|---|---|")
        for conns, d, p in rows:
            note = "" if d["non2xx"] == 0 and p["non2xx"] == 0 else f" (INVALID: non-2xx {d['non2xx']}/{p['non2xx']})"
            print(f"| {conns} | {d['rps']:.0f} | {p['rps']:.0f} | {p['rps'] / d['rps']:.2f} | "
                  f"{d['p50']:.3f} / {d['p99']:.3f} | {p['p50']:.3f} / {p['p99']:.3f} | "
                  f"{p['p50'] - d['p50']:.3f}{note} |")
        print(f"\n{args.duration} s per figure, wrk -t1 -c1 / -t2 -cN, GET / of busybox httpd in a task; machine: "
              f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    finally:
        stop(proc)


if __name__ == "__main__":
    main()
