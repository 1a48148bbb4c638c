#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include <unistd.h>

#include "ecsemu/auth/credential_store.hpp"

namespace {

using ecsemu::auth::Credential;
using ecsemu::auth::CredentialStore;

constexpr const char* kDefaultAccount = "123456789012";

// A file in the temporary directory, removed when the test ends.
class TempFile {
 public:
  explicit TempFile(const std::string& content) {
    static std::atomic<int> counter{0};
    path_ = (std::filesystem::temp_directory_path() /
             ("ecsemu-credentials-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".txt"))
                .string();
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The message of the std::runtime_error that loading `content` throws ("" when it does not throw).
std::string load_error(const std::string& content, std::string* path = nullptr) {
  TempFile file(content);
  if (path != nullptr) {
    *path = file.path();
  }
  CredentialStore store(kDefaultAccount);
  try {
    store.load_file(file.path());
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return {};
}

}  // namespace

TEST_CASE("the built-in test/test pair belongs to the default account", "[auth]") {
  CredentialStore store(kDefaultAccount);
  const Credential* credential = store.find("test");
  REQUIRE(credential != nullptr);
  CHECK(credential->access_key == "test");
  CHECK(credential->secret_key == "test");
  CHECK(credential->account_id == kDefaultAccount);
  CHECK(store.default_account_id() == kDefaultAccount);
  CHECK(store.find("TEST") == nullptr);
  CHECK(store.find("AKIDEXAMPLE") == nullptr);
  CHECK(store.find("") == nullptr);
}

TEST_CASE("an unknown 12-digit access key is its own account in open mode, any other the default", "[auth]") {
  CredentialStore store(kDefaultAccount);
  CHECK(store.account_for_unknown_key("000000000042") == "000000000042");
  CHECK(store.account_for_unknown_key("AKIAIOSFODNN7EXAMPLE") == kDefaultAccount);
  CHECK(store.account_for_unknown_key("00000000004") == kDefaultAccount);
  CHECK(store.account_for_unknown_key("0000000000421") == kDefaultAccount);
  CHECK(store.account_for_unknown_key("00000000004x") == kDefaultAccount);
  CHECK(store.account_for_unknown_key("") == kDefaultAccount);
}

TEST_CASE("a credentials file is read with comments, blank lines, commas, tabs and CRLF", "[auth]") {
  TempFile file(
      "# access key, secret, account\n"
      "\n"
      "AKIAONE secretone 111111111111\n"
      "AKIATWO,secret/two+x==,222222222222  # trailing comment\r\n"
      "\tAKIATHREE \t secret3\n"
      "   # indented comment\n"
      "AKIAFOUR , secret4 , 444444444444");
  CredentialStore store(kDefaultAccount);
  store.load_file(file.path());

  REQUIRE(store.find("AKIAONE") != nullptr);
  CHECK(store.find("AKIAONE")->secret_key == "secretone");
  CHECK(store.find("AKIAONE")->account_id == "111111111111");
  REQUIRE(store.find("AKIATWO") != nullptr);
  CHECK(store.find("AKIATWO")->secret_key == "secret/two+x==");
  CHECK(store.find("AKIATWO")->account_id == "222222222222");
  REQUIRE(store.find("AKIATHREE") != nullptr);
  CHECK(store.find("AKIATHREE")->account_id == kDefaultAccount);
  REQUIRE(store.find("AKIAFOUR") != nullptr);
  CHECK(store.find("AKIAFOUR")->secret_key == "secret4");
  CHECK(store.find("AKIAFOUR")->account_id == "444444444444");
  CHECK(store.find("test") != nullptr);
}

TEST_CASE("a credentials file may replace the built-in test key", "[auth]") {
  TempFile file("test other-secret 999999999999\n");
  CredentialStore store(kDefaultAccount);
  store.load_file(file.path());
  REQUIRE(store.find("test") != nullptr);
  CHECK(store.find("test")->secret_key == "other-secret");
  CHECK(store.find("test")->account_id == "999999999999");
}

TEST_CASE("a malformed credentials file is an error naming the file and the line", "[auth]") {
  std::string path;
  std::string error = load_error("AKIAONE secret\nAKIALONELY\n", &path);
  CHECK(error.find(path + ":2:") != std::string::npos);
  CHECK(error.find("ACCESS_KEY SECRET_KEY [ACCOUNT_ID]") != std::string::npos);

  error = load_error("# header\nA B 123456789012 extra\n", &path);
  CHECK(error.find(path + ":2:") != std::string::npos);

  error = load_error("\n\nA B 12345\n", &path);
  CHECK(error.find(path + ":3:") != std::string::npos);
  CHECK(error.find("'12345' is not 12 digits") != std::string::npos);

  CHECK(load_error("A B 1234567890123\n").find("not 12 digits") != std::string::npos);
  CHECK(load_error("A B 12345678901x\n").find("not 12 digits") != std::string::npos);

  error = load_error("A B\nC D\nA E\n", &path);
  CHECK(error.find(path + ":3:") != std::string::npos);
  CHECK(error.find("line 1") != std::string::npos);
}

TEST_CASE("a credentials file that fails to load adds none of its entries", "[auth]") {
  TempFile file("AKIAGOOD secret\nAKIABAD\n");
  CredentialStore store(kDefaultAccount);
  CHECK_THROWS_AS(store.load_file(file.path()), std::runtime_error);
  CHECK(store.find("AKIAGOOD") == nullptr);
}

TEST_CASE("a missing credentials file is an error naming it", "[auth]") {
  CredentialStore store(kDefaultAccount);
  const std::string path = "/nonexistent/ecsemu/credentials.txt";
  try {
    store.load_file(path);
    FAIL("load_file did not throw");
  } catch (const std::runtime_error& error) {
    CHECK(std::string(error.what()).find(path) != std::string::npos);
  }
}

TEST_CASE("add fills in the default account and rejects incomplete entries", "[auth]") {
  CredentialStore store(kDefaultAccount);
  store.add(Credential{"AKIAADDED", "secret", ""});
  REQUIRE(store.find("AKIAADDED") != nullptr);
  CHECK(store.find("AKIAADDED")->account_id == kDefaultAccount);

  store.add(Credential{"AKIAADDED", "newer", "000000000001"});
  CHECK(store.find("AKIAADDED")->secret_key == "newer");
  CHECK(store.find("AKIAADDED")->account_id == "000000000001");

  CHECK_THROWS_AS(store.add(Credential{"", "secret", ""}), std::invalid_argument);
  CHECK_THROWS_AS(store.add(Credential{"AKIA", "", ""}), std::invalid_argument);
  CHECK_THROWS_AS(store.add(Credential{"AKIA", "secret", "12"}), std::invalid_argument);
}
