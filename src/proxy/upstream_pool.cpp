#include "proxy/upstream_pool.hpp"

#include <sys/socket.h>

#include <cerrno>

namespace ecsemu::proxy {

namespace {

// An idle connection is reusable when the target has neither closed it nor sent anything unasked.
bool looks_open(boost::asio::ip::tcp::socket& socket) {
  char byte = 0;
  ssize_t n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

}  // namespace

std::optional<boost::asio::ip::tcp::socket> UpstreamPool::take(const boost::asio::ip::tcp::endpoint& endpoint) {
  auto now = std::chrono::steady_clock::now();
  for (;;) {
    std::optional<Idle> candidate;
    {
      std::lock_guard lock(mutex_);
      auto it = idle_.find(endpoint);
      if (it == idle_.end() || it->second.empty()) {
        return std::nullopt;
      }
      candidate.emplace(std::move(it->second.back()));
      it->second.pop_back();
    }
    if (now - candidate->since < kMaxIdleTime && looks_open(candidate->socket)) {
      return std::move(candidate->socket);
    }
    boost::system::error_code ec;
    candidate->socket.close(ec);
  }
}

void UpstreamPool::give(const boost::asio::ip::tcp::endpoint& endpoint, boost::asio::ip::tcp::socket&& socket) {
  std::lock_guard lock(mutex_);
  auto& list = idle_[endpoint];
  if (closed_ || list.size() >= kMaxIdlePerTarget) {
    boost::system::error_code ec;
    socket.close(ec);
    return;
  }
  list.push_back(Idle{std::move(socket), std::chrono::steady_clock::now()});
}

void UpstreamPool::close_all() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  idle_.clear();
}

void UpstreamPool::retain(const std::set<boost::asio::ip::tcp::endpoint>& endpoints) {
  std::lock_guard lock(mutex_);
  for (auto it = idle_.begin(); it != idle_.end();) {
    if (endpoints.count(it->first) == 0) {
      it = idle_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace ecsemu::proxy
