// ecsemu from Testcontainers for Node: a GenericContainer of ecsemu's image with the Docker socket mounted and a
// wait strategy on its health endpoint; then an ECS service runs through it as real containers on the same engine.
//   scripts/build-image && (cd examples/testcontainers && npm ci && npm test)
// ECSEMU_IMAGE picks another image (default ecsemu:local). Offline, start it with TESTCONTAINERS_RYUK_DISABLED=true
// (Testcontainers' clean-up container, testcontainers/ryuk, is pulled from Docker Hub otherwise).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { GenericContainer, Wait } from "testcontainers";
import { EC2Client, RunInstancesCommand, TerminateInstancesCommand } from "@aws-sdk/client-ec2";
import {
  CreateClusterCommand, CreateServiceCommand, DeleteServiceCommand, DescribeTasksCommand, ECSClient,
  ListContainerInstancesCommand, ListTasksCommand, RegisterTaskDefinitionCommand, waitUntilServicesStable,
} from "@aws-sdk/client-ecs";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";

const image = process.env.ECSEMU_IMAGE ?? "ecsemu:local";
const taskImage = process.env.TEST_IMAGE ?? "busybox:local";
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
let ecsemu;
let endpoint;

before(async () => {
  ecsemu = await new GenericContainer(image)
    .withExposedPorts(4566)
    .withEnvironment({ ECSEMU_HOST: "0.0.0.0", ECSEMU_TIME_SCALE: "0.1", ECSEMU_LOG_LEVEL: "warn" })
    .withBindMounts([{ source: "/var/run/docker.sock", target: "/var/run/docker.sock" }])
    .withWaitStrategy(Wait.forHttp("/_ecsemu/health", 4566).forStatusCode(200))
    .withStartupTimeout(60_000)
    .start();
  endpoint = `http://${ecsemu.getHost()}:${ecsemu.getMappedPort(4566)}`;
  // The SDK reads a service's endpoint from AWS_ENDPOINT_URL_<SERVICE> (what the deploy action relies on too).
  process.env.AWS_ENDPOINT_URL_ECS = endpoint;
});

after(async () => {
  // SIGTERM, and time for ecsemu to remove its task containers before Docker's SIGKILL.
  await ecsemu?.stop({ timeout: 30_000 });
});

const poll = async (what, fn, seconds = 60) => {
  for (let i = 0; i < seconds * 2; i++) {
    const value = await fn();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
};

test("the health endpoint answers running", async () => {
  const health = await (await fetch(`${endpoint}/_ecsemu/health`)).json();
  assert.equal(health.status, "running");
});

test("a service of two tasks becomes stable and its tasks answer on their host ports", async () => {
  const region = "us-east-1";
  const ecs = new ECSClient({ region, credentials }); // endpoint from AWS_ENDPOINT_URL_ECS
  const ec2 = new EC2Client({ region, credentials, endpoint });
  const ssm = new SSMClient({ region, credentials, endpoint });
  await ecs.send(new CreateClusterCommand({ clusterName: "tc" }));
  const ami = await ssm.send(new GetParameterCommand({
    Name: "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id" }));
  const run = await ec2.send(new RunInstancesCommand({
    ImageId: ami.Parameter.Value, InstanceType: "t3.small", MinCount: 1, MaxCount: 1,
    UserData: Buffer.from("#!/bin/bash\necho ECS_CLUSTER=tc >> /etc/ecs/ecs.config").toString("base64") }));
  await poll("the instance to join", async () =>
    (await ecs.send(new ListContainerInstancesCommand({ cluster: "tc" }))).containerInstanceArns.length === 1);
  await ecs.send(new RegisterTaskDefinitionCommand({
    family: "tc-web",
    containerDefinitions: [{
      name: "web", image: taskImage, memory: 64, essential: true,
      command: ["sh", "-c", "mkdir -p /www && echo hello from testcontainers > /www/index.html && exec httpd -f -p 80 -h /www"],
      portMappings: [{ containerPort: 80, hostPort: 0 }],
    }],
  }));
  await ecs.send(new CreateServiceCommand({
    cluster: "tc", serviceName: "web", taskDefinition: "tc-web", desiredCount: 2, launchType: "EC2" }));
  await waitUntilServicesStable({ client: ecs, maxWaitTime: 120, minDelay: 1, maxDelay: 2 },
    { cluster: "tc", services: ["web"] });
  const { taskArns } = await ecs.send(new ListTasksCommand({ cluster: "tc", serviceName: "web" }));
  const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: "tc", tasks: taskArns }));
  assert.equal(tasks.length, 2);
  for (const task of tasks) {
    const port = task.containers[0].networkBindings[0].hostPort;
    const page = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    assert.equal(page, "hello from testcontainers\n");
  }
  await ecs.send(new DeleteServiceCommand({ cluster: "tc", service: "web", force: true }));
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [run.Instances[0].InstanceId] }));
});
