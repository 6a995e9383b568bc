#include "support/servers/udp_servers.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "support/common/in_namespace.h"

namespace lecter::testing {

namespace {

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("UDP test server: " + what + ": " + std::strerror(errno));
}

/// A UDP socket bound to bind_ip:port (0: any); its port in `port`.
int boundSocket(const std::string& bind_ip, std::uint16_t& port) {
  const bool v6 = bind_ip.find(':') != std::string::npos;
  const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) fail("socket");
  sockaddr_storage storage{};
  socklen_t length = 0;
  if (v6) {
    auto* address = reinterpret_cast<sockaddr_in6*>(&storage);
    address->sin6_family = AF_INET6;
    address->sin6_port = htons(port);
    if (inet_pton(AF_INET6, bind_ip.c_str(), &address->sin6_addr) != 1) fail("address " + bind_ip);
    length = sizeof(sockaddr_in6);
  } else {
    auto* address = reinterpret_cast<sockaddr_in*>(&storage);
    address->sin_family = AF_INET;
    address->sin_port = htons(port);
    if (inet_pton(AF_INET, bind_ip.c_str(), &address->sin_addr) != 1) fail("address " + bind_ip);
    length = sizeof(sockaddr_in);
  }
  if (::bind(fd, reinterpret_cast<sockaddr*>(&storage), length) != 0) fail("bind " + bind_ip);
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &length) != 0) fail("getsockname");
  port = ntohs(v6 ? reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port
                  : reinterpret_cast<sockaddr_in*>(&storage)->sin_port);
  return fd;
}

}  // namespace

UdpEchoServer::UdpEchoServer(const std::string& bind_ip, std::optional<std::string> reply,
                             const std::string& netns_path, std::uint16_t port)
    : port_(port), reply_(std::move(reply)) {
  runInNetworkNamespace(netns_path, [&] { fd_ = boundSocket(bind_ip, port_); });
  stop_fd_ = ::eventfd(0, EFD_CLOEXEC);
  if (stop_fd_ < 0) fail("eventfd");
  thread_ = std::thread([this] {
    std::array<char, 65536> buffer{};
    for (;;) {
      std::array<pollfd, 2> fds{pollfd{fd_, POLLIN, 0}, pollfd{stop_fd_, POLLIN, 0}};
      if (::poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) return;
      if ((fds[1].revents & POLLIN) != 0) return;
      if ((fds[0].revents & POLLIN) == 0) continue;
      sockaddr_storage peer{};
      socklen_t peer_length = sizeof peer;
      const ssize_t got = ::recvfrom(fd_, buffer.data(), buffer.size(), MSG_DONTWAIT,
                                     reinterpret_cast<sockaddr*>(&peer), &peer_length);
      if (got < 0) continue;
      ++datagrams_;
      if (std::size_t drop = drop_next_.load();
          drop > 0 && drop_next_.compare_exchange_strong(drop, drop - 1)) {
        continue;
      }
      const char* data = reply_ ? reply_->data() : buffer.data();
      const std::size_t size = reply_ ? reply_->size() : static_cast<std::size_t>(got);
      ::sendto(fd_, data, size, 0, reinterpret_cast<sockaddr*>(&peer), peer_length);
    }
  });
}

UdpEchoServer::~UdpEchoServer() {
  const std::uint64_t one = 1;
  if (::write(stop_fd_, &one, sizeof one) < 0) {
    // The thread then never stops; nothing better to do in a destructor.
  }
  thread_.join();
  ::close(stop_fd_);
  ::close(fd_);
}

SilentUdpPort::SilentUdpPort(const std::string& bind_ip, const std::string& netns_path, std::uint16_t port)
    : port_(port) {
  runInNetworkNamespace(netns_path, [&] { fd_ = boundSocket(bind_ip, port_); });
}

SilentUdpPort::~SilentUdpPort() { ::close(fd_); }

std::uint16_t unboundUdpPort() {
  std::uint16_t port = 0;
  const int fd = boundSocket("127.0.0.1", port);
  ::close(fd);
  return port;
}

}  // namespace lecter::testing
