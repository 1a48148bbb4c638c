#include <catch2/catch.hpp>

#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "ecsemu/aws/service_error.hpp"
#include "ecsemu/protocol/codec.hpp"

namespace {

namespace json = boost::json;
using ecsemu::aws::ServiceError;
using namespace ecsemu::protocol;

std::unique_ptr<ServiceModel> test_model(const std::string& protocol) {
  std::string doc = R"({
    "metadata": {"protocol": ")" +
                    protocol + R"(", "apiVersion": "2020-01-01", "jsonVersion": "1.1",
                 "targetPrefix": "Test", "xmlNamespace": {"uri": "https://example.com/doc/"}},
    "operations": {
      "DoThing": {"name": "DoThing", "http": {"method": "POST", "requestUri": "/"},
                  "input": {"shape": "DoThingInput"}, "output": {"shape": "DoThingOutput", "resultWrapper": "DoThingResult"},
                  "errors": [{"shape": "ThingNotFoundException"}]}
    },
    "shapes": {
      "DoThingInput": {"type": "structure", "required": ["name"], "members": {
        "name": {"shape": "Name"}, "count": {"shape": "Count"}, "status": {"shape": "Status"},
        "items": {"shape": "ItemList", "locationName": "item"}, "tags": {"shape": "TagMap"}, "when": {"shape": "Stamp"},
        "data": {"shape": "Data"}, "flag": {"shape": "Flag"}, "ratio": {"shape": "Ratio"}}},
      "DoThingOutput": {"type": "structure", "members": {
        "name": {"shape": "Name"}, "items": {"shape": "ItemList", "locationName": "itemSet"}, "when": {"shape": "Stamp"},
        "tags": {"shape": "TagMap"}, "count": {"shape": "Count"}, "ratio": {"shape": "Ratio"}, "data": {"shape": "Data"}}},
      "Item": {"type": "structure", "required": ["id"], "members": {"id": {"shape": "Name"}}},
      "ItemList": {"type": "list", "member": {"shape": "Item", "locationName": "item"}},
      "TagMap": {"type": "map", "key": {"shape": "Name"}, "value": {"shape": "Name"}},
      "Name": {"type": "string", "min": 1, "max": 10},
      "Count": {"type": "integer", "min": 1, "max": 100},
      "Status": {"type": "string", "enum": ["ACTIVE", "INACTIVE"]},
      "Stamp": {"type": "timestamp"},
      "Data": {"type": "blob"},
      "Flag": {"type": "boolean"},
      "Ratio": {"type": "double"},
      "ThingNotFoundException": {"type": "structure", "exception": true,
                                 "error": {"code": "ThingNotFound", "httpStatusCode": 404, "senderFault": true},
                                 "members": {"message": {"shape": "Name"}}}
    }})";
  return ServiceModel::from_json(doc);
}

template <typename F>
ServiceError catch_error(F&& f) {
  try {
    f();
  } catch (const ServiceError& e) {
    return e;
  }
  FAIL("no ServiceError thrown");
  return ServiceError("", "");
}

}  // namespace

TEST_CASE("a json request body becomes the canonical Document", "[protocol][json]") {
  auto model = test_model("json");
  const Operation& op = *model->find_operation("DoThing");
  auto doc = parse_json_request(
      op, R"({"name":"web","count":3,"when":1422172800.5,"data":"Zm9v","flag":true,"tags":{"a":"b"},)"
          R"("item":[{"id":"x"}],"unknown":{"ignored":1}})");
  CHECK(doc.at("name") == "web");
  CHECK(doc.at("count").as_int64() == 3);
  CHECK(doc.at("when").as_double() == 1422172800.5);
  CHECK(doc.at("data") == "foo");
  CHECK(doc.at("flag") == true);
  CHECK(doc.at("items").as_array().size() == 1);
  CHECK(!doc.contains("unknown"));
  CHECK(parse_json_request(op, "").empty());
  CHECK(parse_json_request(op, R"({"when":"2015-01-25T08:00:00Z"})").at("when").as_double() == 1422172800.0);
}

TEST_CASE("malformed or mistyped json requests are SerializationExceptions", "[protocol][json]") {
  auto model = test_model("json");
  const Operation& op = *model->find_operation("DoThing");
  for (const char* body : {"{", "[]", R"({"count":"3"})", R"({"count":3000000000})", R"({"name":5})",
                           R"({"data":"***"})", R"({"flag":"yes"})", "{\"name\":\"\xff\"}"}) {
    INFO(body);
    CHECK(catch_error([&] { parse_json_request(op, body); }).code() == "SerializationException");
  }
  std::string deep(100000, '[');
  CHECK(catch_error([&] { parse_json_request(op, deep); }).code() == "SerializationException");
}

