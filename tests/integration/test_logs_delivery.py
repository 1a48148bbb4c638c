"""CloudWatch Logs resource policies, subscription destinations and vended-logs delivery (sources,
destinations, their policies, deliveries), through boto3 and the AWS CLI v2: stored, listed, tagged and
validated as AWS does."""
import json
import unittest

import botocore.exceptions

from harness import ServerTestCase, code, ACCOUNT, require_cli_v2

REGION = "us-east-1"

POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "route53.amazonaws.com"},
    "Action": "logs:PutLogEvents", "Resource": "*"}]})
CLOUDFRONT = f"arn:aws:cloudfront::{ACCOUNT}:distribution/E1Q5F5862X9VJ5"


class LogsDeliveryCase(ServerTestCase):
    def setUp(self):
        super().setUp()
        self.logs = self.server.client("logs")

    def assert_error(self, expected, fn, **kwargs):
        return super().assert_error(expected, fn, http_status=400, **kwargs)


class ResourcePolicies(LogsDeliveryCase):
    def test_put_update_describe_delete_and_the_account_limit(self):
        first = self.logs.put_resource_policy(policyName="p0", policyDocument=POLICY)
        self.assertEqual(first["resourcePolicy"]["policyScope"], "ACCOUNT")
        self.assertEqual(first["revisionId"], first["resourcePolicy"]["revisionId"])
        again = self.logs.put_resource_policy(policyName="p0", policyDocument='{"Statement": []}')
        self.assertNotEqual(again["revisionId"], first["revisionId"])
        self.assertEqual(again["resourcePolicy"]["policyDocument"], '{"Statement": []}')
        for i in range(1, 10):
            self.logs.put_resource_policy(policyName=f"p{i}", policyDocument=POLICY)
        err = self.assert_error("LimitExceededException", self.logs.put_resource_policy, policyName="p10",
                                policyDocument=POLICY)
        self.assertIn("Resource limit exceeded.", err.response["Error"]["Message"])
        page = self.logs.describe_resource_policies(limit=4)
        self.assertEqual([p["policyName"] for p in page["resourcePolicies"]], ["p0", "p1", "p2", "p3"])
        rest = self.logs.describe_resource_policies(nextToken=page["nextToken"], limit=50)
        self.assertEqual(len(rest["resourcePolicies"]), 6)
        self.assertNotIn("nextToken", rest)
        self.logs.delete_resource_policy(policyName="p3")
        names = [p["policyName"] for p in self.logs.describe_resource_policies()["resourcePolicies"]]
        self.assertNotIn("p3", names)
        self.assertEqual(len(names), 9)

    def test_bad_input(self):
        self.assert_error("InvalidParameterException", self.logs.put_resource_policy, policyName="p",
                          policyDocument="{not json")
        err = self.assert_error("ResourceNotFoundException", self.logs.delete_resource_policy, policyName="nope")
        self.assertIn("Policy with name [nope] does not exist", err.response["Error"]["Message"])
        self.logs.put_resource_policy(policyName="p", policyDocument=POLICY)
        self.assert_error("OperationAbortedException", self.logs.put_resource_policy, policyName="p",
                          policyDocument=POLICY, expectedRevisionId="stale")
        self.assert_error("ResourceNotFoundException", self.logs.put_resource_policy, policyDocument=POLICY,
                          resourceArn=f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:missing")
        self.assert_error("InvalidParameterException", self.logs.describe_resource_policies, nextToken="forged")


class Destinations(LogsDeliveryCase):
    def test_put_update_policy_tags_delete(self):
        made = self.logs.put_destination(destinationName="d1", targetArn="arn:aws:kinesis:us-east-1:1:stream/s",
                                         roleArn=f"arn:aws:iam::{ACCOUNT}:role/r", tags={"k": "v"})["destination"]
        self.assertEqual(made["arn"], f"arn:aws:logs:{REGION}:{ACCOUNT}:destination:d1")
        self.logs.put_destination(destinationName="d1", targetArn="arn:aws:kinesis:us-east-1:1:stream/t",
                                  roleArn=f"arn:aws:iam::{ACCOUNT}:role/r2")
        self.logs.put_destination(destinationName="other", targetArn="arn:aws:kinesis:us-east-1:1:stream/s",
                                  roleArn=f"arn:aws:iam::{ACCOUNT}:role/r")
        self.logs.put_destination_policy(destinationName="d1", accessPolicy=POLICY)
        listed = self.logs.describe_destinations(DestinationNamePrefix="d")["destinations"]
        self.assertEqual(len(listed), 1)
        self.assertEqual(listed[0]["targetArn"], "arn:aws:kinesis:us-east-1:1:stream/t")
        self.assertEqual(listed[0]["accessPolicy"], POLICY)
        self.assertEqual(listed[0]["creationTime"], made["creationTime"])
        self.assertEqual(len(self.logs.describe_destinations()["destinations"]), 2)
        self.logs.tag_resource(resourceArn=made["arn"], tags={"k2": "v2"})
        self.assertEqual(self.logs.list_tags_for_resource(resourceArn=made["arn"])["tags"], {"k": "v", "k2": "v2"})
        self.logs.untag_resource(resourceArn=made["arn"], tagKeys=["k"])
        self.assertEqual(self.logs.list_tags_for_resource(resourceArn=made["arn"])["tags"], {"k2": "v2"})
        self.logs.delete_destination(destinationName="d1")
        self.assert_error("ResourceNotFoundException", self.logs.delete_destination, destinationName="d1")
        self.assert_error("ResourceNotFoundException", self.logs.put_destination_policy, destinationName="d1",
                          accessPolicy=POLICY)
        self.assert_error("ResourceNotFoundException", self.logs.list_tags_for_resource, resourceArn=made["arn"])


class Delivery(LogsDeliveryCase):
    def source_and_destination(self):
        self.logs.put_delivery_source(name="src", resourceArn=CLOUDFRONT, logType="ACCESS_LOGS", tags={"a": "1"})
        return self.logs.put_delivery_destination(
            name="dst", outputFormat="json",
            deliveryDestinationConfiguration={"destinationResourceArn": "arn:aws:s3:::bucket"})["deliveryDestination"]

    def test_sources_destinations_deliveries(self):
        dst = self.source_and_destination()
        self.assertEqual(dst["deliveryDestinationType"], "S3")
        self.assertEqual(dst["arn"], f"arn:aws:logs:{REGION}:{ACCOUNT}:delivery-destination:dst")
        src = self.logs.get_delivery_source(name="src")["deliverySource"]
        self.assertEqual((src["service"], src["resourceArns"], src["tags"]), ("cloudfront", [CLOUDFRONT], {"a": "1"}))
        made = self.logs.create_delivery(deliverySourceName="src", deliveryDestinationArn=dst["arn"],
                                         recordFields=["date"], fieldDelimiter=",",
                                         s3DeliveryConfiguration={"suffixPath": "p/", "enableHiveCompatiblePath": True})
        delivery = made["delivery"]
        self.assertEqual(delivery["deliveryDestinationType"], "S3")
        self.assertEqual(delivery["s3DeliveryConfiguration"], {"suffixPath": "p/", "enableHiveCompatiblePath": True})
        self.assertEqual(self.logs.get_delivery(id=delivery["id"])["delivery"]["recordFields"], ["date"])
        self.logs.update_delivery_configuration(id=delivery["id"], recordFields=["date", "time"])
        self.assertEqual(self.logs.get_delivery(id=delivery["id"])["delivery"]["recordFields"], ["date", "time"])
        self.assertEqual(len(self.logs.describe_deliveries()["deliveries"]), 1)
        # In use: neither end can go while the delivery exists.
        self.assert_error("ConflictException", self.logs.delete_delivery_source, name="src")
        self.assert_error("ConflictException", self.logs.delete_delivery_destination, name="dst")
        self.assert_error("ConflictException", self.logs.create_delivery, deliverySourceName="src",
                          deliveryDestinationArn=dst["arn"])
        self.logs.delete_delivery(id=delivery["id"])
        self.assert_error("ResourceNotFoundException", self.logs.get_delivery, id=delivery["id"])
        self.logs.delete_delivery_source(name="src")
        self.logs.delete_delivery_destination(name="dst")
        self.assertEqual(self.logs.describe_delivery_sources()["deliverySources"], [])
        self.assertEqual(self.logs.describe_delivery_destinations()["deliveryDestinations"], [])

    def test_destination_policy(self):
        self.source_and_destination()
        self.assertEqual(self.logs.get_delivery_destination_policy(deliveryDestinationName="dst")["policy"], {})
        put = self.logs.put_delivery_destination_policy(deliveryDestinationName="dst", deliveryDestinationPolicy=POLICY)
        self.assertEqual(put["policy"]["deliveryDestinationPolicy"], POLICY)
        self.logs.delete_delivery_destination_policy(deliveryDestinationName="dst")
        self.assertEqual(self.logs.get_delivery_destination_policy(deliveryDestinationName="dst")["policy"], {})
        self.assert_error("ResourceNotFoundException", self.logs.delete_delivery_destination_policy,
                          deliveryDestinationName="dst")
        self.assert_error("ResourceNotFoundException", self.logs.put_delivery_destination_policy,
                          deliveryDestinationName="nope", deliveryDestinationPolicy=POLICY)

    def test_bad_input(self):
        self.source_and_destination()
        # A service that sends no vended logs, a log type the service does not send, a changed resource.
        self.assert_error("ResourceNotFoundException", self.logs.put_delivery_source, name="x",
                          resourceArn="arn:aws:s3:::bucket", logType="ACCESS_LOGS")
        self.assert_error("ValidationException", self.logs.put_delivery_source, name="x", resourceArn=CLOUDFRONT,
                          logType="EVENT_LOGS")
        self.assert_error("ConflictException", self.logs.put_delivery_source, name="src",
                          resourceArn=f"arn:aws:cloudfront::{ACCOUNT}:distribution/OTHER", logType="ACCESS_LOGS")
        # The model's enum and the unchangeable output format are ValidationException (not Logs'
        # InvalidParameterException: these operations declare only ValidationException).
        self.assert_error("ValidationException", self.logs.put_delivery_destination, name="y", outputFormat="foobar",
                          deliveryDestinationConfiguration={"destinationResourceArn": "arn:aws:s3:::b"})
        self.assert_error("ValidationException", self.logs.put_delivery_destination, name="dst", outputFormat="plain",
                          deliveryDestinationConfiguration={"destinationResourceArn": "arn:aws:s3:::bucket"})
        self.assert_error("ValidationException", self.logs.put_delivery_destination, name="z",
                          deliveryDestinationConfiguration={"destinationResourceArn": "arn:aws:sqs:us-east-1:1:q"})
        self.assert_error("ResourceNotFoundException", self.logs.create_delivery, deliverySourceName="nope",
                          deliveryDestinationArn=f"arn:aws:logs:{REGION}:{ACCOUNT}:delivery-destination:dst")
        self.assert_error("ResourceNotFoundException", self.logs.create_delivery, deliverySourceName="src",
                          deliveryDestinationArn=f"arn:aws:logs:{REGION}:{ACCOUNT}:delivery-destination:nope")
        self.assert_error("ResourceNotFoundException", self.logs.get_delivery_source, name="nope")
        self.assert_error("ResourceNotFoundException", self.logs.get_delivery_destination, name="nope")
        self.assert_error("ResourceNotFoundException", self.logs.delete_delivery, id="nope")

    def test_clis_list_what_boto3_made(self):
        # Debian's CLI v2 (2.9) predates the delivery commands; it lists destinations and policies.
        self.logs.put_destination(destinationName="d", targetArn="arn:aws:kinesis:us-east-1:1:stream/s",
                                  roleArn=f"arn:aws:iam::{ACCOUNT}:role/r")
        self.logs.put_resource_policy(policyName="p", policyDocument=POLICY)
        _, out, _ = self.server.cli(1, "logs", "describe-destinations")
        self.assertEqual([d["destinationName"] for d in out["destinations"]], ["d"])
        require_cli_v2(self)
        _, out, _ = self.server.cli(2, "logs", "describe-resource-policies")
        self.assertEqual([p["policyName"] for p in out["resourcePolicies"]], ["p"])


class Validation(LogsDeliveryCase):
    def test_messages_quote_numbers_and_echo_the_whole_value(self):
        err = self.assert_error("InvalidParameterException", self.logs.describe_log_groups, limit=51)
        self.assertIn("Value '51' at 'limit' failed to satisfy constraint", err.response["Error"]["Message"])
        name = "a" * 600
        err = self.assert_error("InvalidParameterException", self.logs.create_log_group, logGroupName=name)
        self.assertIn(f"Value '{name}' at 'logGroupName'", err.response["Error"]["Message"])

    def test_a_group_arn_with_the_star_suffix_is_not_an_identifier(self):
        self.logs.create_log_group(logGroupName="g")
        group = self.logs.describe_log_groups()["logGroups"][0]
        self.logs.create_log_stream(logGroupName="g", logStreamName="s")
        self.assertEqual(len(self.logs.describe_log_streams(logGroupIdentifier=group["logGroupArn"])["logStreams"]),
                         1)
        err = self.assert_error("InvalidParameterException", self.logs.describe_log_streams,
                                logGroupIdentifier=group["arn"])
        self.assertEqual(err.response["Error"]["Message"],
                         f"1 validation error detected: Value '{group['arn']}' at 'logGroupIdentifier' failed to "
                         "satisfy constraint: Member must satisfy regular expression pattern: [\\w#+=/:,.@-]*")


if __name__ == "__main__":
    unittest.main()
