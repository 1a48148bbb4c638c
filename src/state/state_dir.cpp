// The state directory's files: snapshot, journal and lock (see state_dir.hpp).
#include "state/state_dir.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>

#include <fmt/format.h>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "log.hpp"
#include "state/crc32.hpp"
#include "state/state_codec.hpp"
#include "state/state_parts.hpp"

namespace ecsemu::state {
namespace {

namespace json = boost::json;

constexpr std::string_view kMagic = "ecsemu-state";

std::string errno_text() { return std::strerror(errno); }

void write_all(int fd, std::string_view bytes, const std::string& file) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw StateDirError(fmt::format("cannot write {}: {}", file, errno_text()));
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void sync(int fd, const std::string& file) {
  if (::fdatasync(fd) != 0) {
    throw StateDirError(fmt::format("cannot sync {}: {}", file, errno_text()));
  }
}

std::string read_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool parse_u64(std::string_view text, std::uint64_t& out, int base = 10) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out, base);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

// "<length> <crc32 hex>" -> the two numbers.
bool parse_frame(std::string_view line, std::uint64_t& length, std::uint32_t& crc) {
  auto space = line.find(' ');
  std::uint64_t c = 0;
  if (space == std::string_view::npos || !parse_u64(line.substr(0, space), length) ||
      !parse_u64(line.substr(space + 1), c, 16) || c > 0xffffffffULL) {
    return false;
  }
  crc = static_cast<std::uint32_t>(c);
  return true;
}

std::string journal_header() { return fmt::format("{} {} journal\n", kMagic, kStateFormatVersion); }

// Parses a JSON object, or says why not.
// The document lives in `arena`: decoding copies what it keeps out of it, and the arena goes at once.
std::optional<json::object> parse_object(std::string_view body, std::string& why, const json::storage_ptr& arena) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec, arena);
  if (ec) {
    why = ec.message();
    return std::nullopt;
  }
  if (!v.is_object()) {
    why = "not a JSON object";
    return std::nullopt;
  }
  return std::move(v.get_object());
}

}  // namespace

StateDir::StateDir(std::string dir) : dir_(std::move(dir)) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) {
    throw StateDirError(fmt::format("cannot create the state directory {}: {}", dir_, ec.message()));
  }
  // Absolute and canonical: containers are labelled with it, and found by it after a restart from anywhere.
  dir_ = std::filesystem::canonical(dir_, ec).string();
  if (ec) {
    throw StateDirError(fmt::format("cannot resolve the state directory {}: {}", dir_, ec.message()));
  }
  std::string lock = dir_ + "/lock";
  lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) {
    throw StateDirError(fmt::format("cannot open {}: {}", lock, errno_text()));
  }
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    std::string holder = read_file(lock);
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) {
      holder.pop_back();
    }
    ::close(lock_fd_);
    lock_fd_ = -1;
    throw StateDirError(fmt::format(
        "the state directory {} is in use by another ecsemu (pid {}): stop that one first, or give this one "
        "another --state-dir",
        dir_, holder.empty() ? "unknown" : holder));
  }
  std::string pid = fmt::format("{}\n", ::getpid());
  if (::ftruncate(lock_fd_, 0) != 0) {
    throw StateDirError(fmt::format("cannot write {}: {}", lock, errno_text()));
  }
  write_all(lock_fd_, pid, lock);
}

StateDir::~StateDir() {
  if (journal_fd_ >= 0) {
    ::close(journal_fd_);
  }
  if (lock_fd_ >= 0) {
    ::close(lock_fd_);  // releases the lock
  }
}