TEST_CASE("query and ec2 requests decode lists, maps, nested structures and scalars", "[protocol][query]") {
  auto model = test_model("query");
  const Operation& op = *model->find_operation("DoThing");
  auto params = parse_form(
      "Action=DoThing&name=a%20b&count=7&item.item.2.id=second&item.item.1.id=first&tags.entry.1.key=k&"
      "tags.entry.1.value=v&when=2015-01-25T08%3A00%3A00.000Z&flag=false&ratio=1.5&data=Zm9v");
  auto doc = parse_query_request(*model, op, params);
  CHECK(doc.at("name") == "a b");
  CHECK(doc.at("count").as_int64() == 7);
  REQUIRE(doc.at("items").as_array().size() == 2);
  CHECK(doc.at("items").as_array()[0].at("id") == "first");
  CHECK(doc.at("tags").at("k") == "v");
  CHECK(doc.at("when").as_double() == 1422172800.0);
  CHECK(doc.at("flag") == false);
  CHECK(doc.at("ratio").as_double() == 1.5);
  CHECK(doc.at("data") == "foo");

  auto ec2 = test_model("ec2");
  auto ec2_doc = parse_query_request(*ec2, *ec2->find_operation("DoThing"),
                                     parse_form("Name=n&Item.1.Id=one&Item.3.Id=three&Count=2"));
  CHECK(ec2_doc.at("name") == "n");
  REQUIRE(ec2_doc.at("items").as_array().size() == 2);
  CHECK(ec2_doc.at("items").as_array()[1].at("id") == "three");
}

TEST_CASE("hostile query parameters are refused or bounded, never trusted", "[protocol][query]") {
  auto model = test_model("query");
  const Operation& op = *model->find_operation("DoThing");
  auto huge = parse_query_request(*model, op, parse_form("item.item.999999999.id=x&item.item.99999999999999.id=y"));
  CHECK(huge.at("items").as_array().size() == 1);
  CHECK(catch_error([&] { parse_query_request(*model, op, parse_form("count=abc")); }).code() == "ValidationError");
  CHECK(catch_error([&] { parse_query_request(*model, op, parse_form("count=99999999999")); }).code() ==
        "ValidationError");
  std::string deep = "a";
  for (int i = 0; i < 200; ++i) {
    deep += ".a";
  }
  CHECK(catch_error([&] { parse_query_request(*model, op, parse_form(deep + "=1")); }).code() == "ValidationError");
  auto ec2 = test_model("ec2");
  CHECK(catch_error([&] {
          parse_query_request(*ec2, *ec2->find_operation("DoThing"), parse_form("Flag=maybe"));
        }).code() == "InvalidParameterValue");
  auto odd = parse_form("a=%zz&b=%4&=x&c&d=1+2");
  REQUIRE(odd.size() == 4);
  CHECK(odd[0].second == "%zz");
  CHECK(odd[3].second == "1 2");
}

TEST_CASE("validation reports AWS-style messages with the protocol's error code", "[protocol][validate]") {
  auto model = test_model("json");
  const Operation& op = *model->find_operation("DoThing");
  auto missing = catch_error([&] { validate_input(*model, op, json::object()); });
  CHECK(missing.code() == "ValidationException");
  CHECK(missing.message() ==
        "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");

  json::object bad = json::parse(R"({"name":"way-too-long-name","status":"BOGUS","count":0,"items":[{}]})").as_object();
  auto many = catch_error([&] { validate_input(*model, op, bad); });
  CHECK(many.message().rfind("4 validation errors detected: ", 0) == 0);
  CHECK(many.message().find("Member must satisfy enum value set: [ACTIVE, INACTIVE]") != std::string::npos);
  CHECK(many.message().find("at 'items.1.member.id'") != std::string::npos);
  CHECK(many.message().find("Member must have value greater than or equal to 1") != std::string::npos);
  CHECK(many.message().find("Member must have length less than or equal to 10") != std::string::npos);
  CHECK_NOTHROW(validate_input(*model, op, json::parse(R"({"name":"ok","status":"ACTIVE"})").as_object()));
  // Coral quotes numbers as it quotes strings, and echoes a long value whole.
  CHECK(many.message().find("Value '0' at 'count'") != std::string::npos);
  CHECK(many.message().find("Value 'way-too-long-name' at 'name'") != std::string::npos);
  std::string long_name(1000, 'a');
  json::object long_input{{"name", long_name}};
  CHECK(catch_error([&] { validate_input(*model, op, long_input); }).message().find("Value '" + long_name + "'") !=
        std::string::npos);

  auto query = test_model("query");
  CHECK(catch_error([&] { validate_input(*query, *query->find_operation("DoThing"), json::object()); }).code() ==
        "ValidationError");
  auto ec2 = test_model("ec2");
  auto ec2_missing = catch_error([&] { validate_input(*ec2, *ec2->find_operation("DoThing"), json::object()); });
  CHECK(ec2_missing.code() == "MissingParameter");
  CHECK(ec2_missing.message() == "The request must contain the parameter Name");
  auto ec2_bad = catch_error([&] {
    validate_input(*ec2, *ec2->find_operation("DoThing"), json::parse(R"({"name":"x","count":500})").as_object());
  });
  CHECK(ec2_bad.code() == "InvalidParameterValue");
}

