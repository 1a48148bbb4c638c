#include "runtime/pause_image.hpp"

#include "ecsemu/url_coding.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstring>

extern "C" const char ecsemu_pause_begin[];
extern "C" const char ecsemu_pause_end[];

namespace ecsemu::runtime {

namespace {

constexpr std::size_t kBlock = 512;

// Writes value as zero-padded octal into field[0, width - 1), NUL-terminated.
void octal(char* field, std::size_t width, unsigned long long value) {
  std::snprintf(field, width, "%0*llo", static_cast<int>(width - 1), value);
}

std::string tar_header(std::string_view name, std::size_t size, unsigned mode) {
  std::string h(kBlock, '\0');
  std::copy(name.begin(), name.end(), h.begin());  // name: 100 bytes at 0
  octal(&h[100], 8, mode);
  octal(&h[108], 8, 0);  // uid
  octal(&h[116], 8, 0);  // gid
  octal(&h[124], 12, size);
  octal(&h[136], 12, 0);  // mtime: fixed, so the image id is the same on every start
  h[156] = '0';           // regular file
  std::memcpy(&h[257], "ustar", 6);
  std::memcpy(&h[263], "00", 2);
  std::fill(h.begin() + 148, h.begin() + 156, ' ');  // the checksum counts its own field as spaces
  unsigned sum = 0;
  for (char c : h) {
    sum += static_cast<unsigned char>(c);
  }
  std::snprintf(&h[148], 8, "%06o", sum);  // six digits, NUL, then the space left from above
  return h;
}

}  // namespace

std::string_view pause_program() {
  return {ecsemu_pause_begin, static_cast<std::size_t>(ecsemu_pause_end - ecsemu_pause_begin)};
}

std::string pause_image_name() { return std::string("ecsemu/pause:") + ECSEMU_VERSION; }

std::string pause_image_tar() {
  std::string_view program = pause_program();
  std::string tar = tar_header("pause", program.size(), 0755);
  tar.append(program);
  tar.append((kBlock - program.size() % kBlock) % kBlock, '\0');
  tar.append(2 * kBlock, '\0');  // end of archive
  return tar;
}

PauseImportRequest pause_image_import_request() {
  PauseImportRequest r;
  r.query = {
      {"fromSrc", "-"}, {"repo", "ecsemu/pause"}, {"tag", ECSEMU_VERSION}, {"changes", R"(ENTRYPOINT ["/pause"])"}};
  r.target = r.path;
  char sep = '?';
  for (const auto& [k, v] : r.query) {
    r.target += sep + k + "=" + url_encode(v);
    sep = '&';
  }
  r.body = pause_image_tar();
  return r;
}

}  // namespace ecsemu::runtime
