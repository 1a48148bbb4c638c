#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <boost/crc.hpp>
#include "aws/pipeline.hpp"
#include "services/elbv2/elbv2_model.hpp"

#include "state/crc32.hpp"
#include "state/state_codec.hpp"
#include "state/state_dir.hpp"
#include "state/state_parts.hpp"

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
    std::string current = " " + std::to_string(state::kStateFormatVersion) + " ";
    text.replace(text.find(current), current.size(), " 99 ");
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

namespace {

std::string saved(const state::World& world) { return boost::json::serialize(state::encode_world(world)); }

// The world a state directory holds, loaded by a second user after the first let go.
std::string reloaded(const TempDir& dir) {
  state::StateDir sd(dir.str());
  state::World world;
  sd.load(world);
  return saved(world);
}

ecs::TaskDefinition definition(const std::string& family, int containers) {
  ecs::TaskDefinition d;
  d.family = family;
  boost::json::array list;
  for (int i = 0; i < containers; ++i) {
    list.push_back(boost::json::object{{"name", "c" + std::to_string(i)}, {"image", "busybox:local"}});
  }
  d.spec["containerDefinitions"] = std::move(list);
  return d;
}

}  // namespace

TEST_CASE("A journal record holds what the write changed, not the region", "[state]") {
  TempDir dir;
  auto sd = std::make_unique<state::StateDir>(dir.str());
  state::World world;
  sd->load(world);
  auto& store = world.region("111122223333", "eu-west-1");
  store.ecs.clusters["web"] = ecs::new_cluster("eu-west-1", "111122223333", "web");
  sd->commit_region(world, "111122223333", "eu-west-1");
  auto add_one = [&] {
    std::uint64_t before = sd->journal_bytes();
    store.ecs.task_definitions.add(definition("app", 8), "eu-west-1", "111122223333");
    sd->commit_region(world, "111122223333", "eu-west-1");
    return sd->journal_bytes() - before;
  };
  std::uint64_t first = add_one();
  for (int i = 0; i < 200; ++i) {
    add_one();
  }
  std::uint64_t last = add_one();
  // The 202nd revision costs what the 1st did (its number differs by two digits), whatever else the region holds.
  CHECK(last <= first + 16);
  CHECK(last * 100 < sd->journal_bytes());

  SECTION("a write that changes nothing writes nothing") {
    std::uint64_t now = sd->journal_bytes();
    sd->commit_region(world, "111122223333", "eu-west-1");
    sd->commit_region(world, "111122223333", "us-east-1");  // a region nothing was ever written in
    CHECK(sd->journal_bytes() == now);
  }
  SECTION("what a reload replays is the world as it was") {
    sd.reset();
    CHECK(reloaded(dir) == saved(world));
  }
}

