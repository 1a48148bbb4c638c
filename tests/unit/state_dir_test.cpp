#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <boost/json/serialize.hpp>

#include "aws/pipeline.hpp"
#include "services/elbv2/elbv2_model.hpp"
#include "state/state_codec.hpp"
#include "state/state_dir.hpp"

using namespace ecsemu;
namespace fs = std::filesystem;

namespace {

// A fresh directory under the system's temporary one, removed with the object.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "ecsemu-state-test-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string str() const { return path.string(); }
};

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
}

// A world with something in every kind of member the codec walks: strings, numbers, enums, optionals, maps with
// string and non-string keys, nested structs, JSON documents, the task definition store's private counters.
void populate(state::World& world) {
  auto& store = world.region("111122223333", "eu-west-1");
  store.ecs.clusters["web"] = ecs::new_cluster("eu-west-1", "111122223333", "web");
  for (int i = 0; i < 3; ++i) {
    ecs::TaskDefinition d;
    d.family = "app";
    d.spec["containerDefinitions"] = boost::json::array{boost::json::object{{"name", "c"}, {"image", "busybox"}}};
    store.ecs.task_definitions.add(std::move(d), "eu-west-1", "111122223333");
  }
  ecs::TaskDefinition* third = store.ecs.task_definitions.find("app", 3);
  REQUIRE(third != nullptr);
  store.ecs.task_definitions.set_status(*third, ecs::TaskDefinitionStatus::kInactive);
  ecs::Task task;
  task.id = "abc";
  task.arn = "arn:aws:ecs:eu-west-1:111122223333:task/web/abc";
  task.state = ecs::TaskState::Running;
  task.generation = 7;
  task.containers.push_back(ecs::TaskContainer{});
  task.containers.back().exit_code = 137;
  task.eni = ecs::TaskEni{};
  task.eni->private_ip = "172.31.0.9";
  ecs::insert_task(store.ecs.tasks, std::move(task));
  store.ec2.network.subnets["subnet-1"].used_ips = {1, 2, 0xffffffffU};
  store.ec2.instances.instances["i-1"].state = ec2::InstanceStateName::Stopped;
  elbv2::LoadBalancer lb;
  lb.arn = "arn:lb";
  lb.seq = 41;
  store.elbv2.load_balancers[lb.arn] = lb;
  world.iam("111122223333").roles["r"].name = "r";
  iam::IssuedKey key;
  key.access_key = "AKIAEXAMPLE";
  key.account = "111122223333";
  key.expiration = 12.5;
  world.keys().add(key);
}

}  // namespace

TEST_CASE("A saved world loads back equal, member for member", "[state]") {
  state::World world;
  populate(world);
  boost::json::object saved = state::encode_world(world);
  state::World loaded;
  state::decode_world(saved, loaded);
  CHECK(boost::json::serialize(state::encode_world(loaded)) == boost::json::serialize(saved));

  const state::RegionStore* store = loaded.find("111122223333", "eu-west-1");
  REQUIRE(store != nullptr);
  CHECK(store->ecs.clusters.count("web") == 1);
  CHECK(store->ecs.task_definitions.size() == 3);
  CHECK(store->ecs.task_definitions.with_status(ecs::TaskDefinitionStatus::kInactive).size() == 1);
  const auto& task = store->ecs.tasks.tasks.at("abc");
  CHECK(task.state == ecs::TaskState::Running);
  CHECK(task.containers.at(0).exit_code == 137);
  CHECK(task.eni->private_ip == "172.31.0.9");
  CHECK(store->ec2.network.subnets.at("subnet-1").used_ips.count(0xffffffffU) == 1);
  CHECK(store->ec2.instances.instances.at("i-1").state == ec2::InstanceStateName::Stopped);
  REQUIRE(loaded.keys().find("AKIAEXAMPLE") != nullptr);
  CHECK(loaded.keys().find("AKIAEXAMPLE")->expiration == 12.5);
  CHECK(loaded.find_iam("111122223333")->roles.count("r") == 1);
}

