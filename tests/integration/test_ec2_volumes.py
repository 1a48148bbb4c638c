"""EC2 EBS volumes: the root device and block device mappings of RunInstances, CreateVolume, DescribeVolumes and its
filters, AttachVolume, DetachVolume, DeleteVolume, and what termination does to attached volumes; through boto3."""
import unittest

import botocore.exceptions

from harness import ServerTestCase, code

WAIT = {"Delay": 1, "MaxAttempts": 30}
IMAGE = "ami-0123456789abcdef0"


class Volumes(ServerTestCase):
    SERVER_ARGS = ("--runtime", "simulated")

    def setUp(self):
        super().setUp()
        self.ec2 = self.server.client("ec2")

    def launch(self, **kwargs):
        args = dict(ImageId=IMAGE, InstanceType="t3.micro", MinCount=1, MaxCount=1)
        args.update(kwargs)
        return self.ec2.run_instances(**args)["Instances"][0]

    def volumes_of(self, instance_id):
        return self.ec2.describe_volumes(Filters=[{"Name": "attachment.instance-id", "Values": [instance_id]}])[
            "Volumes"]

    def test_launch_makes_root_and_mapped_volumes(self):
        instance = self.launch(BlockDeviceMappings=[
            {"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 30}},
            {"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 50, "VolumeType": "gp2", "DeleteOnTermination": False}},
            {"DeviceName": "/dev/sdg", "NoDevice": ""}],
            TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "team", "Value": "a"}]}])
        self.assertEqual(instance["RootDeviceName"], "/dev/xvda")
        devices = {m["DeviceName"]: m["Ebs"] for m in instance["BlockDeviceMappings"]}
        self.assertEqual(sorted(devices), ["/dev/sdf", "/dev/xvda"])
        self.assertTrue(devices["/dev/xvda"]["DeleteOnTermination"])
        self.assertFalse(devices["/dev/sdf"]["DeleteOnTermination"])
        volumes = {v["Attachments"][0]["Device"]: v for v in self.volumes_of(instance["InstanceId"])}
        self.assertEqual(volumes["/dev/xvda"]["Size"], 30)
        self.assertEqual(volumes["/dev/sdf"]["Size"], 50)
        self.assertEqual(volumes["/dev/sdf"]["VolumeType"], "gp2")
        self.assertEqual(volumes["/dev/sdf"]["State"], "in-use")
        self.assertEqual(volumes["/dev/sdf"]["Tags"], [{"Key": "team", "Value": "a"}])
        self.ec2.terminate_instances(InstanceIds=[instance["InstanceId"]])
        self.ec2.get_waiter("instance_terminated").wait(InstanceIds=[instance["InstanceId"]], WaiterConfig=WAIT)
        kept = self.ec2.describe_volumes(VolumeIds=[volumes["/dev/sdf"]["VolumeId"]])["Volumes"][0]
        self.assertEqual((kept["State"], kept["Attachments"]), ("available", []))
        self.assert_error("InvalidVolume.NotFound", self.ec2.describe_volumes,
                          VolumeIds=[volumes["/dev/xvda"]["VolumeId"]])

    def test_bad_block_device_mappings(self):
        self.assert_error("MissingParameter", self.launch, BlockDeviceMappings=[{"DeviceName": "/dev/sdf"}])
        self.assert_error("MissingParameter", self.launch,
                          BlockDeviceMappings=[{"DeviceName": "/dev/sdf", "Ebs": {"VolumeType": "gp3"}}])
        self.assert_error("InvalidParameterValue", self.launch,
                          BlockDeviceMappings=[{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 10,
                                                                                  "VolumeType": "fast"}}])
        self.assert_error("InvalidParameterValue", self.launch,
                          BlockDeviceMappings=[{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 10,
                                                                                  "VolumeType": "st1"}}])
        self.assert_error("InvalidSnapshot.NotFound", self.launch,
                          BlockDeviceMappings=[{"DeviceName": "/dev/sdf",
                                                "Ebs": {"SnapshotId": "snap-0123456789abcdef0"}}])
        self.assertEqual(self.ec2.describe_instances()["Reservations"], [])

    def test_create_attach_detach_delete(self):
        instance = self.launch()
        zone = instance["Placement"]["AvailabilityZone"]
        other = [z["ZoneName"] for z in self.ec2.describe_availability_zones()["AvailabilityZones"]
                 if z["ZoneName"] != zone][0]
        self.assert_error("MissingParameter", self.ec2.create_volume, AvailabilityZone=zone)
        self.assert_error("InvalidZone.NotFound", self.ec2.create_volume, AvailabilityZone="mars-1a", Size=1)
        self.assert_error("DryRunOperation", self.ec2.create_volume, AvailabilityZone=zone, Size=1, DryRun=True)
        volume = self.ec2.create_volume(AvailabilityZone=zone, Size=20)
        self.assertEqual((volume["VolumeType"], volume["State"], volume["Iops"]), ("gp2", "available", 100))
        far = self.ec2.create_volume(AvailabilityZone=other, Size=20)
        vid, iid = volume["VolumeId"], instance["InstanceId"]
        self.assert_error("InvalidVolume.ZoneMismatch", self.ec2.attach_volume, VolumeId=far["VolumeId"],
                          InstanceId=iid, Device="/dev/sdh")
        self.assert_error("InvalidParameterValue", self.ec2.attach_volume, VolumeId=vid, InstanceId=iid,
                          Device="/dev/xvda")
        self.assert_error("InvalidVolumeID.Malformed", self.ec2.attach_volume, VolumeId="vol-x", InstanceId=iid,
                          Device="/dev/sdh")
        attached = self.ec2.attach_volume(VolumeId=vid, InstanceId=iid, Device="/dev/sdh")
        self.assertEqual((attached["State"], attached["Device"]), ("attaching", "/dev/sdh"))
        self.assert_error("VolumeInUse", self.ec2.attach_volume, VolumeId=vid, InstanceId=iid, Device="/dev/sdi")
        self.assert_error("VolumeInUse", self.ec2.delete_volume, VolumeId=vid)
        in_use = self.ec2.describe_volumes(Filters=[{"Name": "status", "Values": ["in-use"]},
                                                    {"Name": "size", "Values": ["20"]}])["Volumes"]
        self.assertEqual([v["VolumeId"] for v in in_use], [vid])
        described = self.ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]
        self.assertIn("/dev/sdh", [m["DeviceName"] for m in described["BlockDeviceMappings"]])
        self.assert_error("InvalidAttachment.NotFound", self.ec2.detach_volume, VolumeId=vid, Device="/dev/sdz")
        self.assertEqual(self.ec2.detach_volume(VolumeId=vid)["State"], "detaching")
        self.assert_error("IncorrectState", self.ec2.detach_volume, VolumeId=vid)
        self.ec2.delete_volume(VolumeId=vid)
        self.assert_error("InvalidVolume.NotFound", self.ec2.delete_volume, VolumeId=vid)

    def test_root_volume_stays_while_running(self):
        instance = self.launch()
        iid = instance["InstanceId"]
        self.ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig=WAIT)
        [root] = self.volumes_of(iid)
        self.assert_error("OperationNotPermitted", self.ec2.detach_volume, VolumeId=root["VolumeId"])


if __name__ == "__main__":
    unittest.main()