TEST_CASE("Every kind of change journaled part by part replays to the same world", "[state]") {
  TempDir dir;
  auto sd = std::make_unique<state::StateDir>(dir.str());
  state::World world;
  sd->load(world);
  populate(world);
  const std::string account = "111122223333";
  const std::string region = "eu-west-1";
  sd->commit_region(world, account, region);
  auto& store = world.region(account, region);
  auto commit = [&] { sd->commit_region(world, account, region); };

  store.ecs.clusters.erase("web");                                       // a map entry removed
  store.ecs.clusters["api"] = ecs::new_cluster(region, account, "api");  // and one added
  commit();
  auto& task = store.ecs.tasks.tasks.at("abc");
  task.containers.at(0).exit_code = 0;   // inside a vector: the vector is the part
  task.eni.reset();                      // an optional emptied: set to null, not removed
  task.state = ecs::TaskState::Stopped;  // an enum
  commit();
  store.ecs.task_definitions.families["app"].erase(2);  // a revision deleted: an entry of a map of maps
  store.ecs.task_definitions.add(definition("other", 1), region, account);
  commit();
  store.ecs.task_definitions.families.erase("other");       // a whole family
  store.ec2.network.subnets["subnet-1"].used_ips.erase(2);  // a set
  store.ec2.network.subnets["subnet-1"].used_ips.insert(77);
  ecs::TaskDefinition* first = store.ecs.task_definitions.find("app", 1);
  REQUIRE(first != nullptr);
  first->tags.emplace_back("team", "web");  // (its spec is written once: a revision is immutable)
  store.ecs.clusters["api"].settings = boost::json::array{boost::json::object{{"name", "containerInsights"}}};
  commit();
  world.iam(account).roles.erase("r");  // IAM is the account's: journaled with whichever region wrote
  world.iam(account).roles["s"].name = "s";
  world.keys().erase("AKIAEXAMPLE");
  iam::IssuedKey key;
  key.access_key = "ASIAEXAMPLE";
  key.account = account;
  world.keys().add(key);
  commit();
  world.region(account, "us-west-2").ecs.clusters["west"] = ecs::new_cluster("us-west-2", account, "west");
  sd->commit_region(world, account, "us-west-2");

  std::string expected = saved(world);
  sd.reset();
  std::string replayed = reloaded(dir);
  CHECK(replayed == expected);
  state::StateDir again(dir.str());
  state::World loaded;
  state::LoadReport report = again.load(loaded);
  CHECK(report.records == 7);
  const auto& defs = loaded.region(account, region).ecs.task_definitions;
  CHECK(defs.size() == 2);  // 1 and 3 (2 deleted, "other" gone)
  CHECK(defs.with_status(ecs::TaskDefinitionStatus::kInactive).size() == 1);
  CHECK(loaded.region(account, region).ecs.tasks.tasks.at("abc").eni == std::nullopt);
  CHECK(loaded.keys().find("AKIAEXAMPLE") == nullptr);
  CHECK(loaded.keys().find("ASIAEXAMPLE") != nullptr);
  // The deleted revision's number is still not reused.
  ecs::TaskDefinition d = definition("app", 1);
  auto& store2 = loaded.region(account, region);
  CHECK(store2.ecs.task_definitions.add(std::move(d), region, account).revision == 4);
}

