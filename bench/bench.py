#!/usr/bin/env python3
"""ecsemu benchmark harness: ecsemu and moto_server side by side, in one run.

Adapted from the shared load harness (pre-signed SigV4 requests replayed through `wrk`).
Needs python3 with boto3/botocore, `wrk` and `ss`/`ps` (procps). Only loopback endpoints.

Subcommands:
  all [--smoke] [--ecsemu PATH]   the comparison run (run-all.sh; smoke.sh adds --smoke): starts each server
                                  fresh on a free 127.0.0.1 port, cold start, scale test, throughput/latency,
                                  logging cost; writes results/latest.md + latest.json (smoke: smoke.md/.json)
  run ENDPOINT LABEL              throughput + scale against an already running endpoint (run.sh)
  coldstart LABEL -- CMD...       cold start of CMD ({port} in CMD is replaced by a free port) (coldstart.sh)
  report RESULT.json              re-render the Markdown table of a result file
  sign-listclusters ENDPOINT      print curl -H args for a signed ListClusters (one per line)
  free-port                       print a free 127.0.0.1 TCP port
  wait-quiet MAX_S PCT            wait up to MAX_S s until the machine is < PCT % busy

Settings (environment, all optional; defaults suit a 2-core machine shared by wrk and the server):
  BENCH_SERVERS          comma list of ecsemu,moto (default both; smoke: ecsemu, + moto if BENCH_SMOKE_MOTO=1)
  BENCH_ECSEMU           path of the ecsemu binary (default build/ecsemu, else the newest build*/ecsemu)
  BENCH_ECSEMU_ARGS      extra ecsemu flags, space separated (e.g. "--threads 1")
  BENCH_MOTO_SERVER      moto_server entry point (default: `pyenv which moto_server`, else PATH)
  BENCH_DURATION         seconds per wrk run (default 10; smoke 1)
  BENCH_CONCURRENCY      comma list (default "1,16"); concurrency 1 = wrk -t1 -c1
  BENCH_WRK_THREADS      wrk -t for concurrency > 1 (default 2)
  BENCH_WORKLOADS        comma list of listclusters,sts,ec2regions,read,write,ec2elb (default all)
  BENCH_COLDSTART_RUNS   cold starts per server (default 5; smoke 1)
  BENCH_IDLE_S           idle seconds before the second RSS reading of a cold start (default 3; smoke 0.5)
  BENCH_START_TIMEOUT_S  give up on a server that does not answer ListClusters with 200 (default 60)
  BENCH_SCALE_LEVELS     e.g. "10:10:10,1000:1000:1000,10000:1000:10000" (task defs:services:tasks; tasks
                         default to the task defs); "" skips (smoke "10:5:10")
  BENCH_SCALE_LAT_S      seconds per wrk latency probe in the scale test (default 3; smoke 1)
  BENCH_WRITE_POOL       distinct pre-signed write requests (default 4000; smoke 200)
  BENCH_LOGCOST          1 = also run listclusters on fresh ecsemu servers at info vs warn (default 1)
  BENCH_STRICT           1 = count every non-200 in Lua response() (slower client); default 0 relies on
                         wrk's non-2xx counter (status > 399) plus a 200-check preflight of every request
  BENCH_REGION / BENCH_SCALE_REGION   regions (default us-east-1 / us-west-2)
  BENCH_ACCESS_KEY_ID / BENCH_SECRET_ACCESS_KEY   credentials to sign with (default test/test)
  BENCH_WAIT_QUIET_S     wait up to this many seconds for the machine to be < 10 % busy first, and up to
                         30 s before each throughput figure (default 0: no waiting)
  BENCH_OUT              where results/ and work/ go (default: this folder, else /tmp/bench)
  BENCH_SERVER_PID       (run only) server PID for RSS/CPU; default: the PID listening on the port
"""
import concurrent.futures
import datetime
import http.client
import importlib.metadata
import json
import os
import random
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

import boto3
import botocore.exceptions
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SMOKE = "--smoke" in sys.argv


def env(name, default, smoke_default=None):
    v = os.environ.get(name)
    if v is not None:
        return v
    return smoke_default if (SMOKE and smoke_default is not None) else default


OUT = os.environ.get("BENCH_OUT") or (HERE if os.access(HERE, os.W_OK) else "/tmp/bench")
ACCESS = env("BENCH_ACCESS_KEY_ID", "test")
SECRET = env("BENCH_SECRET_ACCESS_KEY", "test")
REGION = env("BENCH_REGION", "us-east-1")
SCALE_REGION = env("BENCH_SCALE_REGION", "us-west-2")
DURATION = int(env("BENCH_DURATION", "10", "1"))
WRK_THREADS = int(env("BENCH_WRK_THREADS", "2"))
CONCURRENCY = [int(x) for x in env("BENCH_CONCURRENCY", "1,16").split(",") if x]
ALL_WORKLOADS = ["listclusters", "sts", "ec2regions", "read", "write", "ec2elb"]
WORKLOADS = [x for x in env("BENCH_WORKLOADS", ",".join(ALL_WORKLOADS)).split(",") if x]
SCALE_LEVELS = [(lambda v: (v[0], v[1], v[2] if len(v) > 2 else v[0]))([int(p) for p in x.split(":")])
                for x in env("BENCH_SCALE_LEVELS", "10:10:10,1000:1000:1000,10000:1000:10000", "10:5:10").split(",")
                if x]
SCALE_REGISTER_PROBES = 50  # RegisterTaskDefinition calls timed per level (deregistered again afterwards)
SCALE_LAT_S = int(env("BENCH_SCALE_LAT_S", "3", "1"))
WRITE_POOL = int(env("BENCH_WRITE_POOL", "4000", "200"))
STRICT = env("BENCH_STRICT", "0") == "1"
COLD_RUNS = int(env("BENCH_COLDSTART_RUNS", "5", "1"))
IDLE_S = float(env("BENCH_IDLE_S", "3", "0.5"))
START_TIMEOUT_S = float(env("BENCH_START_TIMEOUT_S", "60"))
LOGCOST = env("BENCH_LOGCOST", "1") == "1"
POLL_S = 0.001  # cold-start poll interval (connection refused is cheap)

ECS_TARGET = "AmazonEC2ContainerServiceV20141113."
ECS_CT = "application/x-amz-json-1.1"
FORM_CT = "application/x-www-form-urlencoded; charset=utf-8"

for w in WORKLOADS:
    if w not in ALL_WORKLOADS:
        sys.exit(f"unknown workload {w!r} in BENCH_WORKLOADS (known: {','.join(ALL_WORKLOADS)})")


