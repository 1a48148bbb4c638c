"""What the Docker-runtime benchmarks share: an ecsemu of their own on a free loopback port, boto3 clients for it,
a container instance large enough for any run, and stopping the server by its PID."""
import json
import signal
import socket
import subprocess

import boto3
import botocore.config


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_ecsemu(binary, *flags):
    """Starts `binary --runtime docker --log-level warn FLAGS` on a free port; returns (process, port) once it
    listens."""
    port = free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--runtime", "docker", "--log-level", "warn", *flags],
                            stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if "listening on" not in line:
        stop(proc)
        raise SystemExit(f"ecsemu did not start: {line!r}")
    return proc, port


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def client(service, port):
    return boto3.session.Session().client(
        service, endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1", aws_access_key_id="test",
        aws_secret_access_key="test", config=botocore.config.Config(retries={"max_attempts": 1}))


def join_large_instance(ecs, cluster):
    """Creates `cluster` with one registered container instance of 64 vCPU and 256 GiB."""
    ecs.create_cluster(clusterName=cluster)
    ecs.register_container_instance(
        cluster=cluster, instanceIdentityDocument=json.dumps(
            {"instanceId": "i-0bench", "instanceType": "c5.4xlarge", "availabilityZone": "us-east-1a",
             "region": "us-east-1", "accountId": "123456789012"}), instanceIdentityDocumentSignature="x",
        totalResources=[{"name": "CPU", "type": "INTEGER", "integerValue": 65536},
                        {"name": "MEMORY", "type": "INTEGER", "integerValue": 262144}])
