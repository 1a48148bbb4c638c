#pragma once
// --state-dir: the World kept on disk, so that a restart (graceful or not) loses no acknowledged change.
//
// DIR/snapshot  the whole World at one instant: a header line, then its JSON (state_codec.hpp)
// DIR/journal   what changed since: records appended and fsync'd before the request that made them is answered.
//               A record holds the parts of one (account, region), its account's IAM state and the run-time keys
//               that the request changed (state_parts.hpp); applying it sets what it names, so replaying is
//               idempotent. (Format 1 records held the whole region; they are still read.)
// DIR/lock      held (flock) while a process uses the directory, with its process id in it.
//
// Every header and record carries its length and CRC-32. A record that does not check out ends the journal: it
// is the tail of a write cut short (a crash), dropped with a log line and truncated away. A snapshot that does
// not check out stops start-up: the World it held is not silently replaced by an empty one.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "state/state_parts.hpp"
#include "state/world.hpp"

namespace ecsemu::state {

// The on-disk format's version. A newer version is refused; older ones are read and rewritten in this one.
// 1: journal records of whole regions. 2: journal records of the parts that changed (same snapshot).
inline constexpr int kStateFormatVersion = 2;

// Start-up cannot use the directory (locked by another process, damaged snapshot, unwritable): the message says
// what and what to do.
class StateDirError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LoadReport {
  bool snapshot = false;             // a snapshot was read
  int snapshot_version = 0;          // its format
  std::size_t records = 0;           // journal records applied
  std::size_t dropped_bytes = 0;     // journal bytes dropped at its tail
  std::string dropped_reason;        // why (empty when none)
  std::uint64_t snapshot_bytes = 0;  // the snapshot's size
  std::uint64_t journal_bytes = 0;   // the journal's size once its tail is dropped
};

class StateDir {
 public:
  // Creates DIR when missing and takes its lock: throws StateDirError when another process holds it.
  explicit StateDir(std::string dir);
  ~StateDir();
  StateDir(const StateDir&) = delete;
  StateDir& operator=(const StateDir&) = delete;

  // Replaces `world` with the snapshot plus the journal's records; files of an older format are rewritten in the
  // current one. Throws StateDirError when the snapshot cannot be read or a checked record does not decode.
  LoadReport load(World& world);
  // Appends the record of what changed in one (account, region) and makes it durable (fdatasync); writes nothing
  // when nothing changed. Compacts the journal into a new snapshot once it outgrows the last one.
  void commit_region(const World& world, const std::string& account_id, const std::string& region);
  // Writes the whole World as the new snapshot (write, fsync, rename) and empties the journal.
  void checkpoint(const World& world);

  const std::string& path() const { return dir_; }
  std::uint64_t journal_bytes() const { return journal_bytes_; }
  std::uint64_t snapshot_bytes() const { return snapshot_bytes_; }

 private:
  void open_journal();
  void reset_journal();
  void append(const std::string& body);

  std::string dir_;
  int lock_fd_ = -1;
  int journal_fd_ = -1;
  std::uint64_t journal_bytes_ = 0;
  std::uint64_t snapshot_bytes_ = 0;
  WorldShadow shadow_;  // the world as the files hold it: what the next record is the difference from
};

}  // namespace ecsemu::state
