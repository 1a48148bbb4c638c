#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "runtime/pause_image.hpp"

using namespace ecsemu::runtime;

namespace {

unsigned long long octal_field(const std::string& s, std::size_t at, std::size_t width) {
  return std::stoull(s.substr(at, width), nullptr, 8);
}

}  // namespace

TEST_CASE("the pause program is an embedded static ELF executable", "[unit][runtime]") {
  std::string_view p = pause_program();
  REQUIRE(p.size() > 1024);
  CHECK(p.substr(0, 4) == std::string_view("\x7f"
                                           "ELF",
                                           4));
  // No PT_INTERP program header: no dynamic loader, so it runs in an image with nothing else.
  auto le = [&](std::size_t at, std::size_t bytes) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < bytes; ++i) {
      v |= std::uint64_t{static_cast<unsigned char>(p[at + i])} << (8 * i);
    }
    return v;
  };
  REQUIRE(p[4] == 2);  // 64-bit
  std::uint64_t phoff = le(32, 8);
  std::uint64_t phentsize = le(54, 2);
  std::uint64_t phnum = le(56, 2);
  REQUIRE(phnum > 0);
  REQUIRE(phoff + phnum * phentsize <= p.size());
  for (std::uint64_t i = 0; i < phnum; ++i) {
    CHECK(le(phoff + i * phentsize, 4) != 3);  // PT_INTERP
  }
}

TEST_CASE("the pause image tar is one ustar file /pause with a valid checksum", "[unit][runtime]") {
  std::string tar = pause_image_tar();
  std::string_view program = pause_program();
  REQUIRE(tar.size() % 512 == 0);
  REQUIRE(tar.size() == 512 + (program.size() + 511) / 512 * 512 + 1024);
  CHECK(tar.substr(0, 6) == std::string("pause\0", 6));
  CHECK(octal_field(tar, 100, 7) == 0755);
  CHECK(octal_field(tar, 124, 11) == program.size());
  CHECK(tar[156] == '0');
  CHECK(tar.substr(257, 6) == std::string("ustar\0", 6));
  unsigned sum = 0;
  for (std::size_t i = 0; i < 512; ++i) {
    sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(tar[i]);
  }
  CHECK(octal_field(tar, 148, 6) == sum);
  CHECK(tar.compare(512, program.size(), program) == 0);
  CHECK(tar.find_first_not_of('\0', tar.size() - 1024) == std::string::npos);
}

TEST_CASE("the import request names ecsemu/pause at this version and sets the entry point", "[unit][runtime]") {
  PauseImportRequest r = pause_image_import_request();
  CHECK(pause_image_name() == std::string("ecsemu/pause:") + ECSEMU_VERSION);
  CHECK(r.target == std::string("/images/create?fromSrc=-&repo=ecsemu%2Fpause&tag=") + ECSEMU_VERSION +
                        "&changes=ENTRYPOINT%20%5B%22%2Fpause%22%5D");
  CHECK(r.path == "/images/create");
  REQUIRE(r.query.size() == 4);
  CHECK(r.query[1] == std::pair<std::string, std::string>{"repo", "ecsemu/pause"});
  CHECK(r.query[3] == std::pair<std::string, std::string>{"changes", R"(ENTRYPOINT ["/pause"])"});
  CHECK(r.content_type == "application/x-tar");
  CHECK(r.body == pause_image_tar());
}
