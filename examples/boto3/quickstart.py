#!/usr/bin/env python3
"""A first session with ecsemu and boto3. Start the emulator first (scripts/run), then:
   python3 examples/boto3/quickstart.py [ENDPOINT]        (default http://127.0.0.1:4566)"""
import sys

import boto3

endpoint = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:4566"
session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
sts = session.client("sts", endpoint_url=endpoint)
ec2 = session.client("ec2", endpoint_url=endpoint)
ecs = session.client("ecs", endpoint_url=endpoint)

print("account:", sts.get_caller_identity()["Account"])
print("zones:", [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]])
arn = ecs.create_cluster(clusterName="quickstart-py")["cluster"]["clusterArn"]
print("cluster:", arn)
ecs.tag_resource(resourceArn=arn, tags=[{"key": "course", "value": "ecs-101"}])
print("tags:", ecs.list_tags_for_resource(resourceArn=arn)["tags"])
print("deleted:", ecs.delete_cluster(cluster="quickstart-py")["cluster"]["status"])
