#pragma once

// The clock moved to include/ecsemu/clock.hpp; these names stay until every caller uses ecsemu::Clock.
#include "ecsemu/clock.hpp"

namespace ecsemu::sched {
using ecsemu::Clock;
using ecsemu::epoch_seconds;
using ecsemu::ManualClock;
using ecsemu::SystemClock;
}  // namespace ecsemu::sched
