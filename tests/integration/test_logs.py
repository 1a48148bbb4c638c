"""CloudWatch Logs: groups, streams, events, filters, through boto3 and the AWS CLI v1 and v2 (including
`aws logs tail`)."""
import json
import os
import subprocess
import threading
import time
import unittest

import botocore.exceptions

from harness import ServerTestCase, code, poll, ACCOUNT, CLI_V2, require_cli_v2


def now_ms():
    return int(time.time() * 1000)


class LogsCase(ServerTestCase):
    def setUp(self):
        super().setUp()
        self.logs = self.server.client("logs")
        self.raw_logs = self.server.client("logs", validate=False)

    def assert_error(self, expected, fn, **kwargs):
        return super().assert_error(expected, fn, http_status=400, **kwargs)

    def group_with_stream(self, group="g", stream="s"):
        self.logs.create_log_group(logGroupName=group)
        self.logs.create_log_stream(logGroupName=group, logStreamName=stream)

    def put(self, messages, group="g", stream="s", start=None):
        t = start if start is not None else now_ms() - len(messages)
        events = [{"timestamp": t + i, "message": m} for i, m in enumerate(messages)]
        return self.logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=events)


class Groups(LogsCase):
    def test_create_describe_delete(self):
        self.logs.create_log_group(logGroupName="/ecs/web", tags={"team": "a"}, kmsKeyId="arn:aws:kms:us-east-1:"
                                   f"{ACCOUNT}:key/k1")
        self.logs.create_log_group(logGroupName="/ecs/worker")
        self.logs.create_log_group(logGroupName="other")
        groups = self.logs.describe_log_groups()["logGroups"]
        self.assertEqual([g["logGroupName"] for g in groups], ["/ecs/web", "/ecs/worker", "other"])
        web = groups[0]
        self.assertEqual(web["arn"], f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/ecs/web:*")
        self.assertEqual(web["logGroupArn"], f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/ecs/web")
        self.assertEqual(web["kmsKeyId"], f"arn:aws:kms:us-east-1:{ACCOUNT}:key/k1")
        self.assertEqual((web["storedBytes"], web["metricFilterCount"], web["logGroupClass"]), (0, 0, "STANDARD"))
        self.assertNotIn("retentionInDays", web)
        self.assertAlmostEqual(web["creationTime"], now_ms(), delta=60000)
        by_prefix = self.logs.describe_log_groups(logGroupNamePrefix="/ecs/")["logGroups"]
        self.assertEqual([g["logGroupName"] for g in by_prefix], ["/ecs/web", "/ecs/worker"])
        by_pattern = self.logs.describe_log_groups(logGroupNamePattern="work")["logGroups"]
        self.assertEqual([g["logGroupName"] for g in by_pattern], ["/ecs/worker"])
        self.assertEqual(self.logs.describe_log_groups(logGroupNamePattern="WORK")["logGroups"], [])
        page = self.logs.describe_log_groups(limit=2)
        self.assertEqual(len(page["logGroups"]), 2)
        rest = self.logs.describe_log_groups(limit=2, nextToken=page["nextToken"])
        self.assertEqual([g["logGroupName"] for g in rest["logGroups"]], ["other"])
        self.assertNotIn("nextToken", rest)
        ids = self.logs.describe_log_groups(logGroupIdentifiers=["other", web["logGroupArn"]])["logGroups"]
        self.assertEqual([g["logGroupName"] for g in ids], ["/ecs/web", "other"])
        self.logs.delete_log_group(logGroupName="other")
        self.assertEqual(len(self.logs.describe_log_groups()["logGroups"]), 2)

    def test_group_errors(self):
        self.logs.create_log_group(logGroupName="g")
        err = self.assert_error("ResourceAlreadyExistsException", self.logs.create_log_group, logGroupName="g")
        self.assertIn("already exists", str(err))
        err = self.assert_error("ResourceNotFoundException", self.logs.delete_log_group, logGroupName="nope")
        self.assertIn("The specified log group does not exist.", str(err))
        err = self.assert_error("InvalidParameterException", self.logs.create_log_group, logGroupName="bad name")
        self.assertIn("Member must satisfy regular expression pattern", str(err))
        self.assert_error("InvalidParameterException", self.raw_logs.create_log_group, logGroupName="x" * 513)
        self.assert_error("InvalidParameterException", self.raw_logs.create_log_group, logGroupName="")
        self.assert_error("InvalidParameterException", self.logs.describe_log_groups, logGroupNamePrefix="a",
                          logGroupNamePattern="b")
        self.assert_error("InvalidParameterException", self.raw_logs.describe_log_groups, limit=51)
        self.assert_error("InvalidParameterException", self.logs.describe_log_groups, nextToken="garbage")
        self.assert_error("InvalidParameterException", self.raw_logs.create_log_group, logGroupName="c",
                          logGroupClass="FANCY")

    def test_retention(self):
        self.logs.create_log_group(logGroupName="g")
        self.logs.put_retention_policy(logGroupName="g", retentionInDays=7)
        self.assertEqual(self.logs.describe_log_groups()["logGroups"][0]["retentionInDays"], 7)
        err = self.assert_error("InvalidParameterException", self.logs.put_retention_policy, logGroupName="g",
                                retentionInDays=4)
        self.assertIn("Member must satisfy enum value set: [1, 3, 5, 7, 14,", str(err))
        self.logs.delete_retention_policy(logGroupName="g")
        self.assertNotIn("retentionInDays", self.logs.describe_log_groups()["logGroups"][0])
        self.assert_error("ResourceNotFoundException", self.logs.put_retention_policy, logGroupName="x",
                          retentionInDays=1)
        self.assert_error("ResourceNotFoundException", self.logs.delete_retention_policy, logGroupName="x")

    def test_retention_drops_old_events(self):
        self.group_with_stream()
        day = 86400 * 1000
        self.put(["three days old"], start=now_ms() - 3 * day)
        self.put(["fresh"])
        self.logs.put_retention_policy(logGroupName="g", retentionInDays=1)
        events = self.logs.get_log_events(logGroupName="g", logStreamName="s", startFromHead=True)["events"]
        self.assertEqual([e["message"] for e in events], ["fresh"])
        out = self.put(["two days old"], start=now_ms() - 2 * day)
        self.assertEqual(out["rejectedLogEventsInfo"], {"expiredLogEventEndIndex": 0})

    def test_tags_old_and_new_apis(self):
        self.logs.create_log_group(logGroupName="g", tags={"a": "1"})
        arn = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:g"
        self.logs.tag_log_group(logGroupName="g", tags={"b": "2"})
        self.assertEqual(self.logs.list_tags_log_group(logGroupName="g")["tags"], {"a": "1", "b": "2"})
        self.logs.tag_resource(resourceArn=arn, tags={"c": "3"})
        self.assertEqual(self.logs.list_tags_for_resource(resourceArn=arn)["tags"], {"a": "1", "b": "2", "c": "3"})
        self.logs.untag_log_group(logGroupName="g", tags=["a"])
        self.logs.untag_resource(resourceArn=arn, tagKeys=["b"])
        self.assertEqual(self.logs.list_tags_log_group(logGroupName="g")["tags"], {"c": "3"})
        self.assert_error("ResourceNotFoundException", self.logs.list_tags_log_group, logGroupName="x")
        self.assert_error("ResourceNotFoundException", self.logs.tag_log_group, logGroupName="x", tags={"a": "b"})
        self.assert_error("ResourceNotFoundException", self.logs.untag_log_group, logGroupName="x", tags=["a"])
        self.assert_error("ResourceNotFoundException", self.logs.list_tags_for_resource, resourceArn=arn + "x")
        self.assert_error("ResourceNotFoundException", self.logs.tag_resource, resourceArn=arn + "x",
                          tags={"a": "b"})
        self.assert_error("ResourceNotFoundException", self.logs.untag_resource, resourceArn=arn + "x",
                          tagKeys=["a"])
        self.assert_error("InvalidParameterException", self.logs.tag_resource, resourceArn="not-an-arn",
                          tags={"a": "b"})
        many = {f"k{i}": "v" for i in range(50)}
        self.assert_error("TooManyTagsException", self.logs.tag_resource, resourceArn=arn, tags=many)
        self.assert_error("InvalidParameterException", self.logs.tag_log_group, logGroupName="g", tags=many)


class Streams(LogsCase):
    def test_create_describe_order_delete(self):
        self.logs.create_log_group(logGroupName="g")
        for name in ["b", "a", "c/1"]:
            self.logs.create_log_stream(logGroupName="g", logStreamName=name)
        t = now_ms()
        self.put(["late"], stream="a", start=t)
        self.put(["early"], stream="b", start=t - 5000)
        self.put(["middle"], stream="c/1", start=t - 1000)
        names = lambda **kw: [s["logStreamName"] for s in self.logs.describe_log_streams(logGroupName="g", **kw)
                              ["logStreams"]]
        self.assertEqual(names(), ["a", "b", "c/1"])
        self.assertEqual(names(descending=True), ["c/1", "b", "a"])
        self.assertEqual(names(orderBy="LastEventTime"), ["b", "c/1", "a"])
        self.assertEqual(names(orderBy="LastEventTime", descending=True), ["a", "c/1", "b"])
        self.assertEqual(names(logStreamNamePrefix="c"), ["c/1"])
        page = self.logs.describe_log_streams(logGroupName="g", limit=2, descending=True)
        self.assertEqual([s["logStreamName"] for s in page["logStreams"]], ["c/1", "b"])
        rest = self.logs.describe_log_streams(logGroupName="g", limit=2, descending=True, nextToken=page["nextToken"])
        self.assertEqual([s["logStreamName"] for s in rest["logStreams"]], ["a"])
        arn = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:g"
        self.assertEqual(len(self.logs.describe_log_streams(logGroupIdentifier=arn)["logStreams"]), 3)
        a = self.logs.describe_log_streams(logGroupName="g", logStreamNamePrefix="a")["logStreams"][0]
        self.assertEqual((a["firstEventTimestamp"], a["lastEventTimestamp"]), (t, t))
        self.assertIn("lastIngestionTime", a)
        self.assertEqual(a["arn"], f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:g:log-stream:a")
        self.logs.delete_log_stream(logGroupName="g", logStreamName="a")
        self.assertEqual(names(), ["b", "c/1"])
        self.assertGreater(self.logs.describe_log_groups()["logGroups"][0]["storedBytes"], 0)

    def test_stream_errors(self):
        self.logs.create_log_group(logGroupName="g")
        self.logs.create_log_stream(logGroupName="g", logStreamName="s")
        self.assert_error("ResourceAlreadyExistsException", self.logs.create_log_stream, logGroupName="g",
                          logStreamName="s")
        self.assert_error("ResourceNotFoundException", self.logs.create_log_stream, logGroupName="x",
                          logStreamName="s")
        err = self.assert_error("InvalidParameterException", self.logs.create_log_stream, logGroupName="g",
                                logStreamName="a:b")
        self.assertIn("[^:*]*", str(err))
        err = self.assert_error("ResourceNotFoundException", self.logs.delete_log_stream, logGroupName="g",
                                logStreamName="nope")
        self.assertIn("The specified log stream does not exist.", str(err))
        self.assert_error("ResourceNotFoundException", self.logs.describe_log_streams, logGroupName="x")
        self.assert_error("InvalidParameterException", self.logs.describe_log_streams, logGroupName="g",
                          orderBy="LastEventTime", logStreamNamePrefix="s")
        self.assert_error("InvalidParameterException", self.logs.describe_log_streams)
        self.assert_error("InvalidParameterException", self.logs.describe_log_streams, logGroupName="g",
                          logGroupIdentifier="g")
        self.assert_error("InvalidParameterException", self.logs.describe_log_streams, logGroupName="g",
                          nextToken="zzz")
        self.assert_error("InvalidParameterException", self.raw_logs.describe_log_streams, logGroupName="g",
                          orderBy="Size")


class Events(LogsCase):
    def test_put_and_get(self):
        self.group_with_stream()
        out = self.put(["one", "two", "three"])
        self.assertIn("nextSequenceToken", out)
        self.assertNotIn("rejectedLogEventsInfo", out)
        events = self.logs.get_log_events(logGroupName="g", logStreamName="s")["events"]
        self.assertEqual([e["message"] for e in events], ["one", "two", "three"])
        self.assertEqual(sorted(events[0]), ["ingestionTime", "message", "timestamp"])
        # A sequence token is accepted and not needed.
        self.logs.put_log_events(logGroupName="g", logStreamName="s", sequenceToken="whatever",
                                 logEvents=[{"timestamp": now_ms(), "message": "four"}])
        self.assertEqual(len(self.logs.get_log_events(logGroupName="g", logStreamName="s")["events"]), 4)

    def test_tokens_walk_and_stop_repeating(self):
        self.group_with_stream()
        self.put([f"m{i}" for i in range(5)])
        first = self.logs.get_log_events(logGroupName="g", logStreamName="s", startFromHead=True, limit=2)
        self.assertEqual([e["message"] for e in first["events"]], ["m0", "m1"])
        second = self.logs.get_log_events(logGroupName="g", logStreamName="s", nextToken=first["nextForwardToken"],
                                          limit=2)
        self.assertEqual([e["message"] for e in second["events"]], ["m2", "m3"])
        third = self.logs.get_log_events(logGroupName="g", logStreamName="s", nextToken=second["nextForwardToken"],
                                         limit=2)
        self.assertEqual([e["message"] for e in third["events"]], ["m4"])
        end = self.logs.get_log_events(logGroupName="g", logStreamName="s", nextToken=third["nextForwardToken"])
        self.assertEqual(end["events"], [])
        self.assertEqual(end["nextForwardToken"], third["nextForwardToken"])
        # New events show up behind the same token.
        self.put(["m5"])
        more = self.logs.get_log_events(logGroupName="g", logStreamName="s", nextToken=end["nextForwardToken"])
        self.assertEqual([e["message"] for e in more["events"]], ["m5"])
        # From the tail backwards.
        tail = self.logs.get_log_events(logGroupName="g", logStreamName="s", limit=2)
        self.assertEqual([e["message"] for e in tail["events"]], ["m4", "m5"])
        back = self.logs.get_log_events(logGroupName="g", logStreamName="s", nextToken=tail["nextBackwardToken"],
                                        limit=2)
        self.assertEqual([e["message"] for e in back["events"]], ["m2", "m3"])
        back = self.logs.get_log_events(logGroupName="g", logStreamName="s", nextToken=back["nextBackwardToken"],
                                        limit=10)
        self.assertEqual([e["message"] for e in back["events"]], ["m0", "m1"])
        start = self.logs.get_log_events(logGroupName="g", logStreamName="s", nextToken=back["nextBackwardToken"])
        self.assertEqual(start["events"], [])
        self.assertEqual(start["nextBackwardToken"], back["nextBackwardToken"])

    def test_time_window(self):
        self.group_with_stream()
        t = now_ms() - 10000
        self.put(["a", "b", "c", "d"], start=t)
        events = self.logs.get_log_events(logGroupName="g", logStreamName="s", startTime=t + 1, endTime=t + 3,
                                          startFromHead=True)["events"]
        self.assertEqual([e["message"] for e in events], ["b", "c"])

    def test_put_rules(self):
        self.group_with_stream()
        t = now_ms()
        err = self.assert_error("InvalidParameterException", self.logs.put_log_events, logGroupName="g",
                                logStreamName="s", logEvents=[{"timestamp": t, "message": "b"},
                                                              {"timestamp": t - 1, "message": "a"}])
        self.assertIn("chronological order", str(err))
        err = self.assert_error("InvalidParameterException", self.logs.put_log_events, logGroupName="g",
                                logStreamName="s", logEvents=[{"timestamp": t - 25 * 3600 * 1000, "message": "a"},
                                                              {"timestamp": t, "message": "b"}])
        self.assertIn("cannot span more than 24 hours", str(err))
        big = "x" * (1048576 - 26 + 1)
        err = self.assert_error("InvalidParameterException", self.logs.put_log_events, logGroupName="g",
                                logStreamName="s", logEvents=[{"timestamp": t, "message": big}])
        self.assertIn("Upload too large: 1048577 bytes exceeds limit of 1048576", str(err))
        self.logs.put_log_events(logGroupName="g", logStreamName="s", logEvents=[{"timestamp": t, "message": big[1:]}])
        many = [{"timestamp": t, "message": "m"}] * 10001
        self.assert_error("InvalidParameterException", self.raw_logs.put_log_events, logGroupName="g",
                          logStreamName="s", logEvents=many)
        self.logs.put_log_events(logGroupName="g", logStreamName="s", logEvents=many[:10000])
        self.assert_error("InvalidParameterException", self.raw_logs.put_log_events, logGroupName="g",
                          logStreamName="s", logEvents=[])
        self.assert_error("InvalidParameterException", self.raw_logs.put_log_events, logGroupName="g",
                          logStreamName="s", logEvents=[{"timestamp": t, "message": ""}])
        self.assert_error("ResourceNotFoundException", self.logs.put_log_events, logGroupName="g",
                          logStreamName="nope", logEvents=[{"timestamp": t, "message": "m"}])
        self.assert_error("ResourceNotFoundException", self.logs.put_log_events, logGroupName="nope",
                          logStreamName="s", logEvents=[{"timestamp": t, "message": "m"}])

    def test_too_old_and_too_new_are_reported(self):
        self.group_with_stream()
        t = now_ms()
        day = 86400 * 1000
        out = self.logs.put_log_events(logGroupName="g", logStreamName="s", logEvents=[
            {"timestamp": t - 15 * day, "message": "old"}])
        self.assertEqual(out["rejectedLogEventsInfo"], {"tooOldLogEventEndIndex": 0})
        out = self.logs.put_log_events(logGroupName="g", logStreamName="s", logEvents=[
            {"timestamp": t, "message": "ok"}, {"timestamp": t + 3 * 3600 * 1000, "message": "future"}])
        self.assertEqual(out["rejectedLogEventsInfo"], {"tooNewLogEventStartIndex": 1})
        events = self.logs.get_log_events(logGroupName="g", logStreamName="s")["events"]
        self.assertEqual([e["message"] for e in events], ["ok"])

    def test_get_errors(self):
        self.group_with_stream()
        self.assert_error("ResourceNotFoundException", self.logs.get_log_events, logGroupName="g",
                          logStreamName="x")
        self.assert_error("ResourceNotFoundException", self.logs.get_log_events, logGroupName="x",
                          logStreamName="s")
        self.assert_error("InvalidParameterException", self.logs.get_log_events, logGroupName="g",
                          logStreamName="s", nextToken="f/garbage")
        self.assert_error("InvalidParameterException", self.raw_logs.get_log_events, logGroupName="g",
                          logStreamName="s", limit=10001)
        self.assert_error("InvalidParameterException", self.logs.get_log_events, logStreamName="s")


class Filtering(LogsCase):
    def fill(self):
        self.logs.create_log_group(logGroupName="g")
        for s in ["web-1", "web-2", "db"]:
            self.logs.create_log_stream(logGroupName="g", logStreamName=s)
        t = now_ms() - 10000
        self.put(["GET / 200", "ERROR disk full"], stream="web-1", start=t)
        self.put(["GET /x 404", "WARN slow"], stream="web-2", start=t + 10)
        self.put(['{"level":"ERROR","latency":120}', '{"level":"INFO","latency":5}'], stream="db", start=t + 20)
        return t

    def messages(self, **kw):
        return [e["message"] for e in self.logs.filter_log_events(logGroupName="g", **kw)["events"]]

    def test_across_streams_in_time_order(self):
        t = self.fill()
        out = self.logs.filter_log_events(logGroupName="g")
        self.assertEqual([e["message"] for e in out["events"]],
                         ["GET / 200", "ERROR disk full", "GET /x 404", "WARN slow", '{"level":"ERROR","latency":120}',
                          '{"level":"INFO","latency":5}'])
        e = out["events"][0]
        self.assertEqual(sorted(e), ["eventId", "ingestionTime", "logStreamName", "message", "timestamp"])
        self.assertEqual(len({x["eventId"] for x in out["events"]}), 6)
        self.assertEqual(self.messages(logStreamNames=["web-2"]), ["GET /x 404", "WARN slow"])
        self.assertEqual(self.messages(logStreamNamePrefix="web", filterPattern="GET"), ["GET / 200", "GET /x 404"])
        self.assertEqual(self.messages(startTime=t + 10, endTime=t + 20), ["GET /x 404", "WARN slow"])

    def test_patterns(self):
        self.fill()
        self.assertEqual(self.messages(filterPattern="ERROR"), ["ERROR disk full", '{"level":"ERROR","latency":120}'])
        self.assertEqual(self.messages(filterPattern="?WARN ?404"), ["GET /x 404", "WARN slow"])
        self.assertEqual(self.messages(filterPattern="GET -404"), ["GET / 200"])
        self.assertEqual(self.messages(filterPattern='"disk full"'), ["ERROR disk full"])
        self.assertEqual(self.messages(filterPattern='{ $.latency > 100 }'), ['{"level":"ERROR","latency":120}'])
        self.assertEqual(self.messages(filterPattern='{ $.level = "INFO" || $.latency > 100 }'),
                         ['{"level":"ERROR","latency":120}', '{"level":"INFO","latency":5}'])
        self.assertEqual(self.messages(filterPattern="[verb, path, status = 4*]"), ["GET /x 404"])
        self.assertEqual(self.messages(filterPattern="[verb = GET, path, status != 404]"), ["GET / 200"])

    def test_paging(self):
        self.logs.create_log_group(logGroupName="g")
        self.logs.create_log_stream(logGroupName="g", logStreamName="s")
        self.put([f"m{i}" for i in range(7)])
        seen = []
        token = None
        while True:
            kw = {"nextToken": token} if token else {}
            page = self.logs.filter_log_events(logGroupName="g", limit=3, **kw)
            seen += [e["message"] for e in page["events"]]
            token = page.get("nextToken")
            if not token:
                break
        self.assertEqual(seen, [f"m{i}" for i in range(7)])
        pages = list(self.logs.get_paginator("filter_log_events").paginate(logGroupName="g",
                                                                          PaginationConfig={"PageSize": 2}))
        self.assertEqual(sum(len(p["events"]) for p in pages), 7)

    def test_filter_errors(self):
        self.fill()
        for pattern in ["{ $.a = 1", "[a, b", "foo:bar", '"open', "{ $.a > \"x\" }", "{ a = 1 }"]:
            self.assert_error("InvalidParameterException", self.logs.filter_log_events, logGroupName="g",
                              filterPattern=pattern)
        self.assert_error("InvalidParameterException", self.logs.filter_log_events, logGroupName="g",
                          logStreamNames=["db"], logStreamNamePrefix="web")
        self.assert_error("ResourceNotFoundException", self.logs.filter_log_events, logGroupName="nope")
        self.assert_error("InvalidParameterException", self.logs.filter_log_events, logGroupName="g",
                          nextToken="junk")

    def test_metric_filters(self):
        self.fill()
        transform = [{"metricName": "Errors", "metricNamespace": "App", "metricValue": "1", "defaultValue": 0.0}]
        self.logs.put_metric_filter(logGroupName="g", filterName="errors", filterPattern="ERROR",
                                    metricTransformations=transform)
        self.logs.put_metric_filter(logGroupName="g", filterName="latency", filterPattern="{ $.latency > 0 }",
                                    metricTransformations=[{"metricName": "Latency", "metricNamespace": "App",
                                                            "metricValue": "$.latency", "unit": "Milliseconds"}])
        filters = self.logs.describe_metric_filters(logGroupName="g")["metricFilters"]
        self.assertEqual([f["filterName"] for f in filters], ["errors", "latency"])
        self.assertEqual(filters[0]["metricTransformations"][0]["metricName"], "Errors")
        self.assertEqual(self.logs.describe_log_groups()["logGroups"][0]["metricFilterCount"], 2)
        by_metric = self.logs.describe_metric_filters(metricName="Latency", metricNamespace="App")["metricFilters"]
        self.assertEqual([f["filterName"] for f in by_metric], ["latency"])
        self.assertEqual(len(self.logs.describe_metric_filters(logGroupName="g", filterNamePrefix="err")
                             ["metricFilters"]), 1)
        self.assert_error("InvalidParameterException", self.logs.put_metric_filter, logGroupName="g",
                          filterName="bad", filterPattern="{ $.x = ", metricTransformations=transform)
        self.assert_error("ResourceNotFoundException", self.logs.put_metric_filter, logGroupName="nope",
                          filterName="f", filterPattern="", metricTransformations=transform)
        self.assert_error("InvalidParameterException", self.logs.describe_metric_filters, filterNamePrefix="e")
        self.assert_error("InvalidParameterException", self.logs.describe_metric_filters, metricName="Errors")
        self.logs.delete_metric_filter(logGroupName="g", filterName="errors")
        self.assert_error("ResourceNotFoundException", self.logs.delete_metric_filter, logGroupName="g",
                          filterName="errors")
        matches = self.logs.test_metric_filter(filterPattern="[ip, user, status = 5*]",
                                               logEventMessages=["1.2.3.4 bob 500", "1.2.3.4 amy 200"])["matches"]
        self.assertEqual(matches, [{"eventNumber": 1, "eventMessage": "1.2.3.4 bob 500",
                                    "extractedValues": {"$ip": "1.2.3.4", "$status": "500", "$user": "bob"}}])
        self.assert_error("InvalidParameterException", self.logs.test_metric_filter, filterPattern="{",
                          logEventMessages=["x"])

    def test_subscription_filters(self):
        self.fill()
        dest = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:f"
        self.logs.put_subscription_filter(logGroupName="g", filterName="a", filterPattern="ERROR",
                                          destinationArn=dest)
        self.logs.put_subscription_filter(logGroupName="g", filterName="b", filterPattern="",
                                          destinationArn=dest, distribution="Random")
        self.logs.put_subscription_filter(logGroupName="g", filterName="a", filterPattern="WARN",
                                          destinationArn=dest)  # an update
        subs = self.logs.describe_subscription_filters(logGroupName="g")["subscriptionFilters"]
        self.assertEqual([(s["filterName"], s["filterPattern"], s["distribution"]) for s in subs],
                         [("a", "WARN", "ByLogStream"), ("b", "", "Random")])
        self.assert_error("LimitExceededException", self.logs.put_subscription_filter, logGroupName="g",
                          filterName="c", filterPattern="", destinationArn=dest)
        self.assert_error("InvalidParameterException", self.logs.put_subscription_filter, logGroupName="g",
                          filterName="a", filterPattern="[x", destinationArn=dest)
        self.assert_error("ResourceNotFoundException", self.logs.describe_subscription_filters, logGroupName="x")
        self.logs.delete_subscription_filter(logGroupName="g", filterName="a")
        self.assert_error("ResourceNotFoundException", self.logs.delete_subscription_filter, logGroupName="g",
                          filterName="a")
        self.assertEqual(len(self.logs.describe_subscription_filters(logGroupName="g")["subscriptionFilters"]), 1)


class Cli(LogsCase):
    def test_cli_v1_and_v2(self):
        for version in (1, 2):
            if version == 2:
                require_cli_v2(self)
            group = f"/cli/v{version}"
            self.server.cli(version, "logs", "create-log-group", "--log-group-name", group)
            self.server.cli(version, "logs", "create-log-stream", "--log-group-name", group, "--log-stream-name", "s")
            events = json.dumps([{"timestamp": now_ms(), "message": f"hello from v{version}"}])
            _, out, _ = self.server.cli(version, "logs", "put-log-events", "--log-group-name", group,
                                        "--log-stream-name", "s", "--log-events", events)
            self.assertIn("nextSequenceToken", out)
            _, out, _ = self.server.cli(version, "logs", "get-log-events", "--log-group-name", group,
                                        "--log-stream-name", "s")
            self.assertEqual([e["message"] for e in out["events"]], [f"hello from v{version}"])
            _, out, _ = self.server.cli(version, "logs", "filter-log-events", "--log-group-name", group,
                                        "--filter-pattern", "hello")
            self.assertEqual(len(out["events"]), 1)
            _, out, _ = self.server.cli(version, "logs", "describe-log-groups", "--log-group-name-prefix", "/cli/")
            self.assertIn(group, [g["logGroupName"] for g in out["logGroups"]])
            rc, _, err = self.server.cli(version, "logs", "create-log-group", "--log-group-name", group, check=False)
            self.assertNotEqual(rc, 0)
            self.assertIn("ResourceAlreadyExistsException", err)
            rc, _, err = self.server.cli(version, "logs", "filter-log-events", "--log-group-name", group,
                                         "--filter-pattern", "{ $.x", check=False)
            self.assertIn("InvalidParameterException", err)

    def tail_cmd(self, *args):
        return [CLI_V2, "--endpoint-url", self.server.endpoint, "logs", "tail", *args]

    def test_cli_v2_tail_since(self):
        require_cli_v2(self)
        self.group_with_stream(group="/tail", stream="web/1")
        self.put(["an hour ago"], group="/tail", stream="web/1", start=now_ms() - 3600 * 1000)
        self.put(["just now"], group="/tail", stream="web/1")
        res = subprocess.run(self.tail_cmd("/tail", "--since", "10m"), capture_output=True, text=True,
                             env=self.server.cli_env(), timeout=60)
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertIn("web/1 just now", res.stdout)
        self.assertNotIn("an hour ago", res.stdout)
        res = subprocess.run(self.tail_cmd("/tail", "--since", "2h", "--filter-pattern", "hour"),
                             capture_output=True, text=True, env=self.server.cli_env(), timeout=60)
        self.assertEqual(res.stdout.count("\n"), 1, res.stdout)
        self.assertIn("an hour ago", res.stdout)
        res = subprocess.run(self.tail_cmd("/missing"), capture_output=True, text=True, env=self.server.cli_env(),
                             timeout=60)
        self.assertNotEqual(res.returncode, 0)
        self.assertIn("ResourceNotFoundException", res.stderr)

    def test_cli_v2_tail_follow(self):
        require_cli_v2(self)
        self.group_with_stream(group="/follow")
        self.put(["before follow"], group="/follow")
        proc = subprocess.Popen(self.tail_cmd("/follow", "--follow", "--format", "short"), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=self.server.cli_env())
        lines = []
        reader = threading.Thread(target=lambda: lines.extend(iter(proc.stdout.readline, "")), daemon=True)
        reader.start()
        try:
            poll(lambda: any("before follow" in l for l in lines), timeout=30, what="the first line")
            self.put(["after follow"], group="/follow", start=now_ms())
            poll(lambda: any("after follow" in l for l in lines), timeout=30, what="the followed line")
        finally:
            proc.terminate()
            proc.wait(timeout=10)
            proc.stdout.close()
            proc.stderr.close()
        self.assertEqual(sum("before follow" in l for l in lines), 1, lines)


if __name__ == "__main__":
    unittest.main()
