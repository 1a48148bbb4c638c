#include <catch2/catch.hpp>

#include "protocol/base64.hpp"
#include "services/ec2/ec2_user_data.hpp"

using namespace ecsemu::ec2;

TEST_CASE("ECS_CLUSTER is read from the echo form the ECS docs show", "[ec2]") {
  CHECK(parse_ecs_agent_config("#!/bin/bash\necho ECS_CLUSTER=my-cluster >> /etc/ecs/ecs.config\n").cluster ==
        "my-cluster");
  CHECK(parse_ecs_agent_config("#!/bin/bash\necho \"ECS_CLUSTER=quoted\" >> /etc/ecs/ecs.config").cluster == "quoted");
  CHECK(parse_ecs_agent_config("#!/bin/bash\r\necho 'ECS_CLUSTER=crlf_1'>>/etc/ecs/ecs.config\r\n").cluster ==
        "crlf_1");
}

TEST_CASE("ECS_CLUSTER lines in heredocs and cloud-config write_files count; comments do not", "[ec2]") {
  CHECK(parse_ecs_agent_config("#!/bin/bash\ncat <<'EOF' >> /etc/ecs/ecs.config\nECS_CLUSTER=heredoc\n"
                               "ECS_ENABLE_TASK_IAM_ROLE=true\nEOF\n")
            .cluster == "heredoc");
  CHECK(parse_ecs_agent_config("#cloud-config\nwrite_files:\n  - path: /etc/ecs/ecs.config\n    append: true\n"
                               "    content: |\n      ECS_CLUSTER=cloudy\n      ECS_RESERVED_MEMORY=256\n")
            .cluster == "cloudy");
  CHECK(parse_ecs_agent_config("#!/bin/bash\n# echo ECS_CLUSTER=commented >> /etc/ecs/ecs.config\n").cluster.empty());
  CHECK(parse_ecs_agent_config("#!/bin/bash\necho MY_ECS_CLUSTER=nope\n").cluster.empty());
  CHECK(parse_ecs_agent_config("echo ECS_CLUSTER=first >> f\necho ECS_CLUSTER=second >> f\n").cluster == "second");
}

TEST_CASE("ECS_RESERVED_MEMORY is read", "[ec2]") {
  auto config = parse_ecs_agent_config(
      "echo ECS_CLUSTER=c >> /etc/ecs/ecs.config\necho ECS_RESERVED_MEMORY=256 >> "
      "/etc/ecs/ecs.config\n");
  CHECK(config.reserved_memory == 256);
}

TEST_CASE("MIME multipart user data is searched, base64 parts included", "[ec2]") {
  std::string script = "#!/bin/bash\necho ECS_CLUSTER=from-mime >> /etc/ecs/ecs.config\n";
  std::string mime =
      "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"==BOUNDARY==\"\n\n"
      "--==BOUNDARY==\nContent-Type: text/cloud-config; charset=\"us-ascii\"\n\n#cloud-config\n"
      "repo_upgrade: none\n\n--==BOUNDARY==\nContent-Type: text/x-shellscript; charset=\"us-ascii\"\n"
      "Content-Transfer-Encoding: base64\n\n" +
      ecsemu::protocol::base64_encode(script) + "\n--==BOUNDARY==--\n";
  CHECK(parse_ecs_agent_config(mime).cluster == "from-mime");
  std::string plain =
      "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n--b\n"
      "Content-Type: text/x-shellscript\n\n" +
      script + "--b--\n";
  CHECK(parse_ecs_agent_config(plain).cluster == "from-mime");
}

TEST_CASE("Bottlerocket settings name the cluster too", "[ec2]") {
  CHECK(parse_ecs_agent_config("[settings.ecs]\ncluster = \"rocket\"\n").cluster == "rocket");
  CHECK(parse_ecs_agent_config("[settings.other]\ncluster = \"no\"\n").cluster.empty());
}

TEST_CASE("User data as it travels (base64) is decoded first; bad base64 gives nothing", "[ec2]") {
  std::string wire = ecsemu::protocol::base64_encode("#!/bin/bash\necho ECS_CLUSTER=wired >> /etc/ecs/ecs.config\n");
  CHECK(parse_ecs_agent_config_base64(wire).cluster == "wired");
  CHECK(parse_ecs_agent_config_base64("not base64 !!").cluster.empty());
  CHECK(parse_ecs_agent_config_base64("").cluster.empty());
}