LoadReport StateDir::load(World& world) {
  LoadReport report;
  World loaded;
  std::string snapshot_file = dir_ + "/snapshot";
  auto refuse = [&](std::string_view file, std::string_view why) -> StateDirError {
    return StateDirError(fmt::format(
        "cannot read the saved state: {} {}. Restore that file from a backup, or empty the state directory {} "
        "to start from an empty world",
        file, why, dir_));
  };
  if (std::filesystem::exists(snapshot_file)) {
    std::string text = read_file(snapshot_file);
    report.snapshot = true;
    report.snapshot_bytes = text.size();
    auto eol = text.find('\n');
    std::string_view header = std::string_view(text).substr(0, eol);
    // "ecsemu-state VERSION snapshot LENGTH CRC"
    std::string magic, kind;
    std::uint64_t version = 0, length = 0, crc = 0;
    {
      std::istringstream in{std::string(header)};
      std::string v, l, c;
      in >> magic >> v >> kind >> l >> c;
      if (eol == std::string::npos || magic != kMagic || kind != "snapshot" || !parse_u64(v, version) ||
          !parse_u64(l, length) || !parse_u64(c, crc, 16)) {
        throw refuse(snapshot_file, "is not an ecsemu snapshot (its first line is not a snapshot header)");
      }
    }
    if (version > static_cast<std::uint64_t>(kStateFormatVersion)) {
      throw StateDirError(fmt::format(
          "{} was written by a newer ecsemu (state format {}; this one reads up to {}): run that version, or empty "
          "the state directory {} to start from an empty world",
          snapshot_file, version, kStateFormatVersion, dir_));
    }
    std::string_view body = std::string_view(text).substr(eol + 1);
    if (body.size() != length) {
      throw refuse(snapshot_file,
                   fmt::format("is truncated or damaged ({} bytes of JSON, its header says {})", body.size(), length));
    }
    if (crc32(body) != crc) {
      throw refuse(snapshot_file, "is damaged (its checksum does not match)");
    }
    std::string why;
    auto document = parse_object(body, why, json::make_shared_resource<json::monotonic_resource>());
    if (!document) {
      throw refuse(snapshot_file, "is damaged (" + why + ")");
    }
    try {
      decode_world(*document, loaded);
    } catch (const CodecError& e) {
      throw refuse(snapshot_file, std::string("does not hold a world this ecsemu can load (") + e.what() + ")");
    }
    snapshot_bytes_ = text.size();
    report.snapshot_version = static_cast<int>(version);
  }

  std::string journal_file = dir_ + "/journal";
  std::uint64_t keep = 0;  // bytes of the journal that check out
  std::uint64_t journal_version = 0;
  bool rewritten = false;
  if (std::filesystem::exists(journal_file)) {
    std::string text = read_file(journal_file);
    std::string_view rest = text;
    std::string header = journal_header();
    auto eol = rest.find('\n');
    std::string_view first = rest.substr(0, eol == std::string_view::npos ? rest.size() : eol + 1);
    std::uint64_t version = 0;
    bool header_ok = false;
    {
      std::istringstream in{std::string(first)};
      std::string magic, v, kind;
      in >> magic >> v >> kind;
      header_ok = eol != std::string_view::npos && magic == kMagic && kind == "journal" && parse_u64(v, version);
    }
    if (header_ok && version > static_cast<std::uint64_t>(kStateFormatVersion)) {
      throw StateDirError(fmt::format(
          "{} was written by a newer ecsemu (state format {}; this one reads up to {}): run that version, or empty "
          "the state directory {} to start from an empty world",
          journal_file, version, kStateFormatVersion, dir_));
    }
    if (!header_ok) {
      report.dropped_reason = text.empty() ? "" : "no journal header";
      report.dropped_bytes = text.size();
    } else {
      keep = first.size();
      journal_version = version;
      rest.remove_prefix(first.size());
      while (!rest.empty()) {
        auto line_end = rest.find('\n');
        std::uint64_t length = 0;
        std::uint32_t crc = 0;
        if (line_end == std::string_view::npos) {
          report.dropped_reason = "a record cut short in its header";
          break;
        }
        if (!parse_frame(rest.substr(0, line_end), length, crc)) {
          report.dropped_reason = "a record header that does not parse";
          break;
        }
        std::string_view after = rest.substr(line_end + 1);
        if (after.size() < length + 1) {
          report.dropped_reason = "a record cut short";
          break;
        }
        std::string_view body = after.substr(0, length);
        if (after[length] != '\n' || crc32(body) != crc) {
          report.dropped_reason = "a record whose checksum does not match";
          break;
        }
        std::string why;
        auto record = parse_object(body, why, json::make_shared_resource<json::monotonic_resource>());
        if (!record) {
          report.dropped_reason = "a record that is not JSON (" + why + ")";
          break;
        }
        try {
          if (record->contains("changes")) {
            apply_changes(*record, loaded);
          } else {
            apply_region(*record, loaded);  // format 1
          }
        } catch (const CodecError& e) {
          // It checked out, so it is what an ecsemu wrote: never drop an acknowledged change silently.
          throw StateDirError(fmt::format(
              "cannot apply the journal record at byte {} of {} ({}). Run the ecsemu that wrote it, or empty the "
              "state directory {} to start from an empty world",
              keep, journal_file, e.what(), dir_));
        }
        ++report.records;
        std::size_t used = line_end + 1 + length + 1;
        keep += used;
        rest.remove_prefix(used);
      }
      report.dropped_bytes = text.size() - keep;
    }
    if (report.dropped_bytes > 0) {
      log::warn("msg=\"journal tail dropped\" file={} offset={} bytes={} reason=\"{}\"", journal_file, keep,
                report.dropped_bytes, report.dropped_reason);
    }
  }
  finish_loading(loaded);
  world = std::move(loaded);
  shadow_.reset(world);
  if (keep == 0) {
    reset_journal();
  } else {
    open_journal();
    if (::ftruncate(journal_fd_, static_cast<off_t>(keep)) != 0) {
      throw StateDirError(fmt::format("cannot truncate {}: {}", journal_file, errno_text()));
    }
    sync(journal_fd_, journal_file);
    journal_bytes_ = keep;
    if (journal_version < static_cast<std::uint64_t>(kStateFormatVersion)) {
      checkpoint(world);  // records of an older format are not appended to
      rewritten = true;
    }
  }
  if (!rewritten && report.snapshot && report.snapshot_version < kStateFormatVersion) {
    checkpoint(world);  // an older format is rewritten in this one
  }
  report.journal_bytes = journal_bytes_;
  return report;
}