TEST_CASE("A record of changes that does not fit the world is refused, naming what", "[state]") {
  state::World world;
  populate(world);
  auto refused = [&](const char* text) {
    boost::json::object record = boost::json::parse(text).as_object();
    try {
      state::apply_changes(record, world);
    } catch (const state::CodecError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(refused(R"({"account":"1","region":"r"})").find("without changes") != std::string::npos);
  CHECK(refused(R"({"account":"1","region":"r","changes":[["store"]]})").find("not [PATH, VALUE]") !=
        std::string::npos);
  CHECK(refused(R"({"account":"1","region":"r","changes":[[["store","ecs","region","x"],1]]})").find("no parts") !=
        std::string::npos);
  CHECK(refused(R"({"account":"1","region":"r","changes":[[["store","ecs","region"]]]})").find("names no map entry") !=
        std::string::npos);
  CHECK(refused(R"({"account":"1","region":"r","changes":[[["moon"],1]]})").find("moon") != std::string::npos);
  CHECK(refused(R"({"account":"1","region":"r","changes":[[["store","ecs","clusters","a"],"no"]]})")
            .find("expected an object") != std::string::npos);
  // A member a later version has and this one lacks is ignored, as in a snapshot.
  CHECK(refused(R"({"account":"1","region":"r","changes":[[["store","ecs","from_the_future"],1]]})").empty());
}

TEST_CASE("A state directory an ecsemu of format 1 left is read and rewritten in the current format", "[state]") {
  // tests/data/state-v1: made by the ecsemu of format 1 (a snapshot at a graceful exit, then records of whole
  // regions until a kill -9): a cluster, task definitions app:1 (deregistered) and app:2 with tags, a service,
  // an IAM role, a log group, an SSM parameter; then app:3, a cluster "api", the parameter overwritten, the log
  // group's retention set.
  TempDir dir;
  fs::path fixture = fs::path(ECSEMU_SOURCE_DIR) / "tests/data/state-v1";
  fs::copy_file(fixture / "snapshot", dir.path / "snapshot");
  fs::copy_file(fixture / "journal", dir.path / "journal");
  std::string expected;
  {
    state::StateDir sd(dir.str());
    state::World world;
    state::LoadReport report = sd.load(world);
    CHECK(report.snapshot);
    CHECK(report.records == 4);
    CHECK(report.dropped_bytes == 0);
    auto& store = world.region("123456789012", "eu-west-1");
    CHECK(store.ecs.clusters.count("web") == 1);
    CHECK(store.ecs.clusters.count("api") == 1);
    const auto& defs = store.ecs.task_definitions;
    REQUIRE(defs.size() == 3);
    CHECK(defs.with_status(ecs::TaskDefinitionStatus::kInactive).size() == 1);
    CHECK(store.ecs.services.services.size() == 1);
    CHECK(world.find_iam("123456789012")->roles.count("task-role") == 1);
    REQUIRE(store.logs.groups.count("/ecs/app") == 1);
    CHECK(store.logs.groups.at("/ecs/app").retention_days == 7);
    REQUIRE(store.ssm.parameters.count("/app/mode") == 1);
    CHECK(store.ssm.parameters.at("/app/mode").versions.size() == 2);
    // The files are now of the current format: what is appended next is a record of changes.
    CHECK(read(dir.path / "journal") == "ecsemu-state " + std::to_string(state::kStateFormatVersion) + " journal\n");
    CHECK(read(dir.path / "snapshot").rfind("ecsemu-state " + std::to_string(state::kStateFormatVersion) + " ", 0) ==
          0);
    expected = saved(world);
    ecs::TaskDefinition d = definition("app", 1);
    CHECK(store.ecs.task_definitions.add(std::move(d), "eu-west-1", "123456789012").revision == 4);
    sd.commit_region(world, "123456789012", "eu-west-1");
    expected = saved(world);
  }
  CHECK(reloaded(dir) == expected);
}

TEST_CASE("A format 1 snapshot without a journal is rewritten in the current format", "[state]") {
  TempDir dir;
  fs::copy_file(fs::path(ECSEMU_SOURCE_DIR) / "tests/data/state-v1/snapshot", dir.path / "snapshot");
  state::StateDir sd(dir.str());
  state::World world;
  state::LoadReport report = sd.load(world);
  CHECK(report.snapshot_version == 1);
  CHECK(world.region("123456789012", "eu-west-1").ecs.task_definitions.size() == 2);
  CHECK(read(dir.path / "snapshot").rfind("ecsemu-state " + std::to_string(state::kStateFormatVersion) + " ", 0) == 0);
}

TEST_CASE("The checksum is CRC-32 as zlib and Boost compute it", "[state]") {
  CHECK(state::crc32("") == 0);
  CHECK(state::crc32("123456789") == 0xCBF43926U);  // the CRC-32 check value
  std::string bytes;
  for (int i = 0; i < 1000; ++i) {
    bytes.push_back(static_cast<char>((i * 7919) & 0xFF));
  }
  for (std::size_t n : {1U, 7U, 8U, 9U, 15U, 16U, 999U, 1000U}) {
    boost::crc_32_type reference;
    reference.process_bytes(bytes.data(), n);
    CHECK(state::crc32(std::string_view(bytes).substr(0, n)) == reference.checksum());
  }
}

TEST_CASE("A start-up with nothing to replay leaves the files as they are", "[state]") {
  TempDir dir;
  {
    state::StateDir sd(dir.str());
    state::World world;
    sd.load(world);
    world.region("1", "r").ecs.clusters["a"] = ecs::new_cluster("r", "1", "a");
    sd.checkpoint(world);
  }
  std::string snapshot = read(dir.path / "snapshot");
  auto written = fs::last_write_time(dir.path / "snapshot");
  state::StateDir sd(dir.str());
  state::World world;
  state::LoadReport report = sd.load(world);
  CHECK(report.records == 0);
  CHECK(report.snapshot_version == state::kStateFormatVersion);
  CHECK(read(dir.path / "snapshot") == snapshot);
  CHECK(fs::last_write_time(dir.path / "snapshot") == written);
  CHECK(world.region("1", "r").ecs.clusters.count("a") == 1);
}
