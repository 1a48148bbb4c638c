#pragma once

// The TCP side of the data plane (network load balancers): each client connection is relayed byte for byte to
// one target of the listener's target group, chosen round robin among healthy targets.

#include <cstdint>
#include <memory>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "proxy/plane_core.hpp"

namespace ecsemu::proxy {

// Relays the connection until either side closes it. The socket's executor must be a strand.
boost::asio::awaitable<void> serve_tcp(std::shared_ptr<PlaneCore> core, boost::asio::ip::tcp::socket socket,
                                       std::uint16_t bound_port);

}  // namespace ecsemu::proxy
