"""ECS account settings: PutAccountSetting(Default), DeleteAccountSetting, ListAccountSettings."""
import unittest

import botocore.exceptions

from harness import ServerTestCase, code, ACCOUNT, require_cli_v2

ROOT = f"arn:aws:iam::{ACCOUNT}:root"
BOB = f"arn:aws:iam::{ACCOUNT}:user/bob"


class AccountSettings(ServerTestCase):
    def refused(self, fn, **kwargs):
        with self.assertRaises(botocore.exceptions.ClientError, msg=str(kwargs)) as ctx:
            fn(**kwargs)
        self.assertEqual(code(ctx.exception), "InvalidParameterException", kwargs)

    def effective(self, name, principal=None):
        kwargs = {"name": name, "effectiveSettings": True}
        if principal:
            kwargs["principalArn"] = principal
        return self.ecs.list_account_settings(**kwargs)["settings"][0]

    def test_aws_defaults_are_the_effective_settings(self):
        settings = []
        pages = self.ecs.get_paginator("list_account_settings").paginate(effectiveSettings=True)
        for page in pages:
            settings += page["settings"]
        values = {s["name"]: s["value"] for s in settings}
        self.assertEqual(values["serviceLongArnFormat"], "enabled")
        self.assertEqual(values["taskLongArnFormat"], "enabled")
        self.assertEqual(values["containerInstanceLongArnFormat"], "enabled")
        self.assertEqual(values["awsvpcTrunking"], "disabled")
        self.assertEqual(values["containerInsights"], "disabled")
        self.assertEqual(values["fargateTaskRetirementWaitPeriod"], "7")
        self.assertEqual(len(settings), 11)
        self.assertEqual(self.ecs.list_account_settings()["settings"], [])
        first = self.ecs.list_account_settings(effectiveSettings=True, maxResults=3)
        self.assertEqual(len(first["settings"]), 3)
        self.assertIn("nextToken", first)

    def test_default_then_principal_override_then_delete(self):
        out = self.ecs.put_account_setting_default(name="containerInsights", value="enabled")["setting"]
        self.assertEqual(out, {"name": "containerInsights", "value": "enabled", "principalArn": ROOT,
                               "type": "user"})
        self.assertEqual(self.effective("containerInsights", BOB)["value"], "enabled")
        bob = self.ecs.put_account_setting(name="containerInsights", value="enhanced", principalArn=BOB)["setting"]
        self.assertEqual(bob["principalArn"], BOB)
        self.assertEqual(self.effective("containerInsights", BOB)["value"], "enhanced")
        self.assertEqual(self.effective("containerInsights")["value"], "enabled")
        listed = self.ecs.list_account_settings(principalArn=BOB)["settings"]
        self.assertEqual([(s["name"], s["value"]) for s in listed], [("containerInsights", "enhanced")])
        filtered = self.ecs.list_account_settings(name="containerInsights", value="enabled")["settings"]
        self.assertEqual(len(filtered), 1)
        deleted = self.ecs.delete_account_setting(name="containerInsights", principalArn=BOB)["setting"]
        self.assertEqual(deleted["value"], "enhanced")
        self.assertEqual(self.effective("containerInsights", BOB)["value"], "enabled")
        self.ecs.delete_account_setting(name="containerInsights")
        self.assertEqual(self.effective("containerInsights")["value"], "disabled")
        self.refused(self.ecs.delete_account_setting, name="containerInsights")

    def test_put_account_setting_without_principal_sets_the_callers_root(self):
        out = self.ecs.put_account_setting(name="awsvpcTrunking", value="enabled")["setting"]
        self.assertEqual(out["principalArn"], ROOT)
        self.assertEqual(self.effective("awsvpcTrunking", BOB)["value"], "enabled")

    def test_invalid_values_principals_and_read_only_settings(self):
        for kwargs in ({"name": "containerInsights", "value": "maybe"},
                       {"name": "fargateTaskRetirementWaitPeriod", "value": "3"},
                       {"name": "awsvpcTrunking", "value": "enabled", "principalArn": "arn:aws:iam::999999999999:root"},
                       {"name": "awsvpcTrunking", "value": "enabled", "principalArn": "not-an-arn"},
                       {"name": "guardDutyActivate", "value": "on"},
                       {"name": "fargateFIPSMode", "value": "enabled"},
                       {"name": "fargateTaskRetirementWaitPeriod", "value": "14", "principalArn": BOB}):
            self.refused(self.ecs.put_account_setting, **kwargs)
        self.refused(self.ecs.put_account_setting_default, name="guardDutyActivate", value="on")
        self.refused(self.ecs.list_account_settings, maxResults=11)
        self.refused(self.ecs.list_account_settings, value="enabled")
        self.refused(self.ecs.list_account_settings, nextToken="garbage")
        self.assertEqual(self.ecs.put_account_setting_default(name="fargateTaskRetirementWaitPeriod",
                                                              value="14")["setting"]["value"], "14")

    def test_cli_v1_and_v2(self):
        _, out, _ = self.server.cli(1, "ecs", "put-account-setting-default", "--name", "serviceLongArnFormat",
                                    "--value", "disabled")
        self.assertEqual(out["setting"]["value"], "disabled")
        require_cli_v2(self)
        _, out, _ = self.server.cli(2, "ecs", "list-account-settings", "--effective-settings", "--name",
                                    "serviceLongArnFormat")
        self.assertEqual(out["settings"][0]["value"], "disabled")
        rc, _, err = self.server.cli(2, "ecs", "put-account-setting", "--name", "containerInsights", "--value",
                                     "nope", check=False)
        self.assertNotEqual(rc, 0)
        self.assertIn("InvalidParameterException", err)


if __name__ == "__main__":
    unittest.main()
