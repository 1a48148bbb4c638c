#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace ecsemu {

// Wall-clock time, injected so handlers and controllers are tested with a manual clock and never sleep
// (DESIGN.md 7). One SystemClock is made by App and handed to everything that reads the time.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point now() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::now() + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                                  std::chrono::nanoseconds(offset_ns_.load(std::memory_order_relaxed)));
  }
  // Moves the clock forward for good (the /_ecsemu/clock/advance control endpoint: tests of expiring credentials).
  void advance(std::chrono::nanoseconds by) { offset_ns_.fetch_add(by.count(), std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> offset_ns_{0};
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::chrono::system_clock::time_point start =
                           std::chrono::system_clock::time_point(std::chrono::seconds(1700000000)))
      : now_(start) {}
  std::chrono::system_clock::time_point now() const override { return now_; }
  void advance(std::chrono::system_clock::duration by) { now_ += by; }
  void set(std::chrono::system_clock::time_point to) { now_ = to; }

 private:
  std::chrono::system_clock::time_point now_;
};

// Seconds since the epoch with the sub-second part, as AWS timestamps are stored in the model.
inline double epoch_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

}  // namespace ecsemu
