#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "services/ecs/ecs_container_instance_filter.hpp"
#include "services/ecs/ecs_model.hpp"

using namespace ecsemu::ecs;

namespace {

using Values = std::map<std::string, std::vector<std::string>>;

bool eval(std::string_view filter, const Values& values) {
  auto parsed = InstanceFilter::parse(filter);
  return parsed.matches([&](std::string_view subject) {
    auto it = values.find(std::string(subject));
    return it == values.end() ? std::vector<std::string>{} : it->second;
  });
}

const Values kInstance{{"attribute:ecs.instance-type", {"t2.micro"}},
                       {"attribute:ecs.availability-zone", {"us-east-1a"}},
                       {"attribute:stack", {"prod"}},
                       {"ec2InstanceId", {"i-0123"}},
                       {"agentConnected", {"true"}},
                       {"agentVersion", {"1.80.0"}},
                       {"runningTasksCount", {"3"}},
                       {"registeredAt", {"1528000000"}},  // 2018-06-03T04:26:40Z
                       {"task:group", {"service:web", "family:batch"}}};

}  // namespace

TEST_CASE("the filter compares attributes for equality and inequality", "[ecs]") {
  CHECK(eval("attribute:ecs.instance-type == t2.micro", kInstance));
  CHECK(eval("attribute:ecs.instance-type equals t2.micro", kInstance));
  CHECK_FALSE(eval("attribute:ecs.instance-type == t2.large", kInstance));
  CHECK(eval("attribute:ecs.instance-type != t2.large", kInstance));
  CHECK(eval("attribute:ecs.instance-type not_equals t2.large", kInstance));
  CHECK_FALSE(eval("attribute:ecs.instance-type != t2.micro", kInstance));
  CHECK(eval("attribute:stack=='prod'", kInstance));
  CHECK(eval("attribute:stack == \"prod\"", kInstance));
}

TEST_CASE("the filter tests whether attributes exist", "[ecs]") {
  CHECK(eval("attribute:stack exists", kInstance));
  CHECK_FALSE(eval("attribute:missing exists", kInstance));
  CHECK(eval("attribute:missing !exists", kInstance));
  CHECK(eval("attribute:missing not_exists", kInstance));
  CHECK_FALSE(eval("attribute:stack !exists", kInstance));
  CHECK(eval("attribute:missing != x", kInstance));
}

TEST_CASE("the filter matches lists with in and not in", "[ecs]") {
  CHECK(eval("ec2InstanceId in (i-0123, i-0456)", kInstance));
  CHECK(eval("ec2InstanceId in ('i-9', \"i-0123\")", kInstance));
  CHECK_FALSE(eval("ec2InstanceId in (i-9)", kInstance));
  CHECK(eval("ec2InstanceId !in (i-9, i-8)", kInstance));
  CHECK(eval("ec2InstanceId not_in (i-9)", kInstance));
  CHECK_FALSE(eval("ec2InstanceId not_in (i-0123)", kInstance));
}

TEST_CASE("the filter combines conditions with and, or, not and parentheses", "[ecs]") {
  CHECK(eval("attribute:stack == prod and attribute:ecs.instance-type == t2.micro", kInstance));
  CHECK_FALSE(eval("attribute:stack == prod && attribute:ecs.instance-type == t2.large", kInstance));
  CHECK(eval("attribute:stack == dev or attribute:ecs.instance-type == t2.micro", kInstance));
  CHECK(eval("attribute:stack == dev || ec2InstanceId == i-0123", kInstance));
  CHECK(eval("not attribute:stack == dev", kInstance));
  CHECK(eval("!(attribute:stack == dev)", kInstance));
  // "and" binds tighter than "or".
  CHECK(eval("attribute:stack == prod or attribute:stack == dev and ec2InstanceId == nope", kInstance));
  CHECK_FALSE(eval("(attribute:stack == prod or attribute:stack == dev) and ec2InstanceId == nope", kInstance));
}

TEST_CASE("the filter compares numbers and registration dates", "[ecs]") {
  CHECK(eval("runningTasksCount > 2", kInstance));
  CHECK(eval("runningTasksCount >= 3", kInstance));
  CHECK(eval("runningTasksCount greater_than 1", kInstance));
  CHECK_FALSE(eval("runningTasksCount < 3", kInstance));
  CHECK(eval("runningTasksCount <= 3", kInstance));
  CHECK(eval("runningTasksCount less_than_equal 10", kInstance));
  CHECK(eval("runningTasksCount == 3", kInstance));
  CHECK(eval("registeredAt > 2018-06-01", kInstance));
  CHECK(eval("registeredAt < 2018-06-03T05:00:00Z", kInstance));
  CHECK_FALSE(eval("registeredAt < 2018-06-03T04:00:00Z", kInstance));
  CHECK(eval("agentConnected == true", kInstance));
}

