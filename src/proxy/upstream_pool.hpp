#pragma once

// Idle keep-alive connections to targets, shared by all client connections: a request takes one (or connects)
// and gives it back when the target kept it open.

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

namespace ecsemu::proxy {

class UpstreamPool {
 public:
  static constexpr std::size_t kMaxIdlePerTarget = 64;
  static constexpr std::chrono::seconds kMaxIdleTime{50};

  // An idle connection to endpoint that still looks open, or none.
  std::optional<boost::asio::ip::tcp::socket> take(const boost::asio::ip::tcp::endpoint& endpoint);
  // Keeps socket for the next request to endpoint (closes it when the pool is full or closed).
  void give(const boost::asio::ip::tcp::endpoint& endpoint, boost::asio::ip::tcp::socket&& socket);
  // Closes the idle connections to endpoints that are no longer targets.
  void retain(const std::set<boost::asio::ip::tcp::endpoint>& endpoints);
  // Closes every idle connection; later ones given are closed at once.
  void close_all();

 private:
  struct Idle {
    boost::asio::ip::tcp::socket socket;
    std::chrono::steady_clock::time_point since;
  };
  std::mutex mutex_;
  std::map<boost::asio::ip::tcp::endpoint, std::vector<Idle>> idle_;
  bool closed_ = false;
};

}  // namespace ecsemu::proxy
