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

// One (account, region) store, with what is global to its account (IAM) and the run-time keys: a journal
// record is one of these, and replaces what it names when applied.
boost::json::object encode_region(const World& world, const std::string& account_id, const std::string& region);
void apply_region(const boost::json::object& record, World& world);

// The whole World (a snapshot).
boost::json::object encode_world(const World& world);
// Replaces `world` with the one `document` holds. On a CodecError `world` is left as it was.
void decode_world(const boost::json::object& document, World& world);

}  // namespace ecsemu::state
