"""Foundation: the server, routing, the three wire protocols, SigV4, control endpoints, robustness.
Every call goes to the real build/ecsemu on a free loopback port."""
import json
import os
import socket
import subprocess
import tempfile
import threading
import time
import unittest
import xml.etree.ElementTree as ET

import botocore.exceptions

from harness import ACCOUNT, BIN, ECS_PREFIX, Server, json_target, raise_fd_limit, require_cli_v2


def error_code(exc):
    return exc.response["Error"]["Code"], exc.response["ResponseMetadata"]["HTTPStatusCode"]


class ImplementedOperations(unittest.TestCase):
    """STS GetCallerIdentity, EC2 DescribeRegions/DescribeAvailabilityZones and ECS ListClusters through all
    three clients."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server().__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def test_get_caller_identity_answers_the_default_account_with_every_client(self):
        ident = self.server.client("sts").get_caller_identity()
        self.assertEqual(ident["Account"], ACCOUNT)
        self.assertEqual(ident["Arn"], f"arn:aws:iam::{ACCOUNT}:root")
        for v in (1, 2):
            if v == 2:
                require_cli_v2(self)
            _, out, _ = self.server.cli(v, "sts", "get-caller-identity")
            self.assertEqual(out["Account"], ACCOUNT)

    def test_describe_regions_lists_enabled_regions_and_all_regions_on_request(self):
        ec2 = self.server.client("ec2")
        names = {r["RegionName"] for r in ec2.describe_regions()["Regions"]}
        self.assertIn("us-east-1", names)
        self.assertIn("eu-west-1", names)
        self.assertNotIn("af-south-1", names)  # opt-in region, not enabled
        every = ec2.describe_regions(AllRegions=True)["Regions"]
        statuses = {r["RegionName"]: r["OptInStatus"] for r in every}
        self.assertEqual(statuses["af-south-1"], "not-opted-in")
        self.assertEqual(statuses["us-east-1"], "opt-in-not-required")
        one = ec2.describe_regions(RegionNames=["eu-west-1"])["Regions"]
        self.assertEqual(one, [{"Endpoint": "ec2.eu-west-1.amazonaws.com", "RegionName": "eu-west-1",
                                "OptInStatus": "opt-in-not-required"}])
        filtered = ec2.describe_regions(Filters=[{"Name": "region-name", "Values": ["us-*"]}])["Regions"]
        self.assertEqual(sorted(r["RegionName"] for r in filtered),
                         ["us-east-1", "us-east-2", "us-west-1", "us-west-2"])
        for v in (1, 2):
            if v == 2:
                require_cli_v2(self)
            _, out, _ = self.server.cli(v, "ec2", "describe-regions", "--region-names", "us-west-2")
            self.assertEqual([r["RegionName"] for r in out["Regions"]], ["us-west-2"])

    def test_describe_regions_refuses_an_unknown_region_and_an_unknown_filter(self):
        ec2 = self.server.client("ec2")
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            ec2.describe_regions(RegionNames=["mars-north-1"])
        self.assertEqual(error_code(ctx.exception), ("InvalidParameterValue", 400))
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            ec2.describe_regions(Filters=[{"Name": "colour", "Values": ["red"]}])
        self.assertEqual(error_code(ctx.exception), ("InvalidParameterValue", 400))
        self.assertIn("colour", ctx.exception.response["Error"]["Message"])

    def test_describe_regions_with_dry_run_answers_dry_run_operation(self):
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.server.client("ec2").describe_regions(DryRun=True)
        self.assertEqual(error_code(ctx.exception), ("DryRunOperation", 412))

    def test_describe_availability_zones_answers_the_zones_of_the_signing_region(self):
        ec2 = self.server.client("ec2", region="eu-west-1")
        zones = ec2.describe_availability_zones()["AvailabilityZones"]
        self.assertEqual([z["ZoneName"] for z in zones], ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
        self.assertTrue(all(z["State"] == "available" and z["RegionName"] == "eu-west-1" for z in zones))
        self.assertTrue(all(z["ZoneId"].startswith("euw1-az") for z in zones))
        by_id = ec2.describe_availability_zones(ZoneIds=[zones[1]["ZoneId"]])["AvailabilityZones"]
        self.assertEqual([z["ZoneName"] for z in by_id], ["eu-west-1b"])
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            ec2.describe_availability_zones(ZoneNames=["eu-west-1z"])
        self.assertEqual(error_code(ctx.exception), ("InvalidParameterValue", 400))
        for v in (1, 2):
            if v == 2:
                require_cli_v2(self)
            _, out, _ = self.server.cli(v, "ec2", "describe-availability-zones", "--filters",
                                        "Name=zone-name,Values=us-east-1a,us-east-1c")
            self.assertEqual([z["ZoneName"] for z in out["AvailabilityZones"]], ["us-east-1a", "us-east-1c"])

    def test_list_clusters_answers_an_empty_list_with_every_client(self):
        self.assertEqual(self.server.client("ecs").list_clusters()["clusterArns"], [])
        for v in (1, 2):
            if v == 2:
                require_cli_v2(self)
            _, out, _ = self.server.cli(v, "ecs", "list-clusters")
            self.assertEqual(out["clusterArns"], [])

    def test_list_clusters_refuses_a_foreign_token_and_an_out_of_range_page_size(self):
        ecs = self.server.client("ecs")
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            ecs.list_clusters(nextToken="not-a-token")
        self.assertEqual(error_code(ctx.exception), ("InvalidParameterException", 400))
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            ecs.list_clusters(maxResults=500)
        self.assertEqual(error_code(ctx.exception), ("InvalidParameterException", 400))

    def test_presigned_get_caller_identity_url_is_verified(self):
        sts = self.server.client("sts")
        url = sts.generate_presigned_url("get_caller_identity", ExpiresIn=60, HttpMethod="GET")
        path = url[len(self.server.endpoint):]
        status, _, body = self.server.raw("GET", path)
        self.assertEqual(status, 200, body)
        self.assertIn(f"<Account>{ACCOUNT}</Account>".encode(), body)
        tampered = path.replace("X-Amz-Signature=", "X-Amz-Signature=0")
        status, _, body = self.server.raw("GET", tampered[:-1])
        self.assertEqual(status, 403, body)
        self.assertIn(b"<Code>SignatureDoesNotMatch</Code>", body)


class ProtocolErrors(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server().__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def test_malformed_json_gets_serialization_exception(self):
        status, headers, body = self.server.signed("ecs", b"{not json", json_target(ECS_PREFIX, "ListClusters"))
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["__type"], "SerializationException")
        self.assertEqual(headers.get("x-amzn-ErrorType"), "SerializationException")

    def test_a_wrong_json_type_gets_serialization_exception(self):
        status, _, body = self.server.signed("ecs", b'{"maxResults": "ten"}', json_target(ECS_PREFIX, "ListClusters"))
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["__type"], "SerializationException")

    def test_unknown_json_operation_gets_unknown_operation_exception(self):
        status, _, body = self.server.signed("ecs", b"{}", json_target(ECS_PREFIX, "LaunchRockets"))
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["__type"], "UnknownOperationException")

    def test_unknown_query_and_ec2_actions_get_invalid_action(self):
        form = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        for service, version in (("sts", "2011-06-15"), ("ec2", "2016-11-15"),
                                 ("elasticloadbalancing", "2015-12-01")):
            status, _, body = self.server.signed(service, f"Action=LaunchRockets&Version={version}".encode(), form)
            self.assertEqual(status, 400, service)
            self.assertIn(b"<Code>InvalidAction</Code>", body, service)

    def test_spec_operation_not_implemented_answers_a_clear_error_in_each_protocol(self):
        implemented = json.loads(subprocess.run([BIN, "--list-operations"], capture_output=True, text=True,
                                                check=True).stdout)
        # Pick operations in the spec that the registry does not have, so the test follows the code. A service
        # whose every operation is implemented has nothing to check (ECS is complete).
        checked = []
        for service in ("ecs", "logs", "elbv2", "ec2"):  # one per protocol at least (logs: json)
            client = self.server.client(service, validate=False)
            model = client.meta.service_model

            def no_required(name):
                shape = model.operation_model(name).input_shape
                return shape is None or not shape.required_members

            missing = [n for n in model.operation_names if n not in implemented[service] and no_required(n)]
            if not missing:
                continue
            checked.append(service)
            op = missing[0]
            with self.assertRaises(botocore.exceptions.ClientError) as ctx:
                getattr(client, botocore.xform_name(op))()
            self.assertEqual(error_code(ctx.exception), ("NotImplemented", 501), op)
            self.assertIn(op, ctx.exception.response["Error"]["Message"])
        self.assertTrue(checked, "no service has an unimplemented operation left to check")

    def test_missing_required_member_gets_each_protocols_validation_error(self):
        # ECS's model declares no ValidationException: its parameter errors are InvalidParameterException.
        ecs = self.server.client("ecs", validate=False)
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            ecs.describe_services()
        self.assertEqual(error_code(ctx.exception), ("InvalidParameterException", 400))
        self.assertIn("services", ctx.exception.response["Error"]["Message"])
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            ecs.list_account_settings(name="unknown")
        self.assertEqual(error_code(ctx.exception), ("InvalidParameterException", 400))
        sts = self.server.client("sts", validate=False)
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            sts.assume_role()
        self.assertEqual(error_code(ctx.exception), ("ValidationError", 400))
        ec2 = self.server.client("ec2", validate=False)
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            ec2.describe_vpc_attribute()
        self.assertEqual(error_code(ctx.exception)[0], "MissingParameter")

    def test_bad_enum_value_gets_validation_error(self):
        ecs = self.server.client("ecs", validate=False)
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            ecs.list_tasks(desiredStatus="SLEEPING")
        # ECS answers a value outside an enum with InvalidParameterException (its model has no ValidationException).
        self.assertEqual(error_code(ctx.exception), ("InvalidParameterException", 400))

    def test_request_without_action_gets_missing_action(self):
        status, _, body = self.server.raw("POST", "/", b"", {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 400)
        self.assertIn(b"MissingAction", body)

    def test_unknown_api_version_gets_no_such_version(self):
        form = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        status, _, body = self.server.signed("elasticloadbalancing", b"Action=DescribeLoadBalancers&Version=2012-06-01",
                                             form)
        self.assertEqual(status, 400)
        self.assertIn(b"<Code>NoSuchVersion</Code>", body)

    def test_every_response_carries_a_request_id_that_the_log_line_repeats(self):
        status, headers, body = self.server.signed("ecs", b"{}", json_target(ECS_PREFIX, "ListClusters"))
        self.assertEqual(status, 200)
        rid = headers["x-amzn-RequestId"]
        deadline = time.time() + 5
        while time.time() < deadline and rid not in self.server.read_log():
            time.sleep(0.05)
        line = [l for l in self.server.read_log().splitlines() if rid in l][0]
        for part in ("service=ecs", "op=ListClusters", "status=200", "ms=", f"account={ACCOUNT}",
                     "region=us-east-1"):
            self.assertIn(part, line)


class Authentication(unittest.TestCase):
    """Wrong secrets and unknown keys get the code each service family answers on AWS."""

    @classmethod
    def setUpClass(cls):
        cls.creds = tempfile.NamedTemporaryFile("w", suffix=".creds", delete=False)
        cls.creds.write("# classroom keys\nAKIDSTUDENT1 secret-one 111111111111\nAKIDSTUDENT2,secret-two\n")
        cls.creds.close()
        cls.open_server = Server("--credentials", cls.creds.name).__enter__()
        cls.strict_server = Server("--credentials", cls.creds.name, "--auth", "strict").__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.open_server.__exit__(None, None, None)
        cls.strict_server.__exit__(None, None, None)
        os.unlink(cls.creds.name)

    def expect(self, server, key, secret, expected):
        calls = {
            "ecs": lambda: server.client("ecs", key, secret).list_clusters(),
            "sts": lambda: server.client("sts", key, secret).get_caller_identity(),
            "ec2": lambda: server.client("ec2", key, secret).describe_regions(),
        }
        for service, call in calls.items():
            with self.assertRaises(botocore.exceptions.ClientError, msg=service) as ctx:
                call()
            self.assertEqual(error_code(ctx.exception), expected[service], service)

    def test_a_wrong_secret_is_refused_in_each_protocol(self):
        expected = {"ecs": ("InvalidSignatureException", 400), "sts": ("SignatureDoesNotMatch", 403),
                    "ec2": ("AuthFailure", 401)}
        self.expect(self.open_server, "AKIDSTUDENT1", "wrong", expected)
        self.expect(self.open_server, "test", "wrong", expected)

    def test_a_wrong_secret_is_refused_by_the_cli_v1_and_v2(self):
        for v in (1, 2):
            if v == 2:
                require_cli_v2(self)
            code, _, err = self.open_server.cli(v, "ecs", "list-clusters", key="AKIDSTUDENT1", secret="nope",
                                                check=False)
            self.assertNotEqual(code, 0)
            self.assertIn("InvalidSignatureException", err)

    def test_strict_mode_refuses_unknown_keys_in_each_protocol(self):
        expected = {"ecs": ("UnrecognizedClientException", 400), "sts": ("InvalidClientTokenId", 403),
                    "ec2": ("AuthFailure", 401)}
        self.expect(self.strict_server, "AKIDNOBODY", "whatever", expected)

    def test_strict_mode_refuses_unsigned_requests(self):
        status, _, body = self.strict_server.raw("POST", "/", b"Action=GetCallerIdentity&Version=2011-06-15",
                                                 {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 403)
        self.assertIn(b"MissingAuthenticationToken", body)

    def test_credentials_file_keys_map_to_their_accounts(self):
        self.assertEqual(self.open_server.client("sts", "AKIDSTUDENT1", "secret-one").get_caller_identity()["Account"],
                         "111111111111")
        self.assertEqual(self.strict_server.client("sts", "AKIDSTUDENT2", "secret-two")
                         .get_caller_identity()["Account"], ACCOUNT)

    def test_open_mode_accepts_unknown_keys_and_maps_twelve_digit_keys_to_that_account(self):
        self.assertEqual(self.open_server.client("sts", "AKIDANYONE", "x").get_caller_identity()["Account"], ACCOUNT)
        self.assertEqual(self.open_server.client("sts", "222233334444", "x").get_caller_identity()["Account"],
                         "222233334444")

    def test_state_is_isolated_per_account(self):
        # ListClusters is per account and region; both are empty, and the call is answered for each.
        for key in ("333344445555", "test"):
            self.assertEqual(self.open_server.client("ecs", key, "test" if key == "test" else "x")
                             .list_clusters()["clusterArns"], [])

    def test_signature_for_another_service_is_refused(self):
        status, _, body = self.open_server.signed("logs", b"{}", json_target(ECS_PREFIX, "ListClusters"))
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["__type"], "InvalidSignatureException")

    def test_an_expired_signature_is_refused(self):
        import datetime
        from unittest import mock

        import botocore.auth
        import botocore.awsrequest
        import botocore.credentials
        old = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=30)
        req = botocore.awsrequest.AWSRequest(method="POST", url=self.open_server.endpoint + "/", data=b"{}",
                                             headers=json_target(ECS_PREFIX, "ListClusters"))
        with mock.patch("botocore.auth.get_current_datetime", return_value=old):
            botocore.auth.SigV4Auth(botocore.credentials.Credentials("test", "test"), "ecs", "us-east-1").add_auth(req)
        status, _, body = self.open_server.raw("POST", "/", b"{}", dict(req.headers.items()))
        self.assertEqual(status, 400, body)
        self.assertEqual(json.loads(body)["__type"], "InvalidSignatureException")
        self.assertIn("expired", json.loads(body)["message"].lower())

    def test_a_garbled_authorization_header_is_refused_not_crashed_on(self):
        headers = json_target(ECS_PREFIX, "ListClusters")
        headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=, SignedHeaders, Signature="
        status, _, body = self.open_server.raw("POST", "/", b"{}", headers)
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["__type"], "IncompleteSignatureException")
        self.assertEqual(self.open_server.client("ecs").list_clusters()["clusterArns"], [])


class ServerBehaviour(unittest.TestCase):
    def test_health_reports_version_services_and_uptime(self):
        with Server() as server:
            status, headers, body = server.raw("GET", "/_ecsemu/health")
            self.assertEqual(status, 200)
            doc = json.loads(body)
            self.assertEqual(doc["status"], "running")
            self.assertIn("version", doc)
            self.assertGreaterEqual(doc["uptime_seconds"], 0)
            self.assertEqual(set(doc["services"]), {"ecs", "ec2", "elbv2", "autoscaling", "logs", "sts", "iam", "ssm",
                                                  "secretsmanager", "acm", "cloudwatch", "application-autoscaling"})

    def test_reset_endpoints_answer_ok_and_refuse_get(self):
        with Server() as server:
            for path in ("/_ecsemu/reset", "/moto-api/reset"):
                status, _, body = server.raw("POST", path)
                self.assertEqual((status, json.loads(body)), (200, {"status": "ok"}))
                status, _, _ = server.raw("GET", path)
                self.assertEqual(status, 405)
            status, _, _ = server.raw("GET", "/_ecsemu/nothing-here")
            self.assertEqual(status, 404)

    def test_oversized_body_gets_413_and_the_server_keeps_answering(self):
        with Server("--max-body-bytes", "4096") as server:
            status, _, _ = server.raw("POST", "/", b"x" * 100000, {"Content-Type": "application/x-amz-json-1.1"})
            self.assertEqual(status, 413)
            self.assertEqual(server.client("ecs").list_clusters()["clusterArns"], [])

    def test_a_stalled_client_is_dropped_and_others_are_served_meanwhile(self):
        with Server("--read-timeout-ms", "300") as server:
            stalled = socket.create_connection(("127.0.0.1", server.port))
            stalled.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\":")
            start = time.time()
            self.assertEqual(server.client("ecs").list_clusters()["clusterArns"], [])
            self.assertLess(time.time() - start, 1.0)
            stalled.settimeout(5)
            data = stalled.recv(100)  # the server closes the connection after its read deadline
            self.assertEqual(data, b"")
            stalled.close()

    def test_malformed_http_gets_400(self):
        with Server() as server:
            s = socket.create_connection(("127.0.0.1", server.port))
            s.sendall(b"THIS IS NOT HTTP\r\n\r\n")
            s.settimeout(5)
            self.assertIn(b"400", s.recv(200))
            s.close()

    def test_a_thousand_concurrent_connections_are_all_answered(self):
        raise_fd_limit()
        with Server() as server:
            socks = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(1000)]
            request = (b"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: " + ECS_PREFIX.encode() +
                       b".ListClusters\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 2\r\n\r\n{}")
            for s in socks:
                s.sendall(request)
            answered = 0
            for s in socks:
                s.settimeout(30)
                data = b""
                while b"clusterArns" not in data:
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                answered += data.startswith(b"HTTP/1.1 200") and b"clusterArns" in data
                s.close()
            self.assertEqual(answered, 1000)
            self.assertEqual(server.client("ecs").list_clusters()["clusterArns"], [])

    def test_keep_alive_serves_many_requests_on_one_connection(self):
        import http.client
        with Server() as server:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            for _ in range(50):
                conn.request("POST", "/", body=b"{}", headers=json_target(ECS_PREFIX, "ListClusters"))
                resp = conn.getresponse()
                self.assertEqual(resp.status, 200)
                resp.read()
            conn.close()

    def test_sigterm_shuts_down_cleanly(self):
        server = Server().__enter__()
        try:
            self.assertEqual(server.stop(), 0)
        finally:
            server.__exit__(None, None, None)

    def test_environment_variables_mirror_flags(self):
        with Server(env={"ECSEMU_ACCOUNT_ID": "999988887777"}) as server:
            self.assertEqual(server.client("sts").get_caller_identity()["Account"], "999988887777")
        with Server("--account-id", "111122223333", env={"ECSEMU_ACCOUNT_ID": "999988887777"}) as server:
            self.assertEqual(server.client("sts").get_caller_identity()["Account"], "111122223333")

    def test_help_documents_every_flag_and_bad_flags_exit_2(self):
        out = subprocess.run([BIN, "--help"], capture_output=True, text=True)
        self.assertEqual(out.returncode, 0)
        for flag in ("--host", "--port", "--default-region", "--account-id", "--credentials", "--auth",
                     "--log-level", "--threads", "--max-body-bytes", "--read-timeout-ms", "--idle-timeout-ms",
                     "--list-operations", "ECSEMU_PORT"):
            self.assertIn(flag, out.stdout)
        for bad in (["--port", "99999"], ["--auth", "maybe"], ["--account-id", "12"], ["--frobnicate"]):
            res = subprocess.run([BIN, *bad], capture_output=True, text=True)
            self.assertEqual(res.returncode, 2, bad)
            self.assertIn("ecsemu:", res.stderr)

    def test_a_malformed_credentials_file_stops_start_up_with_a_message(self):
        with tempfile.NamedTemporaryFile("w", suffix=".creds") as f:
            f.write("ONLYAKEY\n")
            f.flush()
            res = subprocess.run([BIN, "--port", "0", "--credentials", f.name], capture_output=True, text=True,
                                 timeout=10)
            self.assertEqual(res.returncode, 1)
            self.assertIn(f.name, res.stderr)


if __name__ == "__main__":
    unittest.main()