TEST_CASE("the filter matches patterns and task groups", "[ecs]") {
  CHECK(eval("attribute:ecs.instance-type =~ t2.*", kInstance));
  CHECK(eval("attribute:ecs.instance-type matches t2\\.micro", kInstance));
  CHECK_FALSE(eval("attribute:ecs.instance-type =~ m5.*", kInstance));
  CHECK(eval("attribute:ecs.instance-type !~ m5.*", kInstance));
  CHECK(eval("attribute:ecs.instance-type not_matches c.+", kInstance));
  CHECK(eval("task:group == service:web", kInstance));
  CHECK(eval("task:group == family:batch", kInstance));
  CHECK_FALSE(eval("task:group == service:api", kInstance));
  CHECK(eval("agentVersion =~ 1\\.8.*", kInstance));
}

TEST_CASE("malformed filters are refused with a reason", "[ecs]") {
  for (const char* bad :
       {"", "attribute:x ==", "attribute:x", "attribute:x === y", "color == red", "attribute: == y",
        "(attribute:x == y", "attribute:x == y)", "attribute:x in y", "attribute:x in (a, b", "attribute:x == 'open",
        "attribute:x == y and", "attribute:x == y z", "and attribute:x == y"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(InstanceFilter::parse(bad), FilterError);
  }
  CHECK_THROWS_AS(InstanceFilter::parse(std::string(2000, 'a')), FilterError);
  std::string deep;
  for (int i = 0; i < 100; ++i) {
    deep += "(";
  }
  deep += "attribute:x exists";
  for (int i = 0; i < 100; ++i) {
    deep += ")";
  }
  CHECK_THROWS_AS(InstanceFilter::parse(deep), FilterError);
}

TEST_CASE("patterns match the whole value in linear time", "[ecs]") {
  CHECK(filter_pattern_matches("a.c", "abc"));
  CHECK_FALSE(filter_pattern_matches("a.c", "abcd"));
  CHECK(filter_pattern_matches("ab*c", "ac"));
  CHECK(filter_pattern_matches("ab+c", "abbbc"));
  CHECK_FALSE(filter_pattern_matches("ab+c", "ac"));
  CHECK(filter_pattern_matches("ab?c", "abc"));
  CHECK(filter_pattern_matches("ab?c", "ac"));
  CHECK_FALSE(filter_pattern_matches("ab?c", "abbc"));
  CHECK(filter_pattern_matches("a\\.b", "a.b"));
  CHECK_FALSE(filter_pattern_matches("a\\.b", "axb"));
  CHECK(filter_pattern_matches(".*", ""));
  // A pattern that backtracks exponentially in naive matchers.
  CHECK_FALSE(filter_pattern_matches("a*a*a*a*a*a*a*a*a*a*a*b", std::string(5000, 'a')));
}

TEST_CASE("filter dates parse as UTC", "[ecs]") {
  double s = 0;
  REQUIRE(parse_filter_date("1970-01-02", s));
  CHECK(s == 86400);
  REQUIRE(parse_filter_date("2018-06-03T04:26:40Z", s));
  CHECK(s == 1528000000);
  CHECK_FALSE(parse_filter_date("2018-13-01", s));
  CHECK_FALSE(parse_filter_date("yesterday", s));
  CHECK_FALSE(parse_filter_date("2018-06-03T04:26", s));
}

TEST_CASE("container instances register with a random id and the cluster in the ARN", "[ecs]") {
  EcsState state;
  InstanceFacts facts;
  facts.ec2_instance_id = "i-1";
  facts.instance_type = "t3.small";
  facts.availability_zone = "us-east-1b";
  facts.ami_id = "ami-1";
  facts.cpu = 2048;
  facts.memory = 3904;
  ContainerInstance& instance =
      register_container_instance(state, "us-east-1", "123456789012", "web", std::move(facts));
  CHECK(instance.id.size() == 32);
  CHECK(instance.id.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(instance.arn == "arn:aws:ecs:us-east-1:123456789012:container-instance/web/" + instance.id);
  CHECK(instance.cluster_arn == "arn:aws:ecs:us-east-1:123456789012:cluster/web");
  CHECK(instance.attributes.at("ecs.instance-type") == "t3.small");
  CHECK(instance.attributes.at("ecs.availability-zone") == "us-east-1b");
  CHECK(instance.attributes.at("ecs.ami-id") == "ami-1");
  CHECK(random_container_instance_id() != random_container_instance_id());

  std::string id = instance.id;
  std::string arn = instance.arn;
  CHECK(find_container_instance(state, instance.cluster_arn, id) != nullptr);
  CHECK(find_container_instance(state, instance.cluster_arn, arn) != nullptr);
  CHECK(find_container_instance(state, instance.cluster_arn,
                                "arn:aws:ecs:us-east-1:123456789012:container-instance/" + id) != nullptr);
  CHECK(find_container_instance(state, instance.cluster_arn,
                                "arn:aws:ecs:us-east-1:123456789012:container-instance/other/" + id) == nullptr);
  CHECK(find_container_instance(state, instance.cluster_arn,
                                "arn:aws:ecs:eu-west-1:123456789012:container-instance/web/" + id) == nullptr);
  CHECK(find_container_instance(state, "arn:aws:ecs:us-east-1:123456789012:cluster/other", id) == nullptr);
  CHECK(find_container_instance_tags(state, "web/" + id) != nullptr);
  CHECK(find_container_instance_tags(state, "other/" + id) == nullptr);

  ClusterCounts counts;
  add_container_instance_counts(state, instance.cluster_arn, counts);
  CHECK(counts.registered_container_instances == 1);
  CHECK(deregister_container_instance(state, id));
  CHECK(state.container_instances.instances.at(id).status == "INACTIVE");
  CHECK_FALSE(deregister_container_instance(state, "nope"));
  ClusterCounts after;
  add_container_instance_counts(state, instance.cluster_arn, after);
  CHECK(after.registered_container_instances == 0);
  CHECK(find_container_instance_tags(state, "web/" + id) == nullptr);
}

TEST_CASE("attribute names and values follow AWS's character rules", "[ecs]") {
  CHECK(valid_attribute_name("com.amazonaws.ecs.capability.docker-remote-api.1.17"));
  CHECK(valid_attribute_name("a/b\\c_d"));
  CHECK_FALSE(valid_attribute_name(""));
  CHECK_FALSE(valid_attribute_name("has space"));
  CHECK_FALSE(valid_attribute_name(std::string(129, 'a')));
  CHECK(valid_attribute_value("us-east-1a"));
  CHECK(valid_attribute_value("user@host: x/y"));
  CHECK_FALSE(valid_attribute_value(" leading"));
  CHECK_FALSE(valid_attribute_value("trailing "));
  CHECK_FALSE(valid_attribute_value("semi;colon"));
  CHECK_FALSE(valid_attribute_value(std::string(129, 'a')));
}

TEST_CASE("capacity provider names may not start with aws, ecs or fargate", "[ecs]") {
  CHECK(valid_capacity_provider_name("my-asg_provider1"));
  CHECK_FALSE(valid_capacity_provider_name("awsProvider"));
  CHECK_FALSE(valid_capacity_provider_name("ECS-thing"));
  CHECK_FALSE(valid_capacity_provider_name("Fargate2"));
  CHECK_FALSE(valid_capacity_provider_name("bad name"));
  CHECK_FALSE(valid_capacity_provider_name(""));
  CHECK(capacity_provider_arn("us-east-1", "1", "cp") == "arn:aws:ecs:us-east-1:1:capacity-provider/cp");
  EcsState state;
  CapacityProvider provider;
  provider.name = "cp";
  provider.arn = capacity_provider_arn("us-east-1", "1", "cp");
  state.container_instances.capacity_providers["cp"] = provider;
  CHECK(find_active_capacity_provider(state, "cp") != nullptr);
  CHECK(find_active_capacity_provider(state, provider.arn) != nullptr);
  CHECK(find_capacity_provider_tags(state, "cp") != nullptr);
  state.container_instances.capacity_providers["cp"].status = "INACTIVE";
  CHECK(find_active_capacity_provider(state, "cp") == nullptr);
  CHECK(find_capacity_provider_tags(state, "cp") == nullptr);
}
