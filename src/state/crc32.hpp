#pragma once
// CRC-32 (the IEEE polynomial of zlib, PNG and Ethernet) of the state directory's snapshot and journal records,
// computed eight bytes at a time: a large snapshot is checked at every start-up.
#include <cstdint>
#include <string_view>

namespace ecsemu::state {

std::uint32_t crc32(std::string_view bytes);

}  // namespace ecsemu::state
