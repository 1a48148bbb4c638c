// The AWS managed policies an ECS workflow attaches (task execution, container instances, services, volumes,
// load balancers, Service Connect, ECR, Logs, SSM, Secrets Manager, ...), with the path, default version, dates and
// document AWS publishes for them. ecsemu stores policies and never evaluates them: the documents are here so that
// GetPolicyVersion answers what AWS answers.
#include "services/iam/iam_managed_policies.hpp"

namespace ecsemu::iam {

namespace {

// clang-format off
const AwsManagedPolicy kPolicies[] = {
    {"AmazonECSTaskExecutionRolePolicy", "/service-role/", "ANPALJ3WWTOFLI53BHNT4", "v1", "2017-11-16T18:48:22+00:00", "2017-11-16T18:48:22+00:00",
     R"JSON({
    "Statement": [
        {
            "Action": [
                "ecr:GetAuthorizationToken",
                "ecr:BatchCheckLayerAvailability",
                "ecr:GetDownloadUrlForLayer",
                "ecr:BatchGetImage",
                "logs:CreateLogStream",
                "logs:PutLogEvents"
            ],
            "Effect": "Allow",
            "Resource": "*"
        }
    ],
    "Version": "2012-10-17"
})JSON"},
    {"AmazonEC2ContainerServiceforEC2Role", "/service-role/", "ANPALRY7UIG3ONFETXWTN", "v10", "2015-03-19T18:45:18+00:00", "2026-02-12T17:59:52+00:00",
     R"JSON({
    "Statement": [
        {
            "Action": [
                "ec2:DescribeTags",
                "ecs:CreateCluster",
                "ecs:DeregisterContainerInstance",
                "ecs:DiscoverPollEndpoint",
                "ecs:Poll",
                "ecs:RegisterContainerInstance",
                "ecs:StartTelemetrySession",
                "ecs:UpdateContainerInstancesState",
                "ecs:Submit*",
                "ecr:GetAuthorizationToken",
                "ecr:BatchCheckLayerAvailability",
                "ecr:GetDownloadUrlForLayer",
                "ecr:BatchGetImage",
                "logs:CreateLogStream",
                "logs:PutLogEvents"
            ],
            "Effect": "Allow",
            "Resource": "*"
        },
        {
            "Action": "ecs:TagResource",
            "Condition": {
                "StringEquals": {
                    "ecs:CreateAction": [
                        "CreateCluster",
                        "RegisterContainerInstance"
                    ]
                }
            },
            "Effect": "Allow",
            "Resource": "*"
        },
        {
            "Action": [
                "ecs:ListTagsForResource"
            ],
            "Effect": "Allow",
            "Resource": [
                "arn:aws:ecs:*:*:task/*/*",
                "arn:aws:ecs:*:*:container-instance/*/*"
            ]
        }
    ],
    "Version": "2012-10-17"
})JSON"},
    {"AmazonEC2ContainerServiceRole", "/service-role/", "ANPA5D2DCTABQD5WVDLMU", "v2", "2015-04-09T16:14:19+00:00", "2016-08-11T13:08:01+00:00",
     R"JSON({
    "Statement": [
        {
            "Action": [
                "ec2:AuthorizeSecurityGroupIngress",
                "ec2:Describe*",
                "elasticloadbalancing:DeregisterInstancesFromLoadBalancer",
                "elasticloadbalancing:DeregisterTargets",
                "elasticloadbalancing:Describe*",
                "elasticloadbalancing:RegisterInstancesWithLoadBalancer",
                "elasticloadbalancing:RegisterTargets"
            ],
            "Effect": "Allow",
            "Resource": "*"
        }
    ],
    "Version": "2012-10-17"
})JSON"},
    {"AmazonECS_FullAccess", "/", "ANPA4XI7XNICCHKADCTHH", "v21", "2017-11-07T21:36:54+00:00", "2024-08-13T19:39:37+00:00",
     R"JSON({
    "Statement": [
        {
            "Action": [
                "application-autoscaling:DeleteScalingPolicy",
                "application-autoscaling:DeregisterScalableTarget",
                "application-autoscaling:DescribeScalableTargets",
                "application-autoscaling:DescribeScalingActivities",
                "application-autoscaling:DescribeScalingPolicies",
                "application-autoscaling:PutScalingPolicy",
                "application-autoscaling:RegisterScalableTarget",
                "appmesh:DescribeVirtualGateway",
                "appmesh:DescribeVirtualNode",
                "appmesh:ListMeshes",
                "appmesh:ListVirtualGateways",
                "appmesh:ListVirtualNodes",
                "autoscaling:CreateAutoScalingGroup",
                "autoscaling:CreateLaunchConfiguration",
                "autoscaling:DeleteAutoScalingGroup",
                "autoscaling:DeleteLaunchConfiguration",
                "autoscaling:Describe*",
                "autoscaling:UpdateAutoScalingGroup",
                "cloudformation:CreateStack",
                "cloudformation:DeleteStack",
                "cloudformation:DescribeStack*",
                "cloudformation:UpdateStack",
                "cloudwatch:DeleteAlarms",
                "cloudwatch:DescribeAlarms",
                "cloudwatch:GetMetricStatistics",
                "cloudwatch:PutMetricAlarm",
                "codedeploy:BatchGetApplicationRevisions",
                "codedeploy:BatchGetApplications",
                "codedeploy:BatchGetDeploymentGroups",
                "codedeploy:BatchGetDeployments",
                "codedeploy:ContinueDeployment",
                "codedeploy:CreateApplication",
                "codedeploy:CreateDeployment",
                "codedeploy:CreateDeploymentGroup",
                "codedeploy:GetApplication",
                "codedeploy:GetApplicationRevision",
                "codedeploy:GetDeployment",
                "codedeploy:GetDeploymentConfig",
                "codedeploy:GetDeploymentGroup",
                "codedeploy:GetDeploymentTarget",
                "codedeploy:ListApplicationRevisions",
                "codedeploy:ListApplications",
                "codedeploy:ListDeploymentConfigs",
                "codedeploy:ListDeploymentGroups",
                "codedeploy:ListDeployments",
                "codedeploy:ListDeploymentTargets",
                "codedeploy:RegisterApplicationRevision",
                "codedeploy:StopDeployment",
                "ec2:AssociateRouteTable",
                "ec2:AttachInternetGateway",
                "ec2:AuthorizeSecurityGroupIngress",
                "ec2:CancelSpotFleetRequests",
                "ec2:CreateInternetGateway",
                "ec2:CreateLaunchTemplate",
                "ec2:CreateRoute",
                "ec2:CreateRouteTable",
                "ec2:CreateSecurityGroup",
                "ec2:CreateSubnet",
                "ec2:CreateVpc",
                "ec2:DeleteLaunchTemplate",
                "ec2:DeleteSubnet",
                "ec2:DeleteVpc",
                "ec2:Describe*",
                "ec2:DetachInternetGateway",
                "ec2:DisassociateRouteTable",
                "ec2:ModifySubnetAttribute",
                "ec2:ModifyVpcAttribute",
                "ec2:RequestSpotFleet",
                "ec2:RunInstances",
                "ecs:*",
                "elasticfilesystem:DescribeAccessPoints",
                "elasticfilesystem:DescribeFileSystems",
                "elasticloadbalancing:CreateListener",
                "elasticloadbalancing:CreateLoadBalancer",
                "elasticloadbalancing:CreateRule",
                "elasticloadbalancing:CreateTargetGroup",
                "elasticloadbalancing:DeleteListener",
                "elasticloadbalancing:DeleteLoadBalancer",
                "elasticloadbalancing:DeleteRule",
                "elasticloadbalancing:DeleteTargetGroup",
                "elasticloadbalancing:DescribeListeners",
                "elasticloadbalancing:DescribeLoadBalancers",
                "elasticloadbalancing:DescribeRules",
                "elasticloadbalancing:DescribeTargetGroups",
                "events:DeleteRule",
                "events:DescribeRule",
                "events:ListRuleNamesByTarget",
                "events:ListTargetsByRule",
                "events:PutRule",
                "events:PutTargets",
                "events:RemoveTargets",
                "fsx:DescribeFileSystems",
                "iam:ListAttachedRolePolicies",
                "iam:ListInstanceProfiles",
                "iam:ListRoles",
                "lambda:ListFunctions",
                "logs:CreateLogGroup",
                "logs:DescribeLogGroups",
                "logs:FilterLogEvents",
                "route53:CreateHostedZone",
                "route53:DeleteHostedZone",
                "route53:GetHealthCheck",
                "route53:GetHostedZone",
                "route53:ListHostedZonesByName",
                "servicediscovery:CreatePrivateDnsNamespace",
                "servicediscovery:CreateService",
                "servicediscovery:DeleteService",
                "servicediscovery:GetNamespace",
                "servicediscovery:GetOperation",
                "servicediscovery:GetService",
                "servicediscovery:ListNamespaces",
                "servicediscovery:ListServices",
                "servicediscovery:UpdateService",
                "sns:ListTopics"
            ],
            "Effect": "Allow",
            "Resource": [
                "*"
            ],
            "Sid": "ECSIntegrationsManagementPolicy"
        },
        {
            "Action": [
                "ssm:GetParameter",
                "ssm:GetParameters",
                "ssm:GetParametersByPath"
            ],
            "Effect": "Allow",
            "Resource": "arn:aws:ssm:*:*:parameter/aws/service/ecs*",
            "Sid": "SSMPolicy"
        },
        {
            "Action": [
                "ec2:DeleteInternetGateway",
                "ec2:DeleteRoute",
                "ec2:DeleteRouteTable",
                "ec2:DeleteSecurityGroup"
            ],
            "Condition": {
                "StringLike": {
                    "ec2:ResourceTag/aws:cloudformation:stack-name": "EC2ContainerService-*"
                }
            },
            "Effect": "Allow",
            "Resource": [
                "*"
            ],
            "Sid": "ManagedCloudformationResourcesCleanupPolicy"
        },
        {
            "Action": "iam:PassRole",
            "Condition": {
                "StringLike": {
                    "iam:PassedToService": "ecs-tasks.amazonaws.com"
                }
            },
            "Effect": "Allow",
            "Resource": [
                "*"
            ],
            "Sid": "TasksPassRolePolicy"
        },
        {
            "Action": "iam:PassRole",
            "Condition": {
                "StringEquals": {
                    "iam:PassedToService": "ecs.amazonaws.com"
                }
            },
            "Effect": "Allow",
            "Resource": [
                "arn:aws:iam::*:role/ecsInfrastructureRole"
            ],
            "Sid": "InfrastructurePassRolePolicy"
        },
        {
            "Action": "iam:PassRole",
            "Condition": {
                "StringLike": {
                    "iam:PassedToService": [
                        "ec2.amazonaws.com",
                        "ec2.amazonaws.com.cn"
                    ]
                }
            },
            "Effect": "Allow",
            "Resource": [
                "arn:aws:iam::*:role/ecsInstanceRole*"
            ],
            "Sid": "InstancePassRolePolicy"
        },
        {
            "Action": "iam:PassRole",
            "Condition": {
                "StringLike": {
                    "iam:PassedToService": [
                        "application-autoscaling.amazonaws.com",
                        "application-autoscaling.amazonaws.com.cn"
                    ]
                }
            },
            "Effect": "Allow",
            "Resource": [
                "arn:aws:iam::*:role/ecsAutoscaleRole*"
            ],
            "Sid": "AutoScalingPassRolePolicy"
        },
        {
            "Action": "iam:CreateServiceLinkedRole",
            "Condition": {
                "StringLike": {
                    "iam:AWSServiceName": [
                        "ecs.amazonaws.com",
                        "autoscaling.amazonaws.com",
                        "ecs.application-autoscaling.amazonaws.com",
                        "spot.amazonaws.com",
                        "spotfleet.amazonaws.com"
                    ]
                }
            },
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "ServiceLinkedRoleCreationPolicy"
        },
        {
            "Action": [
                "elasticloadbalancing:AddTags"
            ],
            "Condition": {
                "StringEquals": {
                    "elasticloadbalancing:CreateAction": [
                        "CreateTargetGroup",
                        "CreateRule",
                        "CreateListener",
                        "CreateLoadBalancer"
                    ]
                }
            },
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "ELBTaggingPolicy"
        }
    ],
    "Version": "2012-10-17"
})JSON"},
    {"AmazonECSInfrastructureRolePolicyForVolumes", "/service-role/", "ANPAIN3KKC7BU7F4EWOU5", "v5", "2024-01-10T22:56:41+00:00", "2026-02-12T18:02:34+00:00",
     R"JSON({
    "Statement": [
        {
            "Action": "ec2:CreateVolume",
            "Condition": {
                "ArnLike": {
                    "aws:RequestTag/AmazonECSCreated": "arn:aws:ecs:*:*:task/*"
                },
                "StringEquals": {
                    "aws:RequestTag/AmazonECSManaged": "true"
                }
            },
            "Effect": "Allow",
            "Resource": "arn:aws:ec2:*:*:volume/*",
            "Sid": "CreateEBSManagedVolume"
        },
        {
            "Action": "ec2:CreateVolume",
            "Effect": "Allow",
            "Resource": "arn:aws:ec2:*:*:snapshot/*",
            "Sid": "CreateEBSManagedVolumeFromSnapshot"
        },
        {
            "Action": "ec2:CreateTags",
            "Condition": {
                "ArnLike": {
                    "aws:RequestTag/AmazonECSCreated": "arn:aws:ecs:*:*:task/*"
                },
                "StringEquals": {
                    "aws:RequestTag/AmazonECSManaged": "true",
                    "ec2:CreateAction": "CreateVolume"
                }
            },
            "Effect": "Allow",
            "Resource": "arn:aws:ec2:*:*:volume/*",
            "Sid": "TagOnCreateVolume"
        },
        {
            "Action": [
                "ec2:DescribeVolumes",
                "ec2:DescribeAvailabilityZones"
            ],
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "DescribeVolumesForLifecycle"
        },
        {
            "Action": [
                "ec2:DescribeInstances"
            ],
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "DescribeInstancesForAttachingVolume"
        },
        {
            "Action": [
                "ec2:AttachVolume",
                "ec2:DetachVolume"
            ],
            "Condition": {
                "StringEquals": {
                    "aws:ResourceTag/AmazonECSManaged": "true"
                }
            },
            "Effect": "Allow",
            "Resource": "arn:aws:ec2:*:*:volume/*",
            "Sid": "ManageEBSVolumeLifecycle"
        },
        {
            "Action": [
                "ec2:AttachVolume",
                "ec2:DetachVolume"
            ],
            "Effect": "Allow",
            "Resource": "arn:aws:ec2:*:*:instance/*",
            "Sid": "ManageVolumeAttachmentsForEC2"
        },
        {
            "Action": "ec2:DeleteVolume",
            "Condition": {
                "ArnLike": {
                    "aws:ResourceTag/AmazonECSCreated": "arn:aws:ecs:*:*:task/*"
                },
                "StringEquals": {
                    "aws:ResourceTag/AmazonECSManaged": "true"
                }
            },
            "Effect": "Allow",
            "Resource": "arn:aws:ec2:*:*:volume/*",
            "Sid": "DeleteEBSManagedVolume"
        }
    ],
    "Version": "2012-10-17"
})JSON"},
    {"AmazonECSServiceRolePolicy", "/aws-service-role/", "ANPA7BWG7N6LH3LSZQA27", "v24", "2017-10-14T01:18:58+00:00", "2026-04-22T23:12:09+00:00",
     R"JSON({
    "Statement": [
        {
            "Action": [
                "ec2:AttachNetworkInterface",
                "ec2:AssociateTrunkInterface",
                "ec2:CreateNetworkInterface",
                "ec2:CreateNetworkInterfacePermission",
                "ec2:DeleteNetworkInterface",
                "ec2:DeleteNetworkInterfacePermission",
                "ec2:Describe*",
                "ec2:DetachNetworkInterface",
                "ec2:DisassociateTrunkInterface",
                "elasticloadbalancing:DeregisterInstancesFromLoadBalancer",
                "elasticloadbalancing:DeregisterTargets",
                "elasticloadbalancing:Describe*",
                "elasticloadbalancing:RegisterInstancesWithLoadBalancer",
                "elasticloadbalancing:RegisterTargets",
                "route53:ChangeResourceRecordSets",
                "route53:CreateHealthCheck",
                "route53:DeleteHealthCheck",
                "route53:Get*",
                "route53:List*",
                "route53:UpdateHealthCheck",
                "servicediscovery:DeregisterInstance",
                "servicediscovery:Get*",
                "servicediscovery:List*",
                "servicediscovery:RegisterInstance",
                "servicediscovery:UpdateInstanceCustomHealthStatus"
            ],
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "ECSTaskManagement"
        },
        {
            "Action": [
                "autoscaling:Describe*"
            ],
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "AutoScaling"
        },
        {
            "Action": [
                "autoscaling:DeletePolicy",
                "autoscaling:PutScalingPolicy",
                "autoscaling:SetInstanceProtection",
                "autoscaling:UpdateAutoScalingGroup",
                "autoscaling:PutLifecycleHook",
                "autoscaling:DeleteLifecycleHook",
                "autoscaling:CompleteLifecycleAction",
                "autoscaling:RecordLifecycleActionHeartbeat",
                "autoscaling:TerminateInstanceInAutoScalingGroup"
            ],
            "Condition": {
                "Null": {
                    "autoscaling:ResourceTag/AmazonECSManaged": "false"
                }
            },
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "AutoScalingManagement"
        },
        {
            "Action": [
                "autoscaling-plans:CreateScalingPlan",
                "autoscaling-plans:DeleteScalingPlan",
                "autoscaling-plans:DescribeScalingPlans",
                "autoscaling-plans:DescribeScalingPlanResources"
            ],
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "AutoScalingPlanManagement"
        },
        {
            "Action": [
                "events:DescribeRule",
                "events:ListTargetsByRule"
            ],
            "Effect": "Allow",
            "Resource": "arn:aws:events:*:*:rule/ecs-managed-*",
            "Sid": "EventBridge"
        },
        {
            "Action": [
                "events:PutRule",
                "events:PutTargets"
            ],
            "Condition": {
                "StringEquals": {
                    "events:ManagedBy": "ecs.amazonaws.com"
                }
            },
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "EventBridgeRuleManagement"
        },
        {
            "Action": [
                "cloudwatch:DeleteAlarms",
                "cloudwatch:DescribeAlarms",
                "cloudwatch:PutMetricAlarm"
            ],
            "Effect": "Allow",
            "Resource": "arn:aws:cloudwatch:*:*:alarm:*",
            "Sid": "CWAlarmManagement"
        },
        {
            "Action": [
                "ec2:CreateTags"
            ],
            "Effect": "Allow",
            "Resource": "arn:aws:ec2:*:*:network-interface/*",
            "Sid": "ECSTagging"
        },
        {
            "Action": [
                "logs:CreateLogGroup",
                "logs:DescribeLogGroups",
                "logs:PutRetentionPolicy"
            ],
            "Effect": "Allow",
            "Resource": "arn:aws:logs:*:*:log-group:/aws/ecs/*",
            "Sid": "CWLogGroupManagement"
        },
        {
            "Action": [
                "logs:CreateLogStream",
                "logs:DescribeLogStreams",
                "logs:PutLogEvents"
            ],
            "Effect": "Allow",
            "Resource": "arn:aws:logs:*:*:log-group:/aws/ecs/*:log-stream:*",
            "Sid": "CWLogStreamManagement"
        },
        {
            "Action": [
                "ssm:DescribeSessions"
            ],
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "ExecuteCommandSessionManagement"
        },
        {
            "Action": [
                "ssm:StartSession"
            ],
            "Effect": "Allow",
            "Resource": [
                "arn:aws:ecs:*:*:task/*",
                "arn:aws:ssm:*:*:document/AmazonECS-ExecuteInteractiveCommand"
            ],
            "Sid": "ExecuteCommand"
        },
        {
            "Action": [
                "ssmmessages:OpenDataChannel"
            ],
            "Condition": {
                "StringEquals": {
                    "aws:PrincipalAccount": "${aws:ResourceAccount}"
                }
            },
            "Effect": "Allow",
            "Resource": [
                "arn:aws:ssm:*:*:session/*"
            ],
            "Sid": "OpenDataChannel"
        },
        {
            "Action": [
                "servicediscovery:CreateHttpNamespace",
                "servicediscovery:CreateService"
            ],
            "Condition": {
                "ForAllValues:StringEquals": {
                    "aws:TagKeys": [
                        "AmazonECSManaged"
                    ]
                }
            },
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "CloudMapResourceCreation"
        },
        {
            "Action": "servicediscovery:TagResource",
            "Condition": {
                "StringLike": {
                    "aws:RequestTag/AmazonECSManaged": "*"
                }
            },
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "CloudMapResourceTagging"
        },
        {
            "Action": [
                "servicediscovery:DeleteService"
            ],
            "Condition": {
                "Null": {
                    "aws:ResourceTag/AmazonECSManaged": "false"
                }
            },
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "CloudMapResourceDeletion"
        },
        {
            "Action": [
                "servicediscovery:DiscoverInstances",
                "servicediscovery:DiscoverInstancesRevision"
            ],
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "CloudMapResourceDiscovery"
        },
        {
            "Action": [
                "servicediscovery:UpdateServiceAttributes"
            ],
            "Condition": {
                "Null": {
                    "aws:ResourceTag/AmazonECSManaged": "false"
                }
            },
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "CloudMapResourceAttributeManagement"
        },
        {
            "Action": [
                "ec2:DescribeInstanceEventWindows"
            ],
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "ReadOnlyPermissionsForInstanceEventWindows"
        }
    ],
    "Version": "2012-10-17"
})JSON"},
    {"AmazonEC2ContainerServiceAutoscaleRole", "/service-role/", "ANPADOGST6MVE7KA5TPVH", "v2", "2016-05-12T23:25:44+00:00", "2018-02-05T19:15:15+00:00",
     R"JSON({
    "Statement": [
        {
            "Action": [
                "ecs:DescribeServices",
                "ecs:UpdateService"
            ],
            "Effect": "Allow",
            "Resource": [
                "*"
            ]
        },
        {
            "Action": [
                "cloudwatch:DescribeAlarms",
                "cloudwatch:PutMetricAlarm"
            ],
            "Effect": "Allow",
            "Resource": [
                "*"
            ]
        }
    ],
    "Version": "2012-10-17"
})JSON"},
    {"AmazonEC2ContainerServiceEventsRole", "/service-role/", "ANPA3GXBRC5VV6JWUKGB2", "v3", "2017-05-30T16:51:35+00:00", "2023-03-06T22:25:12+00:00",
     R"JSON({
    "Statement": [
        {
            "Action": [
                "ecs:RunTask"
            ],
            "Effect": "Allow",
            "Resource": [
                "*"
            ]
        },
        {
            "Action": "iam:PassRole",
            "Condition": {
                "StringLike": {
                    "iam:PassedToService": "ecs-tasks.amazonaws.com"
                }
            },
            "Effect": "Allow",
            "Resource": [
                "*"
            ]
        },
        {
            "Action": "ecs:TagResource",
            "Condition": {
                "StringEquals": {
                    "ecs:CreateAction": [
                        "RunTask"
                    ]
                }
            },
            "Effect": "Allow",
            "Resource": "*"
        }
    ],
    "Version": "2012-10-17"
})JSON"},
    {"AmazonECSInfrastructureRolePolicyForLoadBalancers", "/", "ANPAQQSQIM6FOHALCK4QN", "v6", "2025-07-17T16:37:07+00:00", "2026-02-12T18:01:05+00:00",
     R"JSON({
    "Statement": [
        {
            "Action": [
                "elasticloadbalancing:DescribeListeners",
                "elasticloadbalancing:DescribeRules",
                "elasticloadbalancing:DescribeTargetGroups",
                "elasticloadbalancing:DescribeTargetHealth"
            ],
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "ELBReadOperations"
        },
        {
            "Action": [
                "elasticloadbalancing:RegisterTargets",
                "elasticloadbalancing:DeregisterTargets"
            ],
            "Effect": "Allow",
            "Resource": "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*",
            "Sid": "TargetGroupOperations"
        },
        {
            "Action": "elasticloadbalancing:ModifyListener",
            "Effect": "Allow",
            "Resource": [
                "arn:aws:elasticloadbalancing:*:*:listener/app/*/*/*"
            ],
            "Sid": "ALBModifyListeners"
        },
        {
            "Action": "elasticloadbalancing:ModifyListener",
            "Effect": "Allow",
            "Resource": [
                "arn:aws:elasticloadbalancing:*:*:listener/net/*/*/*"
            ],
            "Sid": "NLBModifyListeners"
        },
        {
            "Action": "elasticloadbalancing:ModifyRule",
            "Effect": "Allow",
            "Resource": [
                "arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*/*"
            ],
            "Sid": "ALBModifyRules"
        }
    ],
    "Version": "2012-10-17"
})JSON"},
    {"AmazonECSInfrastructureRolePolicyForServiceConnectTransportLayerSecurity", "/service-role/", "ANPAXQ23ZAYH5UVJQ3ZHF", "v4", "2024-01-19T20:08:36+00:00", "2026-02-12T18:02:05+00:00",
     R"JSON({
    "Statement": [
        {
            "Action": "secretsmanager:CreateSecret",
            "Condition": {
                "ArnLike": {
                    "aws:RequestTag/AmazonECSCreated": [
                        "arn:aws:ecs:*:*:service/*/*",
                        "arn:aws:ecs:*:*:task-set/*/*"
                    ]
                },
                "StringEquals": {
                    "aws:RequestTag/AmazonECSManaged": "true",
                    "aws:ResourceAccount": "${aws:PrincipalAccount}"
                }
            },
            "Effect": "Allow",
            "Resource": "arn:aws:secretsmanager:*:*:secret:ecs-sc!*",
            "Sid": "CreateSecret"
        },
        {
            "Action": "secretsmanager:TagResource",
            "Condition": {
                "ArnLike": {
                    "aws:RequestTag/AmazonECSCreated": [
                        "arn:aws:ecs:*:*:service/*/*",
                        "arn:aws:ecs:*:*:task-set/*/*"
                    ]
                },
                "StringEquals": {
                    "aws:RequestTag/AmazonECSManaged": "true",
                    "aws:ResourceAccount": "${aws:PrincipalAccount}"
                }
            },
            "Effect": "Allow",
            "Resource": "arn:aws:secretsmanager:*:*:secret:ecs-sc!*",
            "Sid": "TagOnCreateSecret"
        },
        {
            "Action": [
                "secretsmanager:UpdateSecret",
                "secretsmanager:GetSecretValue",
                "secretsmanager:PutSecretValue",
                "secretsmanager:DeleteSecret",
                "secretsmanager:RotateSecret",
                "secretsmanager:UpdateSecretVersionStage"
            ],
            "Condition": {
                "StringEquals": {
                    "aws:ResourceAccount": "${aws:PrincipalAccount}",
                    "secretsmanager:ResourceTag/aws:secretsmanager:owningService": "ecs-sc"
                }
            },
            "Effect": "Allow",
            "Resource": "arn:aws:secretsmanager:*:*:secret:ecs-sc!*",
            "Sid": "RotateTLSCertificateSecret"
        },
        {
            "Action": [
                "secretsmanager:DescribeSecret"
            ],
            "Condition": {
                "StringEquals": {
                    "aws:ResourceAccount": "${aws:PrincipalAccount}"
                }
            },
            "Effect": "Allow",
            "Resource": "arn:aws:secretsmanager:*:*:secret:ecs-sc!*",
            "Sid": "DescribeTLSCertificateSecret"
        },
        {
            "Action": [
                "acm-pca:GetCertificate",
                "acm-pca:GetCertificateAuthorityCertificate",
                "acm-pca:DescribeCertificateAuthority"
            ],
            "Condition": {
                "StringEquals": {
                    "aws:ResourceTag/AmazonECSManaged": "true"
                }
            },
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "ManagePrivateCertificateAuthority"
        },
        {
            "Action": [
                "acm-pca:IssueCertificate"
            ],
            "Condition": {
                "StringEquals": {
                    "acm-pca:TemplateArn": "arn:aws:acm-pca:::template/EndEntityCertificate/V1",
                    "aws:ResourceTag/AmazonECSManaged": "true"
                }
            },
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "ManagePrivateCertificateAuthorityForIssuingEndEntityCertificate"
        }
    ],
    "Version": "2012-10-17"
})JSON"},
    {"AmazonECSInfrastructureRolePolicyForVpcLattice", "/", "ANPANW5HU3JTTGKMIVUXW", "v1", "2024-11-15T20:02:55+00:00", "2024-11-15T20:02:55+00:00",
     R"JSON({
    "Statement": [
        {
            "Action": [
                "vpc-lattice:RegisterTargets",
                "vpc-lattice:DeregisterTargets"
            ],
            "Effect": "Allow",
            "Resource": [
                "arn:aws:vpc-lattice:*:*:targetgroup/*"
            ],
            "Sid": "ManagedVpcLatticeTargetRegistration"
        },
        {
            "Action": "vpc-lattice:GetTargetGroup",
            "Effect": "Allow",
            "Resource": [
                "arn:aws:vpc-lattice:*:*:targetgroup/*"
            ],
            "Sid": "DescribeVpcLatticeTargetGroup"
        },
        {
            "Action": "vpc-lattice:ListTargets",
            "Effect": "Allow",
            "Resource": [
                "arn:aws:vpc-lattice:*:*:targetgroup/*"
            ],
            "Sid": "ListVpcLatticeTargets"
        },
        {
            "Action": [
                "ec2:DescribeSubnets",
                "ec2:DescribeVpcs",
                "ec2:DescribeInstances"
            ],
            "Effect": "Allow",
            "Resource": [
                "*"
            ],
            "Sid": "DescribeEc2Resources"
        }
    ],
    "Version": "2012-10-17"
})JSON"},
    {"AmazonECSInfrastructureRoleforExpressGatewayServices", "/service-role/", "ANPAXHSVUMNWM27WUQTTA", "v6", "2025-11-12T20:34:08+00:00", "2026-02-12T18:01:54+00:00",
     R"JSON({
    "Statement": [
        {
            "Action": "iam:CreateServiceLinkedRole",
            "Condition": {
                "StringEquals": {
                    "iam:AWSServiceName": [
                        "ecs.application-autoscaling.amazonaws.com",
                        "elasticloadbalancing.amazonaws.com"
                    ]
                }
            },
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "ServiceLinkedRoleCreateOperations"
        },
        {
            "Action": [
                "elasticloadbalancing:CreateListener",
                "elasticloadbalancing:CreateLoadBalancer",
                "elasticloadbalancing:CreateRule",
                "elasticloadbalancing:CreateTargetGroup",
                "elasticloadbalancing:ModifyListener",
                "elasticloadbalancing:ModifyRule",
                "elasticloadbalancing:AddListenerCertificates",
                "elasticloadbalancing:RemoveListenerCertificates",
                "elasticloadbalancing:RegisterTargets",
                "elasticloadbalancing:DeregisterTargets",
                "elasticloadbalancing:DeleteTargetGroup",
                "elasticloadbalancing:DeleteLoadBalancer",
                "elasticloadbalancing:DeleteRule",
                "elasticloadbalancing:DeleteListener"
            ],
            "Condition": {
                "StringEquals": {
                    "aws:ResourceTag/AmazonECSManaged": "true"
                }
            },
            "Effect": "Allow",
            "Resource": [
                "arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*",
                "arn:aws:elasticloadbalancing:*:*:listener/app/*/*/*",
                "arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*/*",
                "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*"
            ],
            "Sid": "ELBOperations"
        },
        {
            "Action": "elasticloadbalancing:AddTags",
            "Condition": {
                "StringEquals": {
                    "elasticloadbalancing:CreateAction": [
                        "CreateLoadBalancer",
                        "CreateListener",
                        "CreateRule",
                        "CreateTargetGroup"
                    ]
                }
            },
            "Effect": "Allow",
            "Resource": [
                "arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*",
                "arn:aws:elasticloadbalancing:*:*:listener/app/*/*/*",
                "arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*/*",
                "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*"
            ],
            "Sid": "TagOnCreateELBResources"
        },
        {
            "Action": "ec2:CreateSecurityGroup",
            "Effect": "Allow",
            "Resource": "arn:aws:ec2:*:*:vpc/*",
            "Sid": "BlanketAllowCreateSecurityGroupsInVPCs"
        },
        {
            "Action": [
                "ec2:CreateSecurityGroup",
                "ec2:AuthorizeSecurityGroupEgress",
                "ec2:AuthorizeSecurityGroupIngress"
            ],
            "Condition": {
                "StringEquals": {
                    "aws:RequestTag/AmazonECSManaged": "true"
                }
            },
            "Effect": "Allow",
            "Resource": [
                "arn:aws:ec2:*:*:security-group/*",
                "arn:aws:ec2:*:*:security-group-rule/*",
                "arn:aws:ec2:*:*:vpc/*"
            ],
            "Sid": "CreateSecurityGroupResourcesWithTags"
        },
        {
            "Action": [
                "ec2:AuthorizeSecurityGroupEgress",
                "ec2:AuthorizeSecurityGroupIngress",
                "ec2:DeleteSecurityGroup",
                "ec2:RevokeSecurityGroupEgress",
                "ec2:RevokeSecurityGroupIngress"
            ],
            "Condition": {
                "StringEquals": {
                    "aws:ResourceTag/AmazonECSManaged": "true"
                }
            },
            "Effect": "Allow",
            "Resource": [
                "arn:aws:ec2:*:*:security-group/*",
                "arn:aws:ec2:*:*:vpc/*"
            ],
            "Sid": "ModifySecurityGroupOperations"
        },
        {
            "Action": "ec2:CreateTags",
            "Condition": {
                "StringEquals": {
                    "ec2:CreateAction": [
                        "CreateSecurityGroup",
                        "AuthorizeSecurityGroupIngress",
                        "AuthorizeSecurityGroupEgress"
                    ]
                }
            },
            "Effect": "Allow",
            "Resource": [
                "arn:aws:ec2:*:*:security-group/*",
                "arn:aws:ec2:*:*:security-group-rule/*"
            ],
            "Sid": "TagOnCreateEC2Resources"
        },
        {
            "Action": [
                "acm:RequestCertificate",
                "acm:AddTagsToCertificate",
                "acm:DeleteCertificate",
                "acm:DescribeCertificate"
            ],
            "Condition": {
                "StringEquals": {
                    "aws:ResourceTag/AmazonECSManaged": "true"
                }
            },
            "Effect": "Allow",
            "Resource": [
                "arn:aws:acm:*:*:certificate/*"
            ],
            "Sid": "CertificateOperations"
        },
        {
            "Action": [
                "application-autoscaling:RegisterScalableTarget",
                "application-autoscaling:TagResource",
                "application-autoscaling:DeregisterScalableTarget"
            ],
            "Condition": {
                "StringEquals": {
                    "aws:ResourceTag/AmazonECSManaged": "true"
                }
            },
            "Effect": "Allow",
            "Resource": [
                "arn:aws:application-autoscaling:*:*:scalable-target/*"
            ],
            "Sid": "ApplicationAutoscalingCreateOperations"
        },
        {
            "Action": [
                "application-autoscaling:PutScalingPolicy",
                "application-autoscaling:DeleteScalingPolicy"
            ],
            "Condition": {
                "StringEquals": {
                    "application-autoscaling:service-namespace": "ecs"
                }
            },
            "Effect": "Allow",
            "Resource": [
                "arn:aws:application-autoscaling:*:*:scalable-target/*"
            ],
            "Sid": "ApplicationAutoscalingPolicyOperations"
        },
        {
            "Action": [
                "application-autoscaling:DescribeScalableTargets",
                "application-autoscaling:DescribeScalingPolicies",
                "application-autoscaling:DescribeScalingActivities"
            ],
            "Effect": "Allow",
            "Resource": [
                "arn:aws:application-autoscaling:*:*:scalable-target/*"
            ],
            "Sid": "ApplicationAutoscalingReadOperations"
        },
        {
            "Action": [
                "cloudwatch:PutMetricAlarm",
                "cloudwatch:TagResource"
            ],
            "Condition": {
                "StringEquals": {
                    "aws:RequestTag/AmazonECSManaged": "true"
                }
            },
            "Effect": "Allow",
            "Resource": [
                "arn:aws:cloudwatch:*:*:alarm:*"
            ],
            "Sid": "CloudWatchAlarmCreateOperations"
        },
        {
            "Action": [
                "cloudwatch:DeleteAlarms",
                "cloudwatch:DescribeAlarms"
            ],
            "Condition": {
                "StringEquals": {
                    "aws:ResourceTag/AmazonECSManaged": "true"
                }
            },
            "Effect": "Allow",
            "Resource": [
                "arn:aws:cloudwatch:*:*:alarm:*"
            ],
            "Sid": "CloudWatchAlarmOperations"
        },
        {
            "Action": [
                "elasticloadbalancing:DescribeLoadBalancers",
                "elasticloadbalancing:DescribeTargetGroups",
                "elasticloadbalancing:DescribeTargetHealth",
                "elasticloadbalancing:DescribeListeners",
                "elasticloadbalancing:DescribeRules"
            ],
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "ELBReadOperations"
        },
        {
            "Action": [
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeSubnets",
                "ec2:DescribeRouteTables",
                "ec2:DescribeVpcs"
            ],
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "VPCReadOperations"
        },
        {
            "Action": [
                "logs:CreateLogGroup",
                "logs:TagResource"
            ],
            "Condition": {
                "StringEquals": {
                    "aws:RequestTag/AmazonECSManaged": "true"
                }
            },
            "Effect": "Allow",
            "Resource": "arn:aws:logs:*:*:log-group:*",
            "Sid": "CloudWatchLogsCreateOperations"
        },
        {
            "Action": [
                "logs:DescribeLogGroups"
            ],
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "CloudWatchLogsReadOperations"
        }
    ],
    "Version": "2012-10-17"
})JSON"},
    {"AmazonEC2ContainerRegistryReadOnly", "/", "ANPAQNZMUDUIZZVIZVUIH", "v3", "2015-12-21T17:04:15+00:00", "2019-12-10T20:56:32+00:00",
     R"JSON({
    "Statement": [
        {
            "Action": [
                "ecr:GetAuthorizationToken",
                "ecr:BatchCheckLayerAvailability",
                "ecr:GetDownloadUrlForLayer",
                "ecr:GetRepositoryPolicy",
                "ecr:DescribeRepositories",
                "ecr:ListImages",
                "ecr:DescribeImages",
                "ecr:BatchGetImage",
                "ecr:GetLifecyclePolicy",
                "ecr:GetLifecyclePolicyPreview",
                "ecr:ListTagsForResource",
                "ecr:DescribeImageScanFindings"
            ],
            "Effect": "Allow",
            "Resource": "*"
        }
    ],
    "Version": "2012-10-17"
})JSON"},
    {"AmazonEC2ContainerRegistryPowerUser", "/", "ANPAXS4S2QMAJL46LJOSV", "v3", "2015-12-21T17:05:33+00:00", "2019-12-10T20:48:08+00:00",
     R"JSON({
    "Statement": [
        {
            "Action": [
                "ecr:GetAuthorizationToken",
                "ecr:BatchCheckLayerAvailability",
                "ecr:GetDownloadUrlForLayer",
                "ecr:GetRepositoryPolicy",
                "ecr:DescribeRepositories",
                "ecr:ListImages",
                "ecr:DescribeImages",
                "ecr:BatchGetImage",
                "ecr:GetLifecyclePolicy",
                "ecr:GetLifecyclePolicyPreview",
                "ecr:ListTagsForResource",
                "ecr:DescribeImageScanFindings",
                "ecr:InitiateLayerUpload",
                "ecr:UploadLayerPart",
                "ecr:CompleteLayerUpload",
                "ecr:PutImage"
            ],
            "Effect": "Allow",
            "Resource": "*"
        }
    ],
    "Version": "2012-10-17"
})JSON"},
    {"CloudWatchLogsFullAccess", "/", "ANPAOMT7O4WKBQ4EWINDS", "v8", "2015-02-06T18:40:02+00:00", "2026-02-12T18:00:33+00:00",
     R"JSON({
    "Statement": [
        {
            "Action": [
                "logs:*",
                "cloudwatch:GenerateQuery",
                "cloudwatch:GenerateQueryResultsSummary",
                "observabilityadmin:GetS3TableIntegration",
                "observabilityadmin:ListS3TableIntegrations",
                "observabilityadmin:ListTelemetryPipelines"
            ],
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "CloudWatchLogsFullAccess"
        }
    ],
    "Version": "2012-10-17"
})JSON"},
    {"AmazonSSMReadOnlyAccess", "/", "ANPAJS255NE5XETWSMFUY", "v1", "2015-05-29T17:44:19+00:00", "2015-05-29T17:44:19+00:00",
     R"JSON({
    "Statement": [
        {
            "Action": [
                "ssm:Describe*",
                "ssm:Get*",
                "ssm:List*"
            ],
            "Effect": "Allow",
            "Resource": "*"
        }
    ],
    "Version": "2012-10-17"
})JSON"},
    {"AmazonSSMManagedInstanceCore", "/", "ANPAFYM6VNSN7ZOEIXG7C", "v2", "2019-03-15T17:22:12+00:00", "2019-05-23T16:54:21+00:00",
     R"JSON({
    "Statement": [
        {
            "Action": [
                "ssm:DescribeAssociation",
                "ssm:GetDeployablePatchSnapshotForInstance",
                "ssm:GetDocument",
                "ssm:DescribeDocument",
                "ssm:GetManifest",
                "ssm:GetParameter",
                "ssm:GetParameters",
                "ssm:ListAssociations",
                "ssm:ListInstanceAssociations",
                "ssm:PutInventory",
                "ssm:PutComplianceItems",
                "ssm:PutConfigurePackageResult",
                "ssm:UpdateAssociationStatus",
                "ssm:UpdateInstanceAssociationStatus",
                "ssm:UpdateInstanceInformation"
            ],
            "Effect": "Allow",
            "Resource": "*"
        },
        {
            "Action": [
                "ssmmessages:CreateControlChannel",
                "ssmmessages:CreateDataChannel",
                "ssmmessages:OpenControlChannel",
                "ssmmessages:OpenDataChannel"
            ],
            "Effect": "Allow",
            "Resource": "*"
        },
        {
            "Action": [
                "ec2messages:AcknowledgeMessage",
                "ec2messages:DeleteMessage",
                "ec2messages:FailMessage",
                "ec2messages:GetEndpoint",
                "ec2messages:GetMessages",
                "ec2messages:SendReply"
            ],
            "Effect": "Allow",
            "Resource": "*"
        }
    ],
    "Version": "2012-10-17"
})JSON"},
    {"SecretsManagerReadWrite", "/", "ANPAUIM4SYTS5UAEBR6XI", "v5", "2018-04-04T18:05:29+00:00", "2024-02-22T18:12:06+00:00",
     R"JSON({
    "Statement": [
        {
            "Action": [
                "secretsmanager:*",
                "cloudformation:CreateChangeSet",
                "cloudformation:DescribeChangeSet",
                "cloudformation:DescribeStackResource",
                "cloudformation:DescribeStacks",
                "cloudformation:ExecuteChangeSet",
                "docdb-elastic:GetCluster",
                "docdb-elastic:ListClusters",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeSubnets",
                "ec2:DescribeVpcs",
                "kms:DescribeKey",
                "kms:ListAliases",
                "kms:ListKeys",
                "lambda:ListFunctions",
                "rds:DescribeDBClusters",
                "rds:DescribeDBInstances",
                "redshift:DescribeClusters",
                "redshift-serverless:ListWorkgroups",
                "redshift-serverless:GetNamespace",
                "tag:GetResources"
            ],
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "BasePermissions"
        },
        {
            "Action": [
                "lambda:AddPermission",
                "lambda:CreateFunction",
                "lambda:GetFunction",
                "lambda:InvokeFunction",
                "lambda:UpdateFunctionConfiguration"
            ],
            "Effect": "Allow",
            "Resource": "arn:aws:lambda:*:*:function:SecretsManager*",
            "Sid": "LambdaPermissions"
        },
        {
            "Action": [
                "serverlessrepo:CreateCloudFormationChangeSet",
                "serverlessrepo:GetApplication"
            ],
            "Effect": "Allow",
            "Resource": "arn:aws:serverlessrepo:*:*:applications/SecretsManager*",
            "Sid": "SARPermissions"
        },
        {
            "Action": [
                "s3:GetObject"
            ],
            "Effect": "Allow",
            "Resource": [
                "arn:aws:s3:::awsserverlessrepo-changesets*",
                "arn:aws:s3:::secrets-manager-rotation-apps-*/*"
            ],
            "Sid": "S3Permissions"
        }
    ],
    "Version": "2012-10-17"
})JSON"},
    {"AdministratorAccess", "/", "ANPA7E7ALMTL67E5SJ2UQ", "v1", "2015-02-06T18:39:46+00:00", "2015-02-06T18:39:46+00:00",
     R"JSON({
    "Statement": [
        {
            "Action": "*",
            "Effect": "Allow",
            "Resource": "*"
        }
    ],
    "Version": "2012-10-17"
})JSON"},
    {"AWSApplicationAutoscalingECSServicePolicy", "/aws-service-role/", "ANPALQ7ZBWIMLZPVJQHDH", "v2", "2017-10-25T23:53:08+00:00", "2024-10-24T20:05:50+00:00",
     R"JSON({
    "Statement": [
        {
            "Action": [
                "ecs:DescribeServices",
                "ecs:UpdateService",
                "cloudwatch:PutMetricAlarm",
                "cloudwatch:DescribeAlarms",
                "cloudwatch:GetMetricData",
                "cloudwatch:DeleteAlarms"
            ],
            "Effect": "Allow",
            "Resource": [
                "*"
            ]
        }
    ],
    "Version": "2012-10-17"
})JSON"},
    {"ElasticLoadBalancingFullAccess", "/", "ANPAZ6UFY24EJRMBILECL", "v9", "2018-09-20T20:42:07+00:00", "2026-02-23T18:57:07+00:00",
     R"JSON({
    "Statement": [
        {
            "Action": "elasticloadbalancing:*",
            "Effect": "Allow",
            "Resource": "*"
        },
        {
            "Action": [
                "ec2:DescribeAccountAttributes",
                "ec2:DescribeAddresses",
                "ec2:DescribeInternetGateways",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeSubnets",
                "ec2:DescribeVpcs",
                "ec2:DescribeVpcClassicLink",
                "ec2:DescribeInstances",
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeClassicLinkInstances",
                "ec2:DescribeRouteTables",
                "ec2:DescribeCoipPools",
                "ec2:GetCoipPoolUsage",
                "ec2:GetSecurityGroupsForVpc",
                "ec2:DescribeVpcPeeringConnections",
                "ec2:DescribeAvailabilityZones",
                "cognito-idp:DescribeUserPoolClient"
            ],
            "Effect": "Allow",
            "Resource": "*"
        },
        {
            "Action": "iam:CreateServiceLinkedRole",
            "Condition": {
                "StringEquals": {
                    "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com"
                }
            },
            "Effect": "Allow",
            "Resource": "*"
        },
        {
            "Action": "arc-zonal-shift:*",
            "Effect": "Allow",
            "Resource": "arn:aws:elasticloadbalancing:*:*:loadbalancer/*"
        },
        {
            "Action": [
                "arc-zonal-shift:ListManagedResources",
                "arc-zonal-shift:ListZonalShifts"
            ],
            "Effect": "Allow",
            "Resource": "*"
        }
    ],
    "Version": "2012-10-17"
})JSON"},
    {"CloudWatchAgentServerPolicy", "/", "ANPALH7YND7WCHOGG5V7D", "v3", "2018-03-07T01:06:44+00:00", "2024-02-06T16:37:37+00:00",
     R"JSON({
    "Statement": [
        {
            "Action": [
                "cloudwatch:PutMetricData",
                "ec2:DescribeVolumes",
                "ec2:DescribeTags",
                "logs:PutLogEvents",
                "logs:PutRetentionPolicy",
                "logs:DescribeLogStreams",
                "logs:DescribeLogGroups",
                "logs:CreateLogStream",
                "logs:CreateLogGroup",
                "xray:PutTraceSegments",
                "xray:PutTelemetryRecords",
                "xray:GetSamplingRules",
                "xray:GetSamplingTargets",
                "xray:GetSamplingStatisticSummaries"
            ],
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "CWACloudWatchServerPermissions"
        },
        {
            "Action": [
                "ssm:GetParameter"
            ],
            "Effect": "Allow",
            "Resource": "arn:aws:ssm:*:*:parameter/AmazonCloudWatch-*",
            "Sid": "CWASSMServerPermissions"
        }
    ],
    "Version": "2012-10-17"
})JSON"},
    {"AWSCodeDeployRoleForECS", "/", "ANPAKPNNEZRYK7LRMN64W", "v3", "2018-11-27T20:40:57+00:00", "2019-09-23T22:37:46+00:00",
     R"JSON({
    "Statement": [
        {
            "Action": [
                "ecs:DescribeServices",
                "ecs:CreateTaskSet",
                "ecs:UpdateServicePrimaryTaskSet",
                "ecs:DeleteTaskSet",
                "elasticloadbalancing:DescribeTargetGroups",
                "elasticloadbalancing:DescribeListeners",
                "elasticloadbalancing:ModifyListener",
                "elasticloadbalancing:DescribeRules",
                "elasticloadbalancing:ModifyRule",
                "lambda:InvokeFunction",
                "cloudwatch:DescribeAlarms",
                "sns:Publish",
                "s3:GetObject",
                "s3:GetObjectVersion"
            ],
            "Effect": "Allow",
            "Resource": "*"
        },
        {
            "Action": [
                "iam:PassRole"
            ],
            "Condition": {
                "StringLike": {
                    "iam:PassedToService": [
                        "ecs-tasks.amazonaws.com"
                    ]
                }
            },
            "Effect": "Allow",
            "Resource": "*"
        }
    ],
    "Version": "2012-10-17"
})JSON"},
};
// clang-format on

}  // namespace

std::span<const AwsManagedPolicy> aws_managed_policies() { return kPolicies; }

}  // namespace ecsemu::iam
