#pragma once

// The HTTP side of the data plane: one client connection on an HTTP listener port, its requests matched
// against the listener's rules and answered by forwarding to a target, a fixed response or a redirect.

#include <cstdint>
#include <memory>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "proxy/plane_core.hpp"

namespace ecsemu::proxy {

// Serves the connection until the client or the plane closes it. The socket's executor must be a strand.
boost::asio::awaitable<void> serve_http(std::shared_ptr<PlaneCore> core, boost::asio::ip::tcp::socket socket,
                                        std::uint16_t bound_port);

}  // namespace ecsemu::proxy
