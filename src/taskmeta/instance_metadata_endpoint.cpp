#include "taskmeta/instance_metadata_endpoint.hpp"

namespace ecsemu::taskmeta {

namespace bhttp = boost::beast::http;

InstanceMetadataEndpoint::InstanceMetadataEndpoint(InstanceLookup lookup, const Clock& clock, std::string key)
    : lookup_(std::move(lookup)), clock_(clock), tokens_(std::move(key)) {}

bool InstanceMetadataEndpoint::handles(std::string_view target) {
  return target == "/latest" || target.rfind("/latest/", 0) == 0;
}

boost::asio::awaitable<http::Response> InstanceMetadataEndpoint::handle(http::Exchange& exchange) {
  const http::Request& req = exchange.request;
  MetadataRequest request;
  request.method = std::string(req.method_string());
  std::string_view target = req.target();
  request.path = std::string(target.substr(0, target.find('?')));
  if (auto it = req.find("X-aws-ec2-metadata-token-ttl-seconds"); it != req.end()) {
    request.ttl = std::string(it->value());
  }
  if (auto it = req.find("X-aws-ec2-metadata-token"); it != req.end()) {
    request.token = std::string(it->value());
  }
  request.forwarded = req.find("X-Forwarded-For") != req.end();
  std::string ip = exchange.remote.address().to_string();
  if (exchange.remote.address().is_v6() && exchange.remote.address().to_v6().is_v4_mapped()) {
    ip = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, exchange.remote.address().to_v6()).to_string();
  }
  bool credentials = request.method == "GET" && wants_credentials(request.path);
  std::optional<InstanceDocuments> documents = co_await lookup_(ip, credentials);
  MetadataAnswer answer = answer_instance_metadata(request, documents, tokens_, clock_.now());
  http::Response res{static_cast<bhttp::status>(answer.status), req.version()};
  res.set(bhttp::field::content_type, answer.content_type);
  res.set(bhttp::field::server, "EC2ws");
  if (answer.ttl) {
    res.set("X-aws-ec2-metadata-token-ttl-seconds", std::to_string(*answer.ttl));
  }
  res.keep_alive(req.keep_alive());
  if (req.method() != bhttp::verb::head) {
    res.body() = std::move(answer.body);
  }
  res.prepare_payload();
  co_return res;
}

}  // namespace ecsemu::taskmeta
