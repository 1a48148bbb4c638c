#pragma once
// The World as JSON and back: the form --state-dir keeps it in (state_dir.hpp). Every struct the World holds is
// walked through its Boost.Describe description (state_describe.hpp, generated from the models), so the codec
// never lists members by hand. Loading is lenient the way a format that grows must be: a member missing from
// the document keeps its default, one the program no longer has is ignored.
#include <stdexcept>
#include <string>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "state/world.hpp"

namespace ecsemu::state {

// A document that does not have the shape of a saved World (what, and where in it).
class CodecError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A journal record of the state format 1: one (account, region) store as it stood after a write, with what is
// global to its account (IAM) and the run-time keys; applying it replaces what it names. Read from journals an
// older ecsemu left; format 2 records what changed instead (state_parts.hpp).
void apply_region(const boost::json::object& record, World& world);
// Once every record is applied: indexes derived again, counters continued after what the world holds.
void finish_loading(World& world);

// The whole World (a snapshot).
boost::json::object encode_world(const World& world);
// Replaces `world` with the one `document` holds. On a CodecError `world` is left as it was.
void decode_world(const boost::json::object& document, World& world);

}  // namespace ecsemu::state