TEST_CASE("json responses carry only declared members and epoch timestamps", "[protocol][json]") {
  auto model = test_model("json");
  const Operation& op = *model->find_operation("DoThing");
  json::value out = json::parse(R"({"name":"a","when":1422172800,"items":[{"id":"x"}],"data":"foo","ratio":0.5})");
  auto wire = serialize_output(*model, op, out, "rid");
  CHECK(wire.status == 200);
  CHECK(wire.content_type == "application/x-amz-json-1.1");
  auto body = json::parse(wire.body);
  CHECK(body.at("when").as_int64() == 1422172800);
  CHECK(body.at("itemSet").as_array().size() == 1);
  CHECK(body.at("data") == "Zm9v");
  json::value extra = json::parse(R"({"name":"a","secret":"x"})");
  CHECK(json::parse(serialize_output(*model, op, extra, "rid").body).as_object().size() == 1);
  SerializeOptions strict;
  strict.strict = true;
  CHECK_THROWS_AS(serialize_output(*model, op, extra, "rid", strict), std::logic_error);
}

TEST_CASE("json errors carry __type, message, x-amzn-ErrorType and the shape's status", "[protocol][json]") {
  auto model = test_model("json");
  auto wire = serialize_error(*model, ServiceError("ThingNotFoundException", "gone"), "rid");
  CHECK(wire.status == 404);
  auto body = json::parse(wire.body);
  CHECK(body.at("__type") == "ThingNotFound");
  CHECK(body.at("message") == "gone");
  REQUIRE(wire.headers.size() == 1);
  CHECK(wire.headers[0].first == "x-amzn-ErrorType");
  auto generic = serialize_error(Protocol::Json, "", ServiceError("ValidationException", "bad"), "rid");
  CHECK(generic.status == 400);
  CHECK(json::parse(generic.body).at("__type") == "ValidationException");
  CHECK(serialize_error(*model, ServiceError("Boom", "x", 0, false), "rid").status == 500);
}

TEST_CASE("query responses use the result wrapper, member lists and ISO timestamps", "[protocol][query]") {
  auto model = test_model("query");
  const Operation& op = *model->find_operation("DoThing");
  json::value out = json::parse(R"({"name":"a<&>\"'","when":1422172800,"items":[{"id":"x"}],"tags":{"k":"v"}})");
  auto wire = serialize_output(*model, op, out, "rid-1");
  CHECK(wire.content_type == "text/xml");
  CHECK(wire.body ==
        "<DoThingResponse xmlns=\"https://example.com/doc/\"><DoThingResult><name>a&lt;&amp;&gt;&quot;&apos;</name>"
        "<itemSet><item><id>x</id></item></itemSet><when>2015-01-25T08:00:00.000Z</when>"
        "<tags><entry><key>k</key><value>v</value></entry></tags></DoThingResult>"
        "<ResponseMetadata><RequestId>rid-1</RequestId></ResponseMetadata></DoThingResponse>");
  auto err = serialize_error(*model, ServiceError("ThingNotFoundException", "no <thing>"), "rid-2");
  CHECK(err.status == 404);
  CHECK(err.body ==
        "<ErrorResponse xmlns=\"https://example.com/doc/\"><Error><Type>Sender</Type><Code>ThingNotFound</Code>"
        "<Message>no &lt;thing&gt;</Message></Error><RequestId>rid-2</RequestId></ErrorResponse>");
  CHECK(serialize_error(*model, ServiceError("ThingNotFound", "x"), "r").status == 404);
}

TEST_CASE("ec2 responses have requestId first, no wrapper, and the ec2 error envelope", "[protocol][ec2]") {
  auto model = test_model("ec2");
  const Operation& op = *model->find_operation("DoThing");
  auto wire = serialize_output(*model, op, json::parse(R"({"items":[{"id":"x"}],"count":2})"), "rid");
  CHECK(wire.body ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DoThingResponse xmlns=\"https://example.com/doc/\">"
        "<requestId>rid</requestId><itemSet><item><id>x</id></item></itemSet><count>2</count></DoThingResponse>");
  auto err = serialize_error(*model, ServiceError("InvalidVpcID.NotFound", "The vpc 'x' does not exist"), "rid");
  CHECK(err.status == 400);
  CHECK(
      err.body ==
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code>"
      "<Message>The vpc &apos;x&apos; does not exist</Message></Error></Errors><RequestID>rid</RequestID></Response>");
  auto limit = serialize_error(Protocol::Ec2, "", ServiceError("RequestLimitExceeded", "slow down", 503), "rid");
  CHECK(limit.status == 503);
}

TEST_CASE("xml output replaces invalid UTF-8 and control characters", "[protocol][xml]") {
  auto model = test_model("query");
  const Operation& op = *model->find_operation("DoThing");
  json::object out;
  out["name"] = std::string("a\xff\x01\rb\xe2\x82\xac");
  auto wire = serialize_output(*model, op, out, "rid");
  CHECK(wire.body.find("<name>a\xEF\xBF\xBD\xEF\xBF\xBD&#xD;b\xe2\x82\xac</name>") != std::string::npos);
}