def log(*a):
    print(f"[{time.strftime('%H:%M:%S')}]", *a, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- signing
class Endpoint:
    def __init__(self, url):
        self.url = url.rstrip("/")
        u = urllib.parse.urlsplit(self.url)
        if u.scheme != "http":
            sys.exit("only http:// endpoints are supported (wrk + raw client)")
        self.hostname = u.hostname
        self.port = u.port or 80
        self.host_header = u.hostname if self.port == 80 else f"{u.hostname}:{self.port}"
        if self.hostname not in ("127.0.0.1", "localhost", "::1"):
            sys.exit(f"refusing non-loopback endpoint {url}")
        self.creds = Credentials(ACCESS, SECRET)

    def sign(self, service, region, body, content_type, target=None):
        """Return the ordered header list for a SigV4-signed POST / with this body."""
        headers = {"Host": self.host_header, "Content-Type": content_type}
        if target:
            headers["X-Amz-Target"] = target
        req = AWSRequest(method="POST", url=self.url + "/", data=body, headers=headers)
        SigV4Auth(self.creds, service, region).add_auth(req)
        out = [(k, v) for k, v in req.headers.items()]
        out.append(("Content-Length", str(len(body))))
        return out

    def raw(self, service, region, body, content_type, target=None):
        if isinstance(body, str):
            body = body.encode()
        hdrs = self.sign(service, region, body, content_type, target)
        head = "POST / HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in hdrs) + "\r\n"
        return head.encode() + body

    # each helper returns (operation label, raw request bytes)
    def ecs(self, op, params, region=REGION):
        body = json.dumps(params, separators=(",", ":"))
        return "ecs:" + op, self.raw("ecs", region, body, ECS_CT, ECS_TARGET + op)

    def query(self, service, key, action, version, params=None, region=REGION):
        p = [("Action", action), ("Version", version)] + list((params or {}).items())
        return f"{key}:{action}", self.raw(service, region, urllib.parse.urlencode(p), FORM_CT)

    def ec2(self, action, params=None, region=REGION):
        return self.query("ec2", "ec2", action, "2016-11-15", params, region)

    def elbv2(self, action, params=None, region=REGION):
        return self.query("elasticloadbalancing", "elbv2", action, "2015-12-01", params, region)

    def sts(self, action, params=None, region=REGION):
        return self.query("sts", "sts", action, "2011-06-15", params, region)


class RawClient:
    """Sends pre-built raw requests over one keep-alive socket; returns (status, body, seconds)."""

    def __init__(self, ep, timeout=60):
        self.ep = ep
        self.sock = None
        self.timeout = timeout

    def _connect(self):
        self.sock = socket.create_connection((self.ep.hostname, self.ep.port), timeout=self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def send(self, raw, _retry=True):
        if self.sock is None:
            self._connect()
        try:
            t0 = time.perf_counter()
            self.sock.sendall(raw)
            resp = http.client.HTTPResponse(self.sock)
            resp.begin()
            body = resp.read()
            dt = time.perf_counter() - t0
            if resp.will_close:
                self.close()
            return resp.status, body, dt
        except (ConnectionError, http.client.HTTPException, OSError):
            self.close()
            if _retry:
                return self.send(raw, _retry=False)
            raise

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
            self.sock = None


def error_code(body):
    """AWS error code of a JSON (__type) or XML (<Code>) error body, else ''."""
    try:
        d = json.loads(body)
        code = d.get("__type") or d.get("code") or d.get("Code") or ""
        return str(code).rsplit("#", 1)[-1]
    except (ValueError, AttributeError):
        m = re.search(rb"<Code>([^<]*)</Code>", body or b"")
        return m.group(1).decode(errors="replace") if m else ""


def boto(ep, service, region=REGION):
    return boto3.client(service, endpoint_url=ep.url, region_name=region,
                        aws_access_key_id=ACCESS, aws_secret_access_key=SECRET,
                        config=Config(retries={"max_attempts": 1}, max_pool_connections=8))


def client_error(e):
    """(operation, HTTP status, error code) of a botocore ClientError."""
    r = e.response or {}
    return (getattr(e, "operation_name", "?"), r.get("ResponseMetadata", {}).get("HTTPStatusCode"),
            r.get("Error", {}).get("Code", ""))


# --------------------------------------------------------------------------- pid / rss / cpu
def server_pid(ep):
    if os.environ.get("BENCH_SERVER_PID"):
        return int(os.environ["BENCH_SERVER_PID"])
    try:
        out = subprocess.run(["ss", "-Hltnp", f"sport = :{ep.port}"], capture_output=True, text=True).stdout
        m = re.search(r"pid=(\d+)", out)
        return int(m.group(1)) if m else None
    except OSError:
        return None


def proc_status_kib(pid, key):
    if not pid:
        return None
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def rss_kib(pid):
    return proc_status_kib(pid, "VmRSS")


def fnum(v, nd):
    return "n/a" if v is None else f"{v:.{nd}f}"


def mib(kib):
    return "n/a" if kib is None else f"{kib / 1024:.1f}"


CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_snapshot(pid):
    """Machine busy time, server process CPU (all threads), CPU of reaped children (wrk) and of this process."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:9]]  # user nice system idle iowait irq softirq steal
        busy = (sum(v) - v[3] - v[4]) / CLK_TCK
    except OSError:
        busy = None
    srv = None
    if pid:
        try:
            with open(f"/proc/{pid}/stat") as f:
                st = f.read().rsplit(")", 1)[1].split()
            srv = (int(st[11]) + int(st[12])) / CLK_TCK  # utime + stime
        except (OSError, IndexError, ValueError):
            srv = None
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    me = resource.getrusage(resource.RUSAGE_SELF)
    return {"busy": busy, "srv": srv, "wrk": ch.ru_utime + ch.ru_stime,
            "self": me.ru_utime + me.ru_stime, "t": time.monotonic()}


def cpu_delta(a, b, requests):
    wall = b["t"] - a["t"]
    ncpu = os.cpu_count() or 1
    busy = (b["busy"] - a["busy"]) if a["busy"] is not None and b["busy"] is not None else None
    wrk = b["wrk"] - a["wrk"]
    me = b["self"] - a["self"]
    srv = (b["srv"] - a["srv"]) if a["srv"] is not None and b["srv"] is not None else None
    foreign = None if busy is None or srv is None else busy - wrk - me - srv
    return {"wall_s": wall, "machine_busy_pct": None if busy is None else 100 * busy / (wall * ncpu),
            "wrk_cpu_pct": 100 * wrk / wall,
            "srv_cpu_pct": None if srv is None else 100 * srv / wall,
            "srv_cpu_us_per_req": None if srv is None or not requests else 1e6 * srv / requests,
            # CPU used by anything else on the machine (other jobs), in % of total machine capacity
            "foreign_cpu_pct": None if foreign is None else max(0.0, 100 * foreign / (wall * ncpu))}


# --------------------------------------------------------------------------- wrk
LUA_TEMPLATE = r"""-- generated by bench.py at @@WHEN@@; @@N@@ pre-signed requests (workload @@NAME@@)
STRICT = @@STRICT@@  -- count every non-200 in response()
PAIR = @@PAIR@@      -- one connection per thread: request()/response() strictly alternate,
                     -- so exact per-request latency can be timed here (no CO correction)
local reqs = {
@@REQS@@
}
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000000 + tonumber(ts.tv_nsec) / 1000
end
local nthreads = 0
local threads = {}
function setup(thread)
  nthreads = nthreads + 1
  thread:set("tid", nthreads)
  table.insert(threads, thread)
end
function init(args)
  bad = 0
  lats = {}
  nl = 0
  t_sent = 0
  idx = (((tid or 1) - 1) * 7919) % #reqs
end
function request()
  idx = idx % #reqs + 1
  if PAIR then t_sent = now_us() end
  return reqs[idx]
end
if STRICT or PAIR then
  function response(status, headers, body)
    if PAIR then
      nl = nl + 1
      lats[nl] = now_us() - t_sent
    end
    if status ~= 200 then bad = bad + 1 end
  end
end
function done(summary, latency, requests)
  local b, all = 0, {}
  for _, t in ipairs(threads) do
    b = b + (t:get("bad") or 0)
    if PAIR then
      local l = t:get("lats")
      for i = 1, #l do all[#all + 1] = l[i] end
    end
  end
  table.sort(all)
  local n = #all
  local function pct(p)
    if n == 0 then return -1 end
    return all[math.max(1, math.ceil(p / 100 * n))]
  end
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%.0f,"duration_us":%.0f,"bytes":%.0f,"err_connect":%.0f,"err_read":%.0f,"err_write":%.0f,"err_status":%.0f,"err_timeout":%.0f,"non200_lua":%.0f,"strict":%s,"pair":%s,'
    .. '"wrk_p50_us":%.0f,"wrk_p90_us":%.0f,"wrk_p99_us":%.0f,"wrk_mean_us":%.1f,"max_us":%.0f,"min_us":%.0f,'
    .. '"raw_count":%d,"raw_p50_us":%.1f,"raw_p90_us":%.1f,"raw_p99_us":%.1f,"distinct":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout, b,
    STRICT and "true" or "false", PAIR and "true" or "false",
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max, latency.min,
    n, pct(50), pct(90), pct(99), #reqs))
end
"""


def lua_quote(b):
    out = []
    for c in b:
        if c == 0x5C:
            out.append("\\\\")
        elif c == 0x22:
            out.append('\\"')
        elif 32 <= c < 127:
            out.append(chr(c))
        else:
            out.append("\\%03d" % c)
    return '"' + "".join(out) + '"'


def wrk_threads(conns):
    return 1 if conns == 1 else min(WRK_THREADS, conns)


def write_lua(path, name, raws, conns, strict=STRICT):
    pair = wrk_threads(conns) == conns
    txt = (LUA_TEMPLATE.replace("@@WHEN@@", datetime.datetime.now(datetime.timezone.utc).isoformat())
           .replace("@@N@@", str(len(raws))).replace("@@NAME@@", name)
           .replace("@@STRICT@@", "true" if strict else "false").replace("@@PAIR@@", "true" if pair else "false"))
    txt = txt.replace("@@REQS@@", ",\n".join(lua_quote(r) for r in raws))
    with open(path, "w") as f:
        f.write(txt)


def run_wrk(ep, lua_path, conc, duration, pid=None):
    threads = wrk_threads(conc)
    cmd = ["wrk", f"-t{threads}", f"-c{conc}", f"-d{duration}s", "--timeout", "10s", "-s", lua_path, ep.url + "/"]
    c0 = cpu_snapshot(pid)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 120)
    c1 = cpu_snapshot(pid)
    m = re.search(r"^WRKJSON (.*)$", p.stdout, re.M)
    if not m:
        raise RuntimeError(f"wrk printed no numbers (rc={p.returncode}): {p.stdout[-500:]}\n{p.stderr[-500:]}")
    r = json.loads(m.group(1))
    r["threads"], r["connections"], r["cmd"] = threads, conc, " ".join(cmd)
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6) if r["duration_us"] else 0.0
    r.update(cpu_delta(c0, c1, r["requests"]))
    r["little_mean_us"] = conc * r["duration_us"] / r["requests"] if r["requests"] else 0.0
    r["resp_bytes"] = r["bytes"] / r["requests"] if r["requests"] else 0.0
    errs = r["err_connect"] + r["err_read"] + r["err_write"] + r["err_timeout"]
    r["sock_errors"] = errs
    r["valid"] = r["err_status"] == 0 and r["non200_lua"] == 0 and errs == 0 and r["requests"] > 0
    # headline p50/p99: exact per-request pairing when one connection per thread (c=1),
    # else wrk's own histogram (wrk 4.x applies coordinated-omission correction to it)
    if r["pair"] and r["raw_count"] > 0:
        r["p50_us"], r["p90_us"], r["p99_us"], r["lat_src"] = r["raw_p50_us"], r["raw_p90_us"], r["raw_p99_us"], "raw"
        if abs(r["raw_count"] - r["requests"]) > threads:
            log(f"WARNING paired latency samples {r['raw_count']} != requests {r['requests']}")
    else:
        r["p50_us"], r["p90_us"], r["p99_us"], r["lat_src"] = r["wrk_p50_us"], r["wrk_p90_us"], r["wrk_p99_us"], "wrk"
    return r


def preflight(ep, items, what):
    """Send each (op, raw) once; every one must answer exactly 200. Returns (ok, n, bad list)."""
    c = RawClient(ep, timeout=30)
    bad = []
    for op, r in items:
        try:
            st, body, _ = c.send(r)
        except OSError as e:
            bad.append({"op": op, "status": None, "code": f"socket error {e!r}"[:120]})
            continue
        if st != 200:
            bad.append({"op": op, "status": st, "code": error_code(body), "body": body[:200].decode(errors="replace")})
    c.close()
    if bad:
        log(f"preflight {what}: {len(bad)}/{len(items)} non-200, first: {bad[0]}")
    return len(items) - len(bad), len(items), bad


def classify(bad, where=""):
    """(status, short note for the table, detail) for a set of failed requests:
    'not implemented (HTTP 501)' when every failure is a 501, else 'invalid (HTTP ...)'."""
    ops = sorted({b["op"] for b in bad})
    statuses = sorted({str(b["status"]) for b in bad})
    codes = sorted({b.get("code") or "" for b in bad} - {""})
    detail = (f"HTTP {'/'.join(statuses)}{where} on {', '.join(ops)}" + (f" ({', '.join(codes)})" if codes else "")
              + (f"; first body: {bad[0]['body'][:160]!r}" if bad[0].get("body") and statuses != ["501"] else ""))
    if statuses == ["501"]:
        return "not implemented", "not implemented (HTTP 501)", detail
    return "invalid", f"invalid (HTTP {'/'.join(statuses)})", detail


# --------------------------------------------------------------------------- populate (boto3)
N_CLUSTERS, N_FAMILIES, N_REVS, SVC_PER_CLUSTER = 10, 10, 10, 5


def container_defs(name, i=0):
    return [{
        "name": name, "image": "public.ecr.aws/docker/library/busybox:1.36", "essential": True,
        "cpu": 64, "memory": 128, "command": ["sleep", "3600"],
        "portMappings": [{"containerPort": 8080 + (i % 10), "protocol": "tcp"}],
        "environment": [{"name": "BENCH", "value": "1"}, {"name": "IDX", "value": str(i)}],
    }]


def populate(ep):
    """Idempotent set-up, part by part; a part that fails is recorded in st['failed'][part] and
    workloads needing it are reported as not implemented/invalid instead of run.
    10 clusters, 10 families x 10 revisions, 50 services (desiredCount 0), 1 VPC + 2 subnets, 1 ALB."""
    t0 = time.time()
    ecs = boto(ep, "ecs")
    st = {"clusters": [], "cluster_arns": [], "td": [], "td_arns": [], "services": {}, "vpc": None, "subnets": [],
          "alb": None, "failed": {}}

    def part(name, svc, fn, needs=()):
        for n in needs:
            if n in st["failed"]:
                st["failed"][name] = dict(st["failed"][n], via=n)
                return
        try:
            fn()
        except ClientError as e:
            op, status, code = client_error(e)
            st["failed"][name] = {"op": f"{svc}:{op}", "status": status, "code": code}
            log(f"populate {name}: {op} answered HTTP {status} {code}")
        except Exception as e:  # noqa: connection errors etc.
            st["failed"][name] = {"op": "?", "status": None, "code": repr(e)[:200]}
            log(f"populate {name} failed: {e!r}"[:300])

    def clusters():
        for c in range(N_CLUSTERS):
            name = f"bench-c{c:02d}"
            arn = ecs.create_cluster(clusterName=name)["cluster"]["clusterArn"]
            st["clusters"].append(name)
            st["cluster_arns"].append(arn)

    def taskdefs():
        for f in range(N_FAMILIES):
            fam = f"bench-td-{f}"
            have = ecs.list_task_definitions(familyPrefix=fam)["taskDefinitionArns"]
            for i in range(len(have), N_REVS):
                ecs.register_task_definition(family=fam, containerDefinitions=container_defs("app", i))
            arns = sorted(ecs.list_task_definitions(familyPrefix=fam)["taskDefinitionArns"],
                          key=lambda a: int(a.rsplit(":", 1)[1]))[:N_REVS]
            st["td_arns"] += arns
            st["td"] += [a.rsplit("/", 1)[1] for a in arns]

    def services():
        for ci, c in enumerate(st["clusters"]):
            names = [f"bench-svc-{s}" for s in range(SVC_PER_CLUSTER)]
            d = ecs.describe_services(cluster=c, services=names)
            active = {s["serviceName"] for s in d["services"] if s.get("status") == "ACTIVE"}
            for s, n in enumerate(names):
                if n not in active:
                    ecs.create_service(cluster=c, serviceName=n, desiredCount=0,
                                       taskDefinition=f"bench-td-{(ci + s) % N_FAMILIES}")
            st["services"][c] = names

    def ec2part():
        ec2 = boto(ep, "ec2")
        v = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["bench-vpc"]}])["Vpcs"]
        if v:
            vpc = v[0]["VpcId"]
        else:
            vpc = ec2.create_vpc(CidrBlock="10.77.0.0/16")["Vpc"]["VpcId"]
            ec2.create_tags(Resources=[vpc], Tags=[{"Key": "Name", "Value": "bench-vpc"}])
        subs = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]
        if len(subs) < 2:
            for k, az in enumerate("ab"):
                ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.77.{k}.0/24", AvailabilityZone=REGION + az)
            subs = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]
        st["vpc"], st["subnets"] = vpc, [s["SubnetId"] for s in subs]

    def elbpart():
        elb = boto(ep, "elbv2")
        try:
            elb.describe_load_balancers(Names=["bench-alb"])
        except elb.exceptions.LoadBalancerNotFoundException:
            elb.create_load_balancer(Name="bench-alb", Subnets=st["subnets"][:2], Scheme="internal", Type="application")
        st["alb"] = "bench-alb"

    part("clusters", "ecs", clusters)
    part("taskdefs", "ecs", taskdefs)
    part("services", "ecs", services, needs=("clusters", "taskdefs"))
    part("vpc", "ec2", ec2part)
    part("alb", "elbv2", elbpart, needs=("vpc",))
    st["populate_s"] = time.time() - t0
    return st


# --------------------------------------------------------------------------- workloads
def wl_listclusters(ep, st, rnd):
    items = [ep.ecs("ListClusters", {})]
    return items, items


def wl_sts(ep, st, rnd):
    items = [ep.sts("GetCallerIdentity")]
    return items, items


def wl_ec2regions(ep, st, rnd):
    items = [ep.ec2("DescribeRegions")]
    return items, items


def wl_read(ep, st, rnd):
    items = []
    for i in range(50):
        items.append(ep.ecs("DescribeClusters", {"clusters": rnd.sample(st["clusters"], rnd.randint(1, 5))}))
        items.append(ep.ecs("ListTaskDefinitions", {} if i % 2 else {"familyPrefix": f"bench-td-{i % N_FAMILIES}"}))
        items.append(ep.ecs("DescribeTaskDefinition", {"taskDefinition": rnd.choice(st["td"])}))
        c = rnd.choice(st["clusters"])
        items.append(ep.ecs("ListServices", {"cluster": c}))
        c = rnd.choice(st["clusters"])
        items.append(ep.ecs("DescribeServices", {"cluster": c, "services": rnd.sample(st["services"][c], 3)}))
    rnd.shuffle(items)
    return items, items  # (all for wrk, all for preflight)


def wl_ec2elb(ep, st, rnd):
    items = []
    for i in range(20):
        items.append(ep.ec2("DescribeVpcs"))
        if st.get("vpc") and i % 2:
            items.append(ep.ec2("DescribeSubnets", {"Filter.1.Name": "vpc-id", "Filter.1.Value.1": st["vpc"]}))
        else:
            items.append(ep.ec2("DescribeSubnets"))
        if st.get("alb") and i % 2:
            items.append(ep.elbv2("DescribeLoadBalancers", {"Names.member.1": st["alb"]}))
        else:
            items.append(ep.elbv2("DescribeLoadBalancers"))
    rnd.shuffle(items)
    return items, items


def wl_write(ep, st, rnd):
    tag = f"{int(time.time()) % 100000:05d}{rnd.randint(0, 999):03d}"
    items, regs, tags = [], [], []
    targets = st["cluster_arns"] + st["td_arns"][::10]
    for i in range(WRITE_POOL // 2):
        regs.append(ep.ecs("RegisterTaskDefinition", {
            "family": f"bench-w{tag}-{i}", "containerDefinitions": container_defs("app", i)}))
        # few keys per resource so we stay far below the 50-tags-per-resource quota
        tags.append(ep.ecs("TagResource", {"resourceArn": targets[i % len(targets)],
                                           "tags": [{"key": f"bench-k{i % 4}", "value": f"v{i}"}]}))
    for a, b in zip(regs, tags):
        items += [a, b]
    # preflight only a sample (each pre-signed family is meant to be new when wrk sends it)
    return items, regs[-5:] + tags[-5:]


# name -> (generator, populate parts needed, operations it sends, description)
WORKLOAD_DEFS = {
    "listclusters": (wl_listclusters, (), ["ecs:ListClusters"], "ECS ListClusters (JSON 1.1), one signed request"),
    "sts": (wl_sts, (), ["sts:GetCallerIdentity"], "STS GetCallerIdentity (query), one signed request"),
    "ec2regions": (wl_ec2regions, (), ["ec2:DescribeRegions"], "EC2 DescribeRegions (ec2 protocol), one signed request"),
    "read": (wl_read, ("clusters", "taskdefs", "services"),
             ["ecs:CreateCluster", "ecs:RegisterTaskDefinition", "ecs:ListTaskDefinitions", "ecs:CreateService",
              "ecs:DescribeClusters", "ecs:DescribeTaskDefinition", "ecs:ListServices", "ecs:DescribeServices"],
             "DescribeClusters, ListTaskDefinitions, DescribeTaskDefinition, ListServices, DescribeServices "
             "(equal mix, 250 distinct)"),
    "write": (wl_write, ("clusters", "taskdefs"),
              ["ecs:CreateCluster", "ecs:RegisterTaskDefinition", "ecs:ListTaskDefinitions", "ecs:TagResource"],
              f"RegisterTaskDefinition (unique family per body) + TagResource, 50/50, {WRITE_POOL} distinct, cycled"),
    "ec2elb": (wl_ec2elb, (), ["ec2:DescribeVpcs", "ec2:DescribeSubnets", "elbv2:DescribeLoadBalancers"],
               "EC2 DescribeVpcs, DescribeSubnets; ELBv2 DescribeLoadBalancers (equal mix, 60 distinct)"),
}
SCALE_OPS = ["ecs:ListTaskDefinitions", "ecs:ListClusters", "ecs:CreateCluster", "ecs:RegisterTaskDefinition",
             "ecs:CreateService", "ecs:DescribeServices", "ecs:ListServices"]


def run_workload(ep, st, w, conc, pid, workdir, tag="", before_wrk=None):
    """Preflight then wrk. Returns a figure dict; status ok / not implemented / invalid (never a number then)."""
    gen, needs, _ops, _desc = WORKLOAD_DEFS[w]
    fig = {"workload": w, "connections": conc, "status": "ok", "note": ""}
    missing = [n for n in needs if n in st["failed"]]
    if missing:
        bad = [{"op": f["op"], "status": f["status"], "code": f["code"]} for f in (st["failed"][n] for n in missing)]
        fig["status"], fig["note"], fig["detail"] = classify(bad, " in set-up")
        fig["bad"] = bad
        return fig
    rnd = random.Random(hash((w, conc)) & 0xffff)
    items, pre = gen(ep, st, rnd)  # signed now: X-Amz-Date = now
    ok, n, bad = preflight(ep, pre, w)
    fig["preflight_ok"] = f"{ok}/{n}"
    if bad:
        fig["status"], fig["note"], fig["detail"] = classify(bad)
        fig["bad"] = bad[:5]
        return fig
    lua = os.path.join(workdir, f"{w}_c{conc}{tag}.lua")
    write_lua(lua, w, [r for _, r in items], conc)
    if before_wrk:
        before_wrk()
    fig.update(run_wrk(ep, lua, conc, DURATION, pid))
    fig["workload"] = w
    if not fig["valid"]:
        fig["note"] = (f"invalid ({max(fig['err_status'], fig['non200_lua']):.0f} non-2xx, "
                       f"{fig['sock_errors']:.0f} socket errors)")
    return fig


# --------------------------------------------------------------------------- scale test
def scale_test(ep, pid, workdir):
    """Grows task definitions and services in SCALE_REGION and probes latency at each level.
    Returns {'rows', 'notes', 'region', 'status', 'note'}; status 'not implemented'/'invalid' when the
    server cannot run it (the rows measured before that are kept)."""
    region = SCALE_REGION
    res = {"rows": [], "notes": [], "region": region, "status": "ok", "note": "", "detail": ""}
    probe = [ep.ecs("ListTaskDefinitions", {}, region), ep.ecs("ListClusters", {}, region)]
    ok, n, bad = preflight(ep, probe, "scale probe")
    if bad:
        res["status"], res["note"], res["detail"] = classify(bad)
        return res
    try:
        _scale_levels(ep, pid, workdir, res)
    except ClientError as e:
        op, status, code = client_error(e)
        res["status"], res["note"], res["detail"] = classify([{"op": "ecs:" + op, "status": status, "code": code}])
    except Exception as e:  # noqa
        res["status"], res["note"] = "invalid", f"invalid (error: {e!r})"[:300]
    if res["status"] != "ok":
        log(f"scale test stopped: {res['note']}: {res['detail']}")
    return res


def _scale_levels(ep, pid, workdir, res):
    region = res["region"]
    notes = res["notes"]
    ecs = boto(ep, "ecs", region)
    fresh_tds = len(ecs.list_task_definitions()["taskDefinitionArns"])
    fresh_cl = len(ecs.list_clusters()["clusterArns"])
    if fresh_tds or fresh_cl:
        notes.append(f"scale region {region} NOT fresh: {fresh_tds} task defs, {fresh_cl} clusters already present")
    cluster = "scale-c0"
    ecs.create_cluster(clusterName=cluster)
    local = threading.local()

    def cli():
        if not hasattr(local, "c"):
            local.c = boto(ep, "ecs", region)
        return local.c

    def reg(i):
        cli().register_task_definition(family=f"scale-f{i // 10}", containerDefinitions=container_defs("app", i))

    def svc(j):
        cli().create_service(cluster=cluster, serviceName=f"scale-svc-{j}", taskDefinition="scale-f0:1", desiredCount=0)

    # Tasks: Fargate tasks of one family, RunTask with count 10 (the API's maximum per call).
    ecs.register_task_definition(family="scale-task", containerDefinitions=container_defs("app"),
                                 requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256", memory="512")

    # The region's default subnet and security group when the server models EC2 (moto needs real ones).
    subnet, group = "subnet-0a1b2c3d", "sg-0a1b2c3d"
    try:
        ec2 = boto(ep, "ec2", region)
        subnet = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"][0]["SubnetId"]
        group = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["default"]}])[
            "SecurityGroups"][0]["GroupId"]
    except (botocore.exceptions.ClientError, IndexError, KeyError):
        pass
    awsvpc = {"awsvpcConfiguration": {"subnets": [subnet], "securityGroups": [group]}}

    def run(count):
        out = cli().run_task(cluster=cluster, taskDefinition="scale-task", launchType="FARGATE", count=count,
                             networkConfiguration=awsvpc)
        return len(out.get("tasks", []))

    have_td = have_svc = have_tasks = 0
    task_arns = []
    rnd = random.Random(7)
    for n_td, n_svc, n_tasks in SCALE_LEVELS:
        t0 = time.time()

        # families (10 revisions each) in parallel; revisions of one family sequentially
        def fam_job(start, end=n_td):
            for i in range(start, min(start - start % 10 + 10, end)):
                reg(i)
        starts = sorted({have_td} | set(range(have_td - have_td % 10 + 10, n_td, 10))) if have_td < n_td else []
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            list(pool.map(fam_job, starts))
            list(pool.map(svc, range(have_svc, n_svc)))
            batches = [min(10, n_tasks - k) for k in range(have_tasks, n_tasks, 10)]
            started = sum(pool.map(run, batches))
        if started != n_tasks - have_tasks:
            notes.append(f"RunTask started {started} of {n_tasks - have_tasks} tasks at level {n_td}")
        grow_s = time.time() - t0
        grown = (n_td - have_td) + (n_svc - have_svc) + (n_tasks - have_tasks)
        have_td, have_svc, have_tasks = n_td, n_svc, n_tasks
        time.sleep(1.0)
        page = ecs.list_tasks(cluster=cluster, maxResults=100)["taskArns"]
        task_arns = page[:10] if page else task_arns
        row = {"task_defs": n_td, "services": n_svc, "tasks": n_tasks, "grow_s": grow_s,
               "grow_per_s": grown / grow_s if grow_s else 0, "rss_kib": rss_kib(pid)}
        c = RawClient(ep)
        walks = []
        for _ in range(3):
            token, pages, total, rt = None, 0, 0, 0.0
            while True:
                params = {"maxResults": 100}
                if token:
                    params["nextToken"] = token
                st, body, dt = c.send(ep.ecs("ListTaskDefinitions", params, region)[1])
                if st != 200:
                    notes.append(f"ListTaskDefinitions walk got {st} at level {n_td}")
                    break
                rt += dt
                pages += 1
                d = json.loads(body)
                total += len(d.get("taskDefinitionArns", []))
                token = d.get("nextToken")
                if not token or pages > 10000:
                    break
            walks.append((rt, pages, total))
        c.close()
        row["walk_s"] = statistics.median(w[0] for w in walks)
        row["walk_pages"], row["walk_total"] = walks[0][1], walks[0][2]
        if row["walk_pages"] == 1 and row["walk_total"] > 100:
            notes.append(f"ListTaskDefinitions with maxResults 100 returned all {row['walk_total']} ARNs in one page "
                         f"at level {n_td} (maxResults ignored)")
        if row["walk_total"] != n_td + fresh_tds + 1:  # + the scale-task family
            notes.append(f"walk at level {n_td} returned {row['walk_total']} ARNs (expected {n_td + fresh_tds + 1})")
        probes = {
            "ltd_page1": [ep.ecs("ListTaskDefinitions", {"maxResults": 100}, region)],
            "dsvc10": [ep.ecs("DescribeServices", {"cluster": cluster, "services": [
                f"scale-svc-{j}" for j in rnd.sample(range(n_svc), min(10, n_svc))]}, region) for _ in range(20)],
            "lsvc_page1": [ep.ecs("ListServices", {"cluster": cluster, "maxResults": 100}, region)],
            "ltask_page1": [ep.ecs("ListTasks", {"cluster": cluster, "maxResults": 100}, region)],
            "dtask10": [ep.ecs("DescribeTasks", {"cluster": cluster, "tasks": task_arns}, region)],
        }
        for name, items in probes.items():
            ok, n, bad = preflight(ep, items, f"scale {name}@{n_td}")
            if bad:
                res["rows"].append(row)
                res["status"], res["note"], res["detail"] = classify(bad)
                return
            lua = os.path.join(workdir, f"scale_{name}.lua")
            write_lua(lua, f"scale_{name}", [r for _, r in items], 1, strict=False)
            r = run_wrk(ep, lua, 1, SCALE_LAT_S, pid)
            row[name] = r
        row["register"] = register_probe(ep, region, n_td)
        res["rows"].append(row)
        log(f"scale level td={n_td} svc={n_svc} tasks={n_tasks}: grow {grow_s:.1f}s rss {mib(row['rss_kib'])} MiB "
            f"ltask_page1 p50 {row['ltask_page1']['p50_us'] / 1000:.2f} ms, "
            f"register p50 {row['register']['p50_us'] / 1000:.2f} ms, "
            f"ltd_page1 p50 {row['ltd_page1']['p50_us'] / 1000:.2f} ms, dsvc10 p50 {row['dsvc10']['p50_us'] / 1000:.2f} ms, "
            f"walk {row['walk_s'] * 1000:.1f} ms/{row['walk_pages']} pages")


def register_probe(ep, region, level):
    """Times SCALE_REGISTER_PROBES sequential RegisterTaskDefinition calls (a write, so not through wrk, whose
    repeated requests would grow the state being measured), then deregisters them so ACTIVE counts stay put."""
    c = RawClient(ep)
    times, bad, arns = [], 0, []
    for i in range(SCALE_REGISTER_PROBES):
        st, body, dt = c.send(ep.ecs("RegisterTaskDefinition", {
            "family": f"scale-probe-{level}", "containerDefinitions": container_defs("app", i)}, region)[1])
        if st != 200:
            bad += 1
            continue
        times.append(dt)
        arns.append(json.loads(body)["taskDefinition"]["taskDefinitionArn"])
    for arn in arns:
        c.send(ep.ecs("DeregisterTaskDefinition", {"taskDefinition": arn}, region)[1])
    c.close()
    times.sort()
    pick = (lambda q: times[min(len(times) - 1, int(q * len(times)))] * 1e6) if times else (lambda q: 0)
    return {"valid": bad == 0 and bool(times), "errors": bad, "n": len(times), "p50_us": pick(0.5),
            "p99_us": pick(0.99)}


# --------------------------------------------------------------------------- servers
STARTED = {}  # pid -> Popen, every process this script started (stopped by PID on exit)


def clean_env():
    return {k: v for k, v in os.environ.items() if not k.startswith("ECSEMU_")}


def moto_path():
    p = os.environ.get("BENCH_MOTO_SERVER")
    if p:
        return p
    try:  # resolve the pyenv shim so pyenv's own start-up is not timed and the PID is the server
        out = subprocess.run(["pyenv", "which", "moto_server"], capture_output=True, text=True, timeout=10)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        pass
    return shutil.which("moto_server")


def ecsemu_path(arg=None):
    p = arg or os.environ.get("BENCH_ECSEMU")
    if p:
        return os.path.abspath(p)
    default = os.path.join(REPO, "build", "ecsemu")
    if os.path.exists(default):
        return default
    cands = [os.path.join(REPO, d, "ecsemu") for d in os.listdir(REPO) if d.startswith("build")]
    cands = [c for c in cands if os.access(c, os.X_OK)]
    return max(cands, key=os.path.getmtime) if cands else default


class Server:
    """One server process started by this script on 127.0.0.1:port; stopped by its PID."""

    def __init__(self, name, argv_fn, logpath):
        self.name, self.argv_fn, self.logpath = name, argv_fn, logpath
        self.proc = None

    def start(self, port=None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ep = Endpoint(self.url)
        argv = self.argv_fn(self.port)
        self.argv = argv
        self.logf = open(self.logpath, "wb")
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdout=self.logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     env=clean_env(), start_new_session=True)
        STARTED[self.proc.pid] = self.proc
        self.pid = self.proc.pid
        return self

    def wait_ready(self, raw):
        """Poll with a signed ListClusters until it answers 200; returns seconds since start (or raises)."""
        last, first_non200 = None, None
        while True:
            try:
                s = socket.create_connection(("127.0.0.1", self.port), timeout=2)
                try:
                    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    s.sendall(raw)
                    resp = http.client.HTTPResponse(s)
                    resp.begin()
                    body = resp.read()
                    if resp.status == 200:
                        return time.perf_counter() - self.t0
                    last = f"HTTP {resp.status} {error_code(body)}"
                    first_non200 = first_non200 or time.perf_counter()
                finally:
                    s.close()
            except (ConnectionRefusedError, ConnectionResetError, socket.timeout, http.client.HTTPException):
                pass
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with code {self.proc.returncode} before answering "
                                   f"(log {self.logpath}: {self.log_tail()})")
            now = time.perf_counter()
            if first_non200 and now - first_non200 > 2:
                raise RuntimeError(f"{self.name}: signed ListClusters answered {last} instead of 200")
            if now - self.t0 > START_TIMEOUT_S:
                raise RuntimeError(f"{self.name}: no 200 within {START_TIMEOUT_S:.0f}s (last {last})")
            time.sleep(POLL_S)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, n=400):
        try:
            with open(self.logpath, "rb") as f:
                return f.read()[-n:].decode(errors="replace")
        except OSError:
            return ""

    def stop(self):
        """SIGTERM by PID, SIGKILL after 5 s. Returns the exit code (None if it was not running)."""
        if self.proc is None:
            return None
        p = self.proc
        crashed = p.poll()
        if crashed is None:
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        STARTED.pop(p.pid, None)
        self.logf.close()
        self.proc = None
        return crashed if crashed is not None else p.returncode


def stop_all(*_a):
    for pid, p in list(STARTED.items()):
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
        STARTED.pop(pid, None)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def make_argv(kind, binary, log_level="warn"):
    if kind == "ecsemu":
        extra = os.environ.get("BENCH_ECSEMU_ARGS", "").split()

        def argv(port):
            # API figures: tasks run on the simulated runtime (moto runs no containers either, and the scale test's
            # 10,000 tasks are not 10,000 containers); bench/runtask.sh and service_stable.py measure Docker.
            a = [binary, "--host", "127.0.0.1", "--port", str(port), "--runtime", "simulated"]
            if log_level:
                a += ["--log-level", log_level]
            return a + extra
        return argv
    return lambda port: [binary, "-H", "127.0.0.1", "-p", str(port)]


def coldstart(name, argv_fn, runs, workdir):
    """Process start -> first 200 on a signed ListClusters (pre-signed before the start), then RSS right
    after and after IDLE_S idle seconds. One sample per call to one_run()."""
    samples = []

    def one_run():
        srv = Server(name, argv_fn, os.path.join(workdir, f"coldstart-{name}.log"))
        port = free_port()
        raw = Endpoint(f"http://127.0.0.1:{port}").ecs("ListClusters", {})[1]
        srv.start(port)
        try:
            ready = srv.wait_ready(raw)
            rss1 = rss_kib(srv.pid)
            time.sleep(IDLE_S)
            rss2 = rss_kib(srv.pid)
        finally:
            srv.stop()
        samples.append({"start_ms": ready * 1000, "rss_first_kib": rss1, "rss_idle_kib": rss2})
        log(f"cold start {name}: {ready * 1000:.0f} ms, rss {mib(rss1)} MiB -> {mib(rss2)} MiB after {IDLE_S:g}s idle")
    return samples, one_run


def summarize_cold(samples):
    def med(k):
        v = [s[k] for s in samples if s[k] is not None]
        return statistics.median(v) if v else None
    return {"runs": samples, "n": len(samples), "start_ms": med("start_ms"), "start_ms_min": min(
        (s["start_ms"] for s in samples), default=None), "start_ms_max": max((s["start_ms"] for s in samples), default=None),
        "rss_first_kib": med("rss_first_kib"), "rss_idle_kib": med("rss_idle_kib")}


# --------------------------------------------------------------------------- machine info
def machine_info():
    def read(path):
        try:
            with open(path) as f:
                return f.read()
        except OSError:
            return ""
    cpu = re.search(r"^model name\s*:\s*(.*)$", read("/proc/cpuinfo"), re.M)
    mem = re.search(r"^MemTotal:\s*(\d+)", read("/proc/meminfo"), re.M)
    try:
        nproc = int(subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip())
    except (OSError, ValueError):
        nproc = os.cpu_count()
    try:
        wrkver = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.splitlines()[0].strip()
        wrkver = re.sub(r"\s*Copyright.*", "", wrkver)
    except (OSError, IndexError):
        wrkver = None
    return {"nproc": nproc, "cpu_model": cpu.group(1).strip() if cpu else "unknown",
            "mem_gib": round(int(mem.group(1)) / 1048576, 1) if mem else None,
            "kernel": os.uname().release, "loadavg": read("/proc/loadavg").split()[:3], "wrk": wrkver,
            "python": sys.version.split()[0]}


def pkg_version(name):
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def ecsemu_info(binary):
    info = {"path": binary, "version": None, "implemented": None, "git": None}
    try:
        info["version"] = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=10,
                                         env=clean_env()).stdout.strip() or None
        out = subprocess.run([binary, "--list-operations"], capture_output=True, text=True, timeout=10, env=clean_env())
        if out.returncode == 0:
            d = json.loads(out.stdout)
            info["implemented"] = sorted(f"{svc}:{op}" for svc, ops in d.items() for op in ops)
    except (OSError, ValueError, subprocess.TimeoutExpired) as e:
        info["error"] = repr(e)
    try:
        g = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        info["git"] = g.stdout.strip() if g.returncode == 0 else "no commit"
        d = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--", "src", "include"],
                           capture_output=True, text=True)
        if d.stdout.strip():
            info["git"] += " (+ uncommitted changes in src/include)"
    except OSError:
        pass
    return info


# --------------------------------------------------------------------------- the comparison run
def cmd_all(args):
    T0 = time.time()
    ecsemu_arg = None
    if "--ecsemu" in args:
        ecsemu_arg = args[args.index("--ecsemu") + 1]
    default_servers = "ecsemu,moto" if not SMOKE else ("ecsemu,moto" if os.environ.get("BENCH_SMOKE_MOTO") == "1"
                                                        else "ecsemu")
    servers = [s for s in env("BENCH_SERVERS", default_servers).split(",") if s]
    label = "smoke" if SMOKE else "latest"
    resdir = os.path.join(OUT, "results")
    workdir = os.path.join(OUT, "results", "work", label)
    os.makedirs(workdir, exist_ok=True)
    res = {"kind": "smoke" if SMOKE else "full", "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
           "machine": machine_info(), "servers": {}, "coldstart": {}, "throughput": [], "logcost": [], "scale": {},
           "notes": [], "problems": [],
           "settings": {"duration_s": DURATION, "concurrency": CONCURRENCY, "wrk_threads": WRK_THREADS,
                        "workloads": WORKLOADS, "coldstart_runs": COLD_RUNS, "idle_s": IDLE_S,
                        "scale_levels": SCALE_LEVELS, "scale_lat_s": SCALE_LAT_S, "write_pool": WRITE_POOL,
                        "strict": STRICT, "region": REGION, "scale_region": SCALE_REGION,
                        "ecsemu_args": os.environ.get("BENCH_ECSEMU_ARGS", ""), "poll_ms": POLL_S * 1000}}
    problems = res["problems"]
    if not shutil.which("wrk"):
        problems.append("wrk not found on PATH (apt-get install -y wrk)")
        return finish(res, label, T0)
    binaries = {}
    for s in servers:
        if s == "ecsemu":
            b = ecsemu_path(ecsemu_arg)
            if not os.access(b, os.X_OK):
                msg = f"ecsemu binary {b} not found or not executable"
                if SMOKE:
                    problems.append(msg)
                else:
                    res["notes"].append(msg + ": ecsemu skipped")
                continue
            binaries[s] = b
            res["servers"][s] = {"binary": ecsemu_info(b), "log_level": "warn"}
        elif s == "moto":
            b = moto_path()
            if not b:
                problems.append("moto_server not found (pip install 'moto[server]')")
                continue
            binaries[s] = b
            res["servers"][s] = {"binary": {"path": b, "version": pkg_version("moto")}}
        else:
            problems.append(f"unknown server {s!r} in BENCH_SERVERS")
    servers = [s for s in servers if s in binaries]
    if not servers:
        return finish(res, label, T0)
    if os.environ.get("BENCH_WAIT_QUIET_S", "0") not in ("", "0"):
        wait_quiet(float(os.environ["BENCH_WAIT_QUIET_S"]), 10)
    res["machine"]["loadavg_start"] = open("/proc/loadavg").read().split()[:3]

    # 1. cold start, servers alternating
    log(f"cold start: {COLD_RUNS} run(s) per server ({', '.join(servers)})")
    cold = {s: coldstart(s, make_argv(s, binaries[s]), COLD_RUNS, workdir) for s in servers}
    failed_cold = set()
    for i in range(COLD_RUNS):
        for s in (servers if i % 2 == 0 else servers[::-1]):
            if s in failed_cold:
                continue
            try:
                cold[s][1]()
            except Exception as e:  # noqa
                failed_cold.add(s)
                problems.append(f"{s}: cold start failed: {e}")
                log(f"cold start {s} failed: {e}")
    for s in servers:
        res["coldstart"][s] = summarize_cold(cold[s][0])

    # 2. fresh long-running servers (log level warn for ecsemu)
    live = {}
    for s in servers:
        srv = Server(s, make_argv(s, binaries[s]), os.path.join(workdir, f"{s}-server.log")).start()
        try:
            res["servers"][s]["startup_ms"] = srv.wait_ready(srv.ep.ecs("ListClusters", {})[1]) * 1000
        except Exception as e:  # noqa
            problems.append(f"{s}: server did not come up: {e}")
            srv.stop()
            continue
        live[s] = srv
        res["servers"][s].update({"pid": srv.pid, "port": srv.port, "argv": srv.argv, "rss_start_kib": rss_kib(srv.pid)})
        log(f"{s} up: pid {srv.pid} port {srv.port} rss {mib(res['servers'][s]['rss_start_kib'])} MiB")

    def check_alive(s):
        if s in live and not live[s].alive():
            code = live[s].proc.returncode
            problems.append(f"{s} (pid {live[s].pid}) exited with code {code} during the run; log tail: "
                            f"{live[s].log_tail(300)!r}")
            res["servers"][s]["exit_code"] = code
            live[s].stop()
            del live[s]
        return s in live

    # 3. scale test (fresh region) on each server
    if SCALE_LEVELS:
        for s in list(live):
            log(f"scale test on {s} ...")
            res["scale"][s] = scale_test(live[s].ep, live[s].pid, workdir)
            check_alive(s)

    # 4. populate + throughput, servers alternating per figure
    states = {}
    if WORKLOADS:
        for s in list(live):
            states[s] = populate(live[s].ep)
            res["servers"][s]["populate_s"] = states[s]["populate_s"]
            res["servers"][s]["populate_failed"] = states[s]["failed"]
            log(f"{s} populated in {states[s]['populate_s']:.1f}s"
                + (f"; failed parts: {', '.join(states[s]['failed'])}" if states[s]["failed"] else ""))
            check_alive(s)
        k = 0
        for w in WORKLOADS:
            for conc in CONCURRENCY:
                for s in (servers if k % 2 == 0 else servers[::-1]):
                    if not check_alive(s):
                        fig = {"workload": w, "connections": conc, "status": "error", "note": "server not running"}
                    else:
                        try:
                            fig = run_workload(live[s].ep, states[s], w, conc, live[s].pid, workdir, f"_{s}",
                                               before_wrk=lambda: quiet_wait(res))
                        except Exception as e:  # noqa
                            fig = {"workload": w, "connections": conc, "status": "error", "note": f"error: {e}"[:300]}
                            problems.append(f"{s} {w} c={conc}: {e}"[:400])
                        if check_alive(s):
                            fig["rss_after_kib"] = rss_kib(live[s].pid)
                    fig["server"] = s
                    res["throughput"].append(fig)
                    log_fig(s, fig)
                k += 1
    for s in list(live):
        check_alive(s)
    for s, srv in live.items():
        res["servers"][s]["rss_end_kib"] = rss_kib(srv.pid)
        res["servers"][s]["rss_peak_kib"] = proc_status_kib(srv.pid, "VmHWM")

    # 5. logging cost: listclusters on two fresh ecsemu servers, --log-level warn and the default (info), run
    #    alternately in the same time window; the info server's stderr goes to a file
    if LOGCOST and "ecsemu" in binaries and "listclusters" in WORKLOADS:
        for s in list(live):  # the long-running servers are no longer needed
            res["servers"][s]["exit_code"] = live.pop(s).stop()
        pair = {}
        for name, level in (("ecsemu-warn", "warn"), ("ecsemu-info", None)):
            srv = Server(name, make_argv("ecsemu", binaries["ecsemu"], log_level=level),
                         os.path.join(workdir, f"{name}-server.log")).start()
            try:
                srv.wait_ready(srv.ep.ecs("ListClusters", {})[1])
                pair[name] = srv
            except Exception as e:  # noqa
                problems.append(f"{name} did not come up: {e}")
                srv.stop()
        k = 0
        for conc in CONCURRENCY:
            for name in (list(pair) if k % 2 == 0 else list(pair)[::-1]):
                srv = pair[name]
                if not srv.alive():
                    continue
                try:
                    fig = run_workload(srv.ep, {"failed": {}}, "listclusters", conc, srv.pid, workdir, "_" + name,
                                       before_wrk=lambda: quiet_wait(res))
                except Exception as e:  # noqa
                    fig = {"workload": "listclusters", "connections": conc, "status": "error", "note": f"error: {e}"}
                    problems.append(f"{name} listclusters c={conc}: {e}"[:400])
                fig["server"] = name
                res["logcost"].append(fig)
                log_fig(name, fig)
                if not srv.alive():
                    problems.append(f"{name} exited with code {srv.proc.returncode}: {srv.log_tail(300)!r}")
            k += 1
        for name, srv in pair.items():
            srv.stop()
        try:
            with open(os.path.join(workdir, "ecsemu-info-server.log"), "rb") as f:
                data = f.read()
            lines = [ln for ln in data.splitlines() if b"listening on" not in ln]
            res["logcost_log"] = {"lines": len(lines), "bytes": len(data),
                                  "sample": lines[0].decode(errors="replace")[:300] if lines else ""}
        except OSError:
            pass
    for s in list(live):
        res["servers"][s]["exit_code"] = live.pop(s).stop()

    # server logs: warnings/errors of ecsemu at --log-level warn
    for s in servers:
        p = os.path.join(workdir, f"{s}-server.log")
        if s == "ecsemu" and os.path.exists(p):
            with open(p, "rb") as f:
                lines = f.read().decode(errors="replace").splitlines()
            body = [ln for ln in lines if "listening on" not in ln]
            res["servers"][s]["log_lines"] = len(body)
            res["servers"][s]["log_sample"] = body[:5]
    check_expectations(res)
    return finish(res, label, T0)


def quiet_wait(res):
    """With BENCH_WAIT_QUIET_S set: before a figure, wait up to 30 s for other load to drop below 10 %."""
    if os.environ.get("BENCH_WAIT_QUIET_S", "0") in ("", "0"):
        return
    t0 = time.monotonic()
    wait_quiet(min(30.0, float(os.environ["BENCH_WAIT_QUIET_S"])), 10, quiet=True)
    res["quiet_wait_s"] = res.get("quiet_wait_s", 0) + time.monotonic() - t0


def log_fig(s, fig):
    if fig["status"] == "ok" and fig.get("valid"):
        log(f"{s:<11} {fig['workload']:<12} c={fig['connections']:<2} {fig['rps']:9.1f} req/s p50 "
            f"{fig['p50_us'] / 1000:.2f} ms p99 {fig['p99_us'] / 1000:.2f} ms  cpu {fnum(fig['srv_cpu_us_per_req'], 0)} us/req")
    else:
        log(f"{s:<11} {fig['workload']:<12} c={fig['connections']:<2} {fig.get('note')} {fig.get('detail', '')}")


def check_expectations(res):
    """Machinery/behaviour checks (never timing): an operation ecsemu lists as implemented must answer 200 in
    preflight; moto must run every workload; every figure that ran must be valid."""
    problems = res["problems"]
    impl = None
    if "ecsemu" in res["servers"]:
        impl = res["servers"]["ecsemu"]["binary"].get("implemented")
    baseline = {"listclusters", "sts", "ec2regions"}  # implemented since the first milestone
    for fig in res["throughput"] + res["logcost"]:
        s, w = fig["server"], fig["workload"]
        what = f"{s} {w} c={fig['connections']}"
        if fig["status"] == "ok":
            if not fig.get("valid"):
                problems.append(f"{what}: {fig.get('note')}")
            elif not fig.get("requests"):
                problems.append(f"{what}: no requests counted")
            continue
        if fig["status"] == "error":
            continue  # already reported
        if s == "moto":
            problems.append(f"{what}: {fig['note']}: {fig.get('detail')}")
            continue
        ops = WORKLOAD_DEFS[w][2]
        claimed = impl is not None and all(o in impl for o in ops)
        if claimed or (impl is None and w in baseline):
            problems.append(f"{what}: {fig['note']}: {fig.get('detail')}, although ecsemu --list-operations lists "
                            f"{'all its operations' if claimed else 'them (baseline)'}")
        elif fig["status"] == "not implemented" and impl is not None:
            wrongly = [b["op"] for b in fig.get("bad", []) if b["op"] in impl]
            if wrongly:
                problems.append(f"{what}: HTTP 501 on {', '.join(sorted(set(wrongly)))} which --list-operations lists")
    for s, sc in res["scale"].items():
        if sc["status"] == "ok":
            continue
        if s == "moto" or (impl is not None and all(o in impl for o in SCALE_OPS)):
            problems.append(f"{s} scale test: {sc['note']}: {sc.get('detail')}")


def finish(res, label, T0):
    res["total_s"] = time.time() - T0
    resdir = os.path.join(OUT, "results")
    os.makedirs(resdir, exist_ok=True)
    md = render_md(res)
    for name, data in ((f"{label}.md", md), (f"{label}.json", json.dumps(res, indent=1, default=str))):
        with open(os.path.join(resdir, name), "w") as f:
            f.write(data)
    if label == "latest":
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for ext in ("md", "json"):
            shutil.copyfile(os.path.join(resdir, f"latest.{ext}"), os.path.join(resdir, f"run-{stamp}.{ext}"))
    print(md)
    log(f"wrote {os.path.join(resdir, label + '.md')} and .json ({res['total_s']:.0f} s)")
    if res["problems"]:
        log(f"{len(res['problems'])} problem(s):")
        for p in res["problems"]:
            log("  - " + p)
        return 1
    return 0


# --------------------------------------------------------------------------- Markdown report
def ratio(a, b, nd=2):
    if a is None or b is None or not b:
        return "—"
    return f"{a / b:.{nd}f}"


def cell(fig, key, scale=1.0, nd=1):
    if fig is None:
        return "—"
    if fig["status"] != "ok":
        return fig["note"] or fig["status"]
    if not fig.get("valid"):
        return fig["note"] or "invalid"
    v = fig.get(key)
    return "n/a" if v is None else f"{v * scale:,.{nd}f}"


def val(fig, key):
    if fig is None or fig["status"] != "ok" or not fig.get("valid"):
        return None
    return fig.get(key)


def render_md(res):
    L = []
    m = res["machine"]
    servers = list(res["servers"])
    both = "ecsemu" in servers and "moto" in servers
    title = "ecsemu vs moto_server" if both else " / ".join(servers) or "no server"
    L.append(f"# Benchmark: {title}{' (smoke)' if res['kind'] == 'smoke' else ''}")
    L.append("")
    L.append(f"- date: {res['date']} (total {res.get('total_s', 0):.0f} s)")
    L.append(f"- machine: {m['nproc']} cores ({m['cpu_model']}), {m['mem_gib']} GiB RAM, Linux {m['kernel']}; "
             f"load average at start {' '.join(m.get('loadavg_start', m['loadavg']))}")
    L.append(f"- client: {m['wrk']}, python {m['python']}")
    for s in servers:
        b = res["servers"][s]["binary"]
        if s == "ecsemu":
            impl = b.get("implemented")
            L.append(f"- ecsemu: `{b['path']}` {b.get('version') or ''} (git {b.get('git')}); "
                     f"{len(impl) if impl is not None else '?'} operations implemented per `--list-operations`")
        elif s == "moto":
            L.append(f"- moto_server {b.get('version')}: `{b['path']}`")
        else:
            L.append(f"- {s}: `{b['path']}`")
    st = res["settings"]
    L.append(f"- settings: {st['duration_s']} s per wrk run, concurrency {','.join(map(str, st['concurrency']))} "
             f"(c=1: wrk -t1 -c1; c>1: wrk -t{st['wrk_threads']}), cold start median of {st['coldstart_runs']}, "
             f"scale levels {st['scale_levels'] or 'none'}" + (f", ecsemu extra args `{st['ecsemu_args']}`" if st['ecsemu_args'] else ""))
    L.append("")
    ratio_hdr = " ecsemu/moto |" if both else ""

    def hdr(cols):
        L.append("| " + " | ".join(cols) + " |")
        L.append("|" + "|".join("---" if i == 0 else "---:" for i in range(len(cols))) + "|")

    # cold start
    if res["coldstart"]:
        L.append("## Cold start")
        L.append("")
        hdr(["figure"] + servers + (["ecsemu/moto"] if both else []))
        rows = [("start → first 200 on signed ListClusters, median (ms)", "start_ms", 1, 0),
                ("  fastest / slowest run (ms)", None, 1, 0),
                ("RSS right after that answer, median (MiB)", "rss_first_kib", 1 / 1024, 1),
                (f"RSS after {st['idle_s']:g} s idle, median (MiB)", "rss_idle_kib", 1 / 1024, 1)]
        for name, key, sc, nd in rows:
            cells = []
            for s in servers:
                c = res["coldstart"].get(s, {})
                if not c.get("n"):
                    cells.append("failed")
                elif key is None:
                    cells.append(f"{c['start_ms_min']:.0f} / {c['start_ms_max']:.0f}")
                else:
                    cells.append("n/a" if c.get(key) is None else f"{c[key] * sc:,.{nd}f}")
            r = []
            if both:
                r = ["" if key is None else ratio(res["coldstart"].get("ecsemu", {}).get(key),
                                                  res["coldstart"].get("moto", {}).get(key), 3)]
            L.append("| " + " | ".join([name] + cells + r) + " |")
        L.append("")
        L.append(f"Each run starts the server process fresh on a free 127.0.0.1 port (ecsemu: the binary itself, so "
                 f"its PID is the server; moto: the `moto_server` entry point without the pyenv shim) and polls every "
                 f"{st['poll_ms']:g} ms with a ListClusters signed before the start; runs alternate between servers.")
        L.append("")

    # throughput
    if res["throughput"]:
        L.append("## Throughput and latency")
        L.append("")
        figs = {(f["server"], f["workload"], f["connections"]): f for f in res["throughput"]}
        keys = list(dict.fromkeys((f["workload"], f["connections"]) for f in res["throughput"]))
        for title2, key, sc, nd, better in (("req/s", "rps", 1, 0, "higher"),
                                            ("p50 latency (ms)", "p50_us", 1e-3, 2, "lower"),
                                            ("p99 latency (ms)", "p99_us", 1e-3, 2, "lower"),
                                            ("server CPU per request (µs)", "srv_cpu_us_per_req", 1, 0, "lower")):
            L.append(f"### {title2} ({better} is better)")
            L.append("")
            hdr(["workload", "conc"] + servers + (["ecsemu/moto"] if both else []))
            for w, c in keys:
                cells = [cell(figs.get((s, w, c)), key, sc, nd) for s in servers]
                for i, s in enumerate(servers):
                    f = figs.get((s, w, c))
                    if val(f, key) is not None and (f.get("foreign_cpu_pct") or 0) > 5:
                        cells[i] += " †"
                r = [ratio(val(figs.get(("ecsemu", w, c)), key), val(figs.get(("moto", w, c)), key),
                           2 if key == "rps" else 3)] if both else []
                L.append("| " + " | ".join([w, str(c)] + cells + r) + " |")
            L.append("")
        notrun = [f for f in res["throughput"] if f["status"] != "ok" or not f.get("valid")]
        if notrun:
            L.append("Not measured (no figure is given for these):")
            seen = set()
            for f in notrun:
                k = (f["server"], f["workload"], f.get("detail") or f.get("note"))
                if k in seen:
                    continue
                seen.add(k)
                concs = ",".join(str(g["connections"]) for g in notrun
                                 if (g["server"], g["workload"], g.get("detail") or g.get("note")) == k)
                L.append(f"- {f['server']} `{f['workload']}` (c={concs}): {f['note']}"
                         + (f" — {f['detail']}" if f.get("detail") else ""))
            L.append("")
        L.append("Workloads:")
        for w in dict.fromkeys(k[0] for k in keys):
            L.append(f"- `{w}`: {WORKLOAD_DEFS[w][3]}")
        L.append("")
        # response sizes (different state => different work)
        L.append("Mean response size (bytes), for context: " + "; ".join(
            f"{w} " + " / ".join(f"{s} {fnum(val(figs.get((s, w, CONC0(keys, w))), 'resp_bytes'), 0)}" for s in servers)
            for w in dict.fromkeys(k[0] for k in keys)))
        L.append("")

    # logging cost
    if res["logcost"]:
        L.append("## Cost of logging (ecsemu listclusters: `--log-level warn` vs default `info`)")
        L.append("")
        L.append("Two more fresh ecsemu servers, one per level, run alternately in the same time window.")
        L.append("")
        hdr(["conc", "figure", "warn", "info", "info/warn"])
        warn = {f["connections"]: f for f in res["logcost"] if f["server"] == "ecsemu-warn"}
        for f in res["logcost"]:
            if f["server"] != "ecsemu-info":
                continue
            c = f["connections"]
            def dcell(g, key, sc, nd):
                txt = cell(g, key, sc, nd)
                return txt + (" †" if val(g, key) is not None and (g.get("foreign_cpu_pct") or 0) > 5 else "")
            for name, key, sc, nd in (("req/s", "rps", 1, 0), ("p50 (ms)", "p50_us", 1e-3, 3), ("p99 (ms)", "p99_us", 1e-3, 3),
                                      ("server CPU µs/req", "srv_cpu_us_per_req", 1, 1)):
                L.append(f"| {c} | {name} | {dcell(warn.get(c), key, sc, nd)} | {dcell(f, key, sc, nd)} | "
                         f"{ratio(val(f, key), val(warn.get(c), key), 3)} |")
        lg = res.get("logcost_log")
        if lg:
            L.append("")
            L.append(f"The info-level server wrote {lg['lines']:,} log lines ({lg['bytes'] / 1e6:.1f} MB) to a file "
                     f"(stderr redirected), e.g. `{lg['sample']}`")
        L.append("")

    # scale
    if res["scale"]:
        L.append(f"## Scale test (region {SCALE_REGION_OF(res)}; one cluster holds all services)")
        L.append("")
        for s in servers:
            sc = res["scale"].get(s)
            if sc and sc["status"] != "ok":
                L.append(f"- {s}: {'skipped' if not sc['rows'] else 'stopped'} — {sc['note']}: {sc.get('detail')}")
        L.append("")
        rows_by = {s: {r["task_defs"]: r for r in res["scale"].get(s, {}).get("rows", [])} for s in servers}
        levels = list(dict.fromkeys(r["task_defs"] for s in servers for r in res["scale"].get(s, {}).get("rows", [])))
        if levels:
            hdr(["task defs / services / tasks", "figure"] + servers + (["ecsemu/moto"] if both else []))
            metrics = (("ListTaskDefinitions page 1 p50 (ms)", lambda r: r["ltd_page1"]["p50_us"] / 1000, 2),
                       ("ListTaskDefinitions page 1 p99 (ms)", lambda r: r["ltd_page1"]["p99_us"] / 1000, 2),
                       ("ListTaskDefinitions page 1 size (KB)", lambda r: r["ltd_page1"]["resp_bytes"] / 1000, 1),
                       ("DescribeServices ×10 p50 (ms)", lambda r: r["dsvc10"]["p50_us"] / 1000, 2),
                       ("ListServices page 1 p50 (ms)", lambda r: r["lsvc_page1"]["p50_us"] / 1000, 2),
                       ("ListTasks page 1 p50 (ms)", lambda r: r["ltask_page1"]["p50_us"] / 1000, 2),
                       ("DescribeTasks ×10 p50 (ms)", lambda r: r["dtask10"]["p50_us"] / 1000, 2),
                       ("RegisterTaskDefinition p50 (ms)", lambda r: r["register"]["p50_us"] / 1000, 2),
                       ("RegisterTaskDefinition p99 (ms)", lambda r: r["register"]["p99_us"] / 1000, 2),
                       ("full ListTaskDefinitions walk (ms)", lambda r: r["walk_s"] * 1000, 1),
                       ("pages in that walk (maxResults 100)", lambda r: r["walk_pages"], 0),
                       ("grow time, boto3 4 threads (s)", lambda r: r["grow_s"], 1),
                       ("server RSS (MiB)", lambda r: r["rss_kib"] / 1024 if r.get("rss_kib") else None, 1))
            for lv in levels:
                first = True
                for name, fn, nd in metrics:
                    vals = []
                    for s in servers:
                        r = rows_by[s].get(lv)
                        try:
                            ok = r is not None and all(r[k]["valid"] for k in ("ltd_page1", "dsvc10", "lsvc_page1",
                                                                               "ltask_page1", "dtask10", "register"))
                            v = fn(r) if r is not None and "ltd_page1" in r else None
                        except (KeyError, TypeError):
                            ok, v = False, None
                        vals.append(v if ok or name.startswith(("grow", "server RSS")) else None)
                    lvname = ""
                    if first:
                        r0 = next(rows_by[s][lv] for s in servers if lv in rows_by[s])
                        lvname = f"{r0['task_defs']:,} / {r0['services']:,} / {r0.get('tasks', 0):,}"
                    first = False
                    cells = ["—" if v is None else f"{v:,.{nd}f}" for v in vals]
                    r = [ratio(vals[servers.index("ecsemu")], vals[servers.index("moto")], 3)] if both else []
                    L.append("| " + " | ".join([lvname, name] + cells + r) + " |")
            L.append("")
            for s in servers:
                for n in res["scale"].get(s, {}).get("notes", []):
                    L.append(f"- NOTE {s}: {n}")
            L.append("Latency probes: wrk -t1 -c1 for " + f"{st['scale_lat_s']} s each, exact per-request timing; "
                     "RegisterTaskDefinition is timed over " + f"{SCALE_REGISTER_PROBES} sequential calls of a raw-socket client "
                     "(deregistered afterwards, so the levels stay as stated); "
                     "the walk is the sum of round trips of a python raw-socket client (median of 3); grow time is "
                     "client-bound (boto3), indicative only.")
            L.append("")

    # memory of the long-running servers
    if any("rss_start_kib" in res["servers"][s] for s in servers):
        L.append("## Memory of the long-running servers (MiB)")
        L.append("")
        hdr(["figure"] + servers + (["ecsemu/moto"] if both else []))
        for name, key in (("RSS after start", "rss_start_kib"), ("RSS at the end of the throughput runs", "rss_end_kib"),
                          ("peak RSS (VmHWM)", "rss_peak_kib")):
            vals = [res["servers"][s].get(key) for s in servers]
            r = [ratio(res["servers"].get("ecsemu", {}).get(key), res["servers"].get("moto", {}).get(key), 3)] if both else []
            L.append("| " + " | ".join([name] + [mib(v) for v in vals] + r) + " |")
        L.append("")
        L.append("RSS at the end includes everything the scale test and the write workload created.")
        L.append("")

    # notes
    L.append("## How to read this")
    L.append("")
    L.append("- Ratios are ecsemu/moto for the same figure: for req/s above 1 means ecsemu is faster; for latency, "
             "time, CPU and memory below 1 means ecsemu is better (smaller).")
    L.append("- Both servers ran back to back in this one run on the same machine; the figures alternate between "
             "servers (ecsemu first, then moto first, ...), so slow drifts of other load hit both. wrk shares the "
             f"{m['nproc']} cores with the server, so req/s is a property of this machine, not of the server alone; "
             "`server CPU per request` is the steadier figure.")
    L.append("- ecsemu runs with `--log-level warn` in all throughput runs (the logging-cost table shows the default "
             "`info` level); moto_server logs one line per request to stderr (werkzeug default) in all runs; both "
             "servers' output goes to a file under `results/work/`.")
    L.append("- c=1 latency is exact per-request timing (one connection, timed in the wrk Lua script); c>1 latency "
             "is wrk's own histogram (wrk 4.x corrects it for coordinated omission).")
    L.append("- Every request of a workload is sent once first (preflight) and must answer 200; a workload with a "
             "non-200 there is shown as `not implemented (HTTP 501 …)` or `invalid (…)`, never as a number. "
             "During the wrk run every non-2xx and socket error is counted; a run with any is shown `invalid`.")
    L.append("- † = other processes used more than 5 % of the machine during that run (figure disturbed).")
    L.append("- Each server starts empty; set-up (10 clusters, 100 task definitions, 50 services, a VPC, 2 subnets, "
             "an ALB) is created through boto3 before the read/write/ec2elb workloads; a server that cannot do the "
             "set-up shows the set-up operation that failed.")
    L.append("")
    for s in servers:
        sv = res["servers"][s]
        if sv.get("populate_failed"):
            L.append(f"- set-up on {s}: " + "; ".join(
                f"{part}: {f.get('op')} → HTTP {f.get('status')} {f.get('code')}" + (f" (needs {f['via']})" if f.get("via") else "")
                for part, f in sv["populate_failed"].items()))
        if sv.get("exit_code") not in (None, 0, -15):
            L.append(f"- {s} exit code at stop: {sv['exit_code']}")
        if s == "ecsemu" and sv.get("log_lines"):
            L.append(f"- ecsemu wrote {sv['log_lines']} line(s) at --log-level warn, first: " +
                     "; ".join(f"`{x[:200]}`" for x in sv.get("log_sample", [])[:3]))
    for n in res["notes"]:
        L.append(f"- NOTE: {n}")
    if res.get("quiet_wait_s"):
        L.append(f"- waited {res['quiet_wait_s']:.0f} s in total for other load to drop before figures (BENCH_WAIT_QUIET_S)")
    if res["problems"]:
        L.append("")
        L.append("## Problems")
        L.append("")
        for p in res["problems"]:
            L.append(f"- {p}")
    return "\n".join(L) + "\n"


def CONC0(keys, w):
    return max(c for ww, c in keys if ww == w)


def SCALE_REGION_OF(res):
    for sc in res["scale"].values():
        return sc.get("region", SCALE_REGION)
    return SCALE_REGION


# --------------------------------------------------------------------------- single endpoint / cold start only
def cmd_run(endpoint, label):
    """Throughput + scale against an already running endpoint (no start/stop); same report format."""
    T0 = time.time()
    ep = Endpoint(endpoint)
    workdir = os.path.join(OUT, "results", "work", label)
    os.makedirs(workdir, exist_ok=True)
    res = {"kind": "full", "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
           "machine": machine_info(), "servers": {label: {"binary": {"path": endpoint, "version": ""}}},
           "coldstart": {}, "throughput": [], "logcost": [], "scale": {}, "notes": [], "problems": [],
           "settings": {"duration_s": DURATION, "concurrency": CONCURRENCY, "wrk_threads": WRK_THREADS,
                        "workloads": WORKLOADS, "coldstart_runs": 0, "idle_s": IDLE_S, "scale_levels": SCALE_LEVELS,
                        "scale_lat_s": SCALE_LAT_S, "write_pool": WRITE_POOL, "strict": STRICT, "region": REGION,
                        "scale_region": SCALE_REGION, "ecsemu_args": "", "poll_ms": POLL_S * 1000}}
    pid = server_pid(ep)
    res["servers"][label].update({"pid": pid, "rss_start_kib": rss_kib(pid)})
    if SCALE_LEVELS:
        res["scale"][label] = scale_test(ep, pid, workdir)
    st = populate(ep)
    res["servers"][label]["populate_failed"] = st["failed"]
    for w in WORKLOADS:
        for conc in CONCURRENCY:
            fig = run_workload(ep, st, w, conc, pid, workdir)
            fig["server"] = label
            res["throughput"].append(fig)
            log_fig(label, fig)
    res["servers"][label]["rss_end_kib"] = rss_kib(pid)
    res["servers"][label]["rss_peak_kib"] = proc_status_kib(pid, "VmHWM")
    return finish(res, label, T0)


def cmd_coldstart(label, argv):
    workdir = os.path.join(OUT, "results", "work", label)
    os.makedirs(workdir, exist_ok=True)
    argv_fn = (lambda port: [a.replace("{port}", str(port)) for a in argv])
    samples, one = coldstart(label, argv_fn, COLD_RUNS, workdir)
    for _ in range(COLD_RUNS):
        one()
    s = summarize_cold(samples)
    print(json.dumps(s, indent=1))
    return 0


def wait_quiet(max_s, pct, quiet=False):
    deadline = time.monotonic() + max_s
    while True:
        a = cpu_snapshot(None)
        time.sleep(2)
        b = cpu_snapshot(None)
        if a["busy"] is None:
            log("no /proc/stat; not waiting")
            return
        busy = 100 * (b["busy"] - a["busy"]) / ((b["t"] - a["t"]) * (os.cpu_count() or 1))
        if busy < pct or time.monotonic() > deadline:
            if quiet and busy < pct:
                return
            log(f"machine busy {busy:.0f}% ({'quiet' if busy < pct else 'still busy, going ahead'})")
            return


def main():
    argv = [a for a in sys.argv[1:] if a != "--smoke"]
    if not argv:
        sys.exit(__doc__)
    cmd = argv[0]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        if cmd == "all":
            return cmd_all(argv[1:])
        if cmd == "run" and len(argv) == 3:
            return cmd_run(argv[1], argv[2])
        if cmd == "coldstart" and len(argv) >= 4 and argv[2] == "--":
            return cmd_coldstart(argv[1], argv[3:])
        if cmd == "report" and len(argv) == 2:
            print(render_md(json.load(open(argv[1]))))
            return 0
        if cmd == "sign-listclusters" and len(argv) == 2:
            ep = Endpoint(argv[1])
            for k, v in ep.sign("ecs", REGION, b"{}", ECS_CT, ECS_TARGET + "ListClusters"):
                if k.lower() not in ("host", "content-length"):
                    print(f"{k}: {v}")
            return 0
        if cmd == "wait-quiet" and len(argv) == 3:
            wait_quiet(float(argv[1]), float(argv[2]))
            return 0
        if cmd == "free-port":
            print(free_port())
            return 0
        sys.exit(__doc__)
    finally:
        stop_all()


if __name__ == "__main__":
    sys.exit(main())