void StateDir::open_journal() {
  if (journal_fd_ >= 0) {
    return;
  }
  std::string file = dir_ + "/journal";
  journal_fd_ = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (journal_fd_ < 0) {
    throw StateDirError(fmt::format("cannot open {}: {}", file, errno_text()));
  }
}

void StateDir::reset_journal() {
  open_journal();
  std::string file = dir_ + "/journal";
  if (::ftruncate(journal_fd_, 0) != 0) {
    throw StateDirError(fmt::format("cannot truncate {}: {}", file, errno_text()));
  }
  std::string header = journal_header();
  write_all(journal_fd_, header, file);
  sync(journal_fd_, file);
  journal_bytes_ = header.size();
}

void StateDir::append(const std::string& body) {
  open_journal();
  std::string frame = fmt::format("{} {:08x}\n", body.size(), crc32(body));
  frame.reserve(frame.size() + body.size() + 1);
  frame += body;
  frame += '\n';
  std::string file = dir_ + "/journal";
  write_all(journal_fd_, frame, file);
  sync(journal_fd_, file);
  journal_bytes_ += frame.size();
}

void StateDir::commit_region(const World& world, const std::string& account_id, const std::string& region) {
  std::optional<json::object> record = shadow_.record_changes(world, account_id, region);
  if (!record) {
    return;  // nothing changed: nothing to make durable
  }
  append(json::serialize(*record));
  // Once the journal outgrows the snapshot, replaying it costs more than reading a new snapshot would: writing
  // one then keeps start-up to reading at most about twice the world, at a cost spread over as many bytes written.
  constexpr std::uint64_t kMinCompactBytes = 4ULL << 20;
  if (journal_bytes_ > std::max(kMinCompactBytes, snapshot_bytes_)) {
    checkpoint(world);
  }
}

void StateDir::checkpoint(const World& world) {
  std::string body = json::serialize(encode_world(world));
  std::string text = fmt::format("{} {} snapshot {} {:08x}\n", kMagic, kStateFormatVersion, body.size(), crc32(body));
  text += body;
  std::string file = dir_ + "/snapshot";
  std::string tmp = file + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw StateDirError(fmt::format("cannot open {}: {}", tmp, errno_text()));
  }
  try {
    write_all(fd, text, tmp);
    if (::fsync(fd) != 0) {
      throw StateDirError(fmt::format("cannot sync {}: {}", tmp, errno_text()));
    }
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), file.c_str()) != 0) {
    throw StateDirError(fmt::format("cannot replace {}: {}", file, errno_text()));
  }
  int dir_fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  snapshot_bytes_ = text.size();
  // The snapshot holds every record the journal had: only now may they go.
  reset_journal();
  shadow_.reset(world);
}

}  // namespace ecsemu::state