TEST_CASE("A loaded world never reuses a revision number or a sequence number", "[state]") {
  state::World world;
  populate(world);
  auto& defs = world.region("111122223333", "eu-west-1").ecs.task_definitions;
  // Revision 3 is deleted for good: the next one is still 4.
  defs.families["app"].erase(3);
  state::World loaded;
  state::decode_world(state::encode_world(world), loaded);
  ecs::TaskDefinition d;
  d.family = "app";
  auto& added =
      loaded.region("111122223333", "eu-west-1").ecs.task_definitions.add(std::move(d), "eu-west-1", "111122223333");
  CHECK(added.revision == 4);
  CHECK(elbv2::next_seq() > 41);
}

TEST_CASE("Members a document lacks keep their defaults; members it has that the program lacks are ignored",
          "[state]") {
  state::World world;
  populate(world);
  boost::json::object doc = state::encode_world(world);
  auto& store = doc["regions"].as_array()[0].as_object()["store"].as_object();
  auto& task = store["ecs"].as_object()["tasks"].as_object()["tasks"].as_object()["abc"].as_object();
  task.erase("launch_type");
  task["a_member_from_a_later_version"] = 1;
  state::World loaded;
  state::decode_world(doc, loaded);
  CHECK(loaded.region("111122223333", "eu-west-1").ecs.tasks.tasks.at("abc").launch_type.empty());
}

TEST_CASE("A document of the wrong shape is refused, naming where, and leaves the world as it was", "[state]") {
  state::World world;
  populate(world);
  boost::json::object doc = state::encode_world(world);
  doc["regions"].as_array()[0].as_object()["store"].as_object()["ecs"].as_object()["clusters"] = "not an object";
  state::World target;
  target.region("999999999999", "us-east-1");
  REQUIRE_THROWS_AS(state::decode_world(doc, target), state::CodecError);
  try {
    state::decode_world(doc, target);
  } catch (const state::CodecError& e) {
    CHECK(std::string(e.what()).find("ecs: clusters") != std::string::npos);
  }
  CHECK(target.find("999999999999", "us-east-1") != nullptr);
  CHECK(target.find("111122223333", "eu-west-1") == nullptr);
}

TEST_CASE("The journal replays every committed region over the snapshot", "[state]") {
  TempDir dir;
  {
    state::StateDir sd(dir.str());
    state::World world;
    sd.load(world);
    world.region("111122223333", "eu-west-1").ecs.clusters["a"] = ecs::new_cluster("eu-west-1", "111122223333", "a");
    sd.commit_region(world, "111122223333", "eu-west-1");
    sd.checkpoint(world);
    world.region("111122223333", "eu-west-1").ecs.clusters["b"] = ecs::new_cluster("eu-west-1", "111122223333", "b");
    sd.commit_region(world, "111122223333", "eu-west-1");
    world.region("111122223333", "us-west-2").ecs.clusters["c"] = ecs::new_cluster("us-west-2", "111122223333", "c");
    sd.commit_region(world, "111122223333", "us-west-2");
  }
  state::StateDir sd(dir.str());
  state::World world;
  state::LoadReport report = sd.load(world);
  CHECK(report.snapshot);
  CHECK(report.records == 2);
  CHECK(report.dropped_bytes == 0);
  CHECK(world.region("111122223333", "eu-west-1").ecs.clusters.size() == 2);
  CHECK(world.region("111122223333", "us-west-2").ecs.clusters.count("c") == 1);
}

