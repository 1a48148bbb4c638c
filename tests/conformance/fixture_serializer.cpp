// Serializes botocore OUTPUT protocol fixtures with ecsemu's serializers, for test_botocore_roundtrip.py.
//
// Usage: fixture_serializer <fixture.json>
// Prints a JSON array with one entry per case, in file order:
//   {"suite": i, "case": j, "id": ..., "status": N, "headers": {...}, "body": "...", "error": "..."?}
// Each case's `result` goes through serialize_output with the case's inline model; error cases (those with
// `errorCode`) go through serialize_error with the error shape's modeled members. A case the serializer
// rejects carries "error" with the exception text instead of a response.

#include <exception>
#include <iostream>
#include <string>

#include <boost/json/serialize.hpp>

#include "ecsemu/aws/service_error.hpp"
#include "ecsemu/protocol/codec.hpp"
#include "fixture_model.hpp"

namespace json = boost::json;
using ecsemu::protocol::MemberRef;

namespace {

constexpr std::string_view kRequestId = "requestid";

json::object serialize_case(const json::object& suite, const json::object& c) {
  const json::object& given = c.at("given").as_object();
  auto model = ecsemu::testing::fixture_model(suite, given);
  const auto* op = model->find_operation(given.at("name").as_string());
  if (op == nullptr) {
    throw std::runtime_error("operation missing from model");
  }
  ecsemu::protocol::WireResponse wire;
  if (const auto* code = c.if_contains("errorCode"); code != nullptr) {
    std::string message;
    if (const auto* m = c.if_contains("errorMessage"); m != nullptr && m->is_string()) {
      message = std::string(m->get_string());
    }
    ecsemu::aws::ServiceError error(std::string(code->as_string()), message);
    json::object members;
    const auto* shape = model->find_error(code->as_string());
    if (const auto* e = c.if_contains("error"); e != nullptr && e->is_object() && shape != nullptr) {
      MemberRef root;
      root.shape = shape;
      members = ecsemu::testing::canonical_document(root, *e).as_object();
    }
    wire = ecsemu::protocol::serialize_error(*model, error, kRequestId, members);
  } else {
    json::value output = json::object();
    if (const auto* r = c.if_contains("result"); r != nullptr && op->output != nullptr) {
      MemberRef root;
      root.shape = op->output;
      output = ecsemu::testing::canonical_document(root, *r);
    }
    ecsemu::protocol::SerializeOptions options;
    options.strict = true;
    wire = ecsemu::protocol::serialize_output(*model, *op, output, kRequestId, options);
  }
  json::object out;
  out["status"] = wire.status;
  json::object headers;
  headers["Content-Type"] = wire.content_type;
  headers["x-amzn-RequestId"] = kRequestId;
  for (const auto& [name, value] : wire.headers) {
    headers[name] = value;
  }
  out["headers"] = std::move(headers);
  out["body"] = wire.body;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: fixture_serializer <botocore output fixture.json>\n";
    return 2;
  }
  json::value suites;
  try {
    suites = ecsemu::testing::read_json_file(argv[1]);
  } catch (const std::exception& e) {
    std::cerr << "fixture_serializer: " << e.what() << "\n";
    return 1;
  }
  json::array results;
  std::size_t suite_index = 0;
  for (const json::value& suite_value : suites.as_array()) {
    const json::object& suite = suite_value.as_object();
    std::size_t case_index = 0;
    for (const json::value& case_value : suite.at("cases").as_array()) {
      const json::object& c = case_value.as_object();
      json::object entry;
      try {
        entry = serialize_case(suite, c);
      } catch (const std::exception& e) {
        entry["error"] = e.what();
      }
      entry["suite"] = suite_index;
      entry["case"] = case_index;
      entry["id"] = ecsemu::testing::fixture_case_id(suite, c, case_index);
      results.push_back(std::move(entry));
      ++case_index;
    }
    ++suite_index;
  }
  std::cout << json::serialize(results) << "\n";
  return 0;
}