TEST_CASE("A journal tail cut short or damaged is dropped and truncated away; the records before it stay", "[state]") {
  TempDir dir;
  {
    state::StateDir sd(dir.str());
    state::World world;
    sd.load(world);
    world.region("1", "r").ecs.clusters["a"] = ecs::new_cluster("r", "1", "a");
    sd.commit_region(world, "1", "r");
    world.region("1", "r").ecs.clusters["b"] = ecs::new_cluster("r", "1", "b");
    sd.commit_region(world, "1", "r");
  }
  fs::path journal = dir.path / "journal";
  std::string text = read(journal);
  SECTION("cut short") { write(journal, text.substr(0, text.size() - 10)); }
  SECTION("a flipped byte") {
    text[text.size() - 20] = text[text.size() - 20] == 'x' ? 'y' : 'x';
    write(journal, text);
  }
  SECTION("garbage appended after the last good record") { write(journal, text + "12 0000abcd\nnot json\n"); }
  state::StateDir sd(dir.str());
  state::World world;
  state::LoadReport report = sd.load(world);
  const auto& clusters = world.region("1", "r").ecs.clusters;
  if (report.records == 2) {
    CHECK(clusters.size() == 2);  // the garbage after both records
  } else {
    CHECK(report.records == 1);
    CHECK(clusters.size() == 1);
    CHECK(clusters.count("a") == 1);
  }
  CHECK(report.dropped_bytes > 0);
  CHECK_FALSE(report.dropped_reason.empty());
  // The tail is gone from the file: what is appended now follows the last good record.
  CHECK(fs::file_size(journal) == report.journal_bytes);
  world.region("1", "r").ecs.clusters["z"] = ecs::new_cluster("r", "1", "z");
  sd.commit_region(world, "1", "r");
  REQUIRE(fs::file_size(journal) > report.journal_bytes);
}

TEST_CASE("A damaged snapshot stops the load with a message naming the file and what to do", "[state]") {
  TempDir dir;
  {
    state::StateDir sd(dir.str());
    state::World world;
    sd.load(world);
    world.region("1", "r").ecs.clusters["a"] = ecs::new_cluster("r", "1", "a");
    sd.checkpoint(world);
  }
  fs::path snapshot = dir.path / "snapshot";
  std::string text = read(snapshot);
  std::string expect;
  SECTION("a flipped byte") {
    text[text.size() - 5] ^= 0x20;
    expect = "checksum";
  }
  SECTION("truncated") {
    text.resize(text.size() - 7);
    expect = "truncated";
  }
  SECTION("not a snapshot at all") {
    text = "hello\n";
    expect = "not an ecsemu snapshot";
  }
  SECTION("from a newer format") {
    text.replace(text.find(" 1 "), 3, " 99 ");
    expect = "newer ecsemu";
  }
  write(snapshot, text);
  state::StateDir sd(dir.str());
  state::World world;
  try {
    sd.load(world);
    FAIL("the damaged snapshot was loaded");
  } catch (const state::StateDirError& e) {
    std::string message = e.what();
    CHECK(message.find(snapshot.string()) != std::string::npos);
    CHECK(message.find(expect) != std::string::npos);
  }
}

TEST_CASE("A second user of a state directory is refused while the first holds it", "[state]") {
  TempDir dir;
  auto first = std::make_unique<state::StateDir>(dir.str());
  try {
    state::StateDir second(dir.str());
    FAIL("two users of one state directory");
  } catch (const state::StateDirError& e) {
    CHECK(std::string(e.what()).find("in use by another ecsemu (pid " + std::to_string(::getpid()) + ")") !=
          std::string::npos);
  }
  first.reset();
  CHECK_NOTHROW(state::StateDir(dir.str()));
}

TEST_CASE("Only operations that write state are committed", "[state]") {
  CHECK(aws::writes_state("ecs", "CreateCluster"));
  CHECK(aws::writes_state("ecs", "RunTask"));
  CHECK_FALSE(aws::writes_state("ecs", "DescribeClusters"));
  CHECK_FALSE(aws::writes_state("ecs", "ListTasks"));
  CHECK_FALSE(aws::writes_state("ssm", "GetParameter"));
  CHECK_FALSE(aws::writes_state("ecs", "BatchGetSomething"));
  CHECK(aws::writes_state("sts", "GetSessionToken"));
  CHECK(aws::writes_state("sts", "AssumeRole"));
  CHECK_FALSE(aws::writes_state("sts", "GetCallerIdentity"));
}
