#include "support/netns/loopback_bridge.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <future>
#include <stdexcept>

namespace lecter::testing {
namespace {

std::string bridgeErrnoText(const std::string& what) { return what + ": " + std::strerror(errno); }

sockaddr_in loopbackAddress(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

/// Listening sockets on 127.0.0.1:port for every port, made inside the namespace `netns_fd`, or the
/// error. Runs on a thread of its own: setns() changes only the calling thread.
std::vector<int> listenInside(int netns_fd, const std::vector<std::uint16_t>& ports, std::string& error) {
  std::vector<int> fds;
  if (setns(netns_fd, CLONE_NEWNET) != 0) {
    error = bridgeErrnoText("setns");
    return fds;
  }
  for (const std::uint16_t port : ports) {
    // Non-blocking: a connection given up between poll() and accept() must not hold the acceptor.
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    const int one = 1;
    const sockaddr_in address = loopbackAddress(port);
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 || listen(fd, 64) != 0) {
      error = bridgeErrnoText("listen on 127.0.0.1:" + std::to_string(port) + " in the namespace");
      if (fd >= 0) ::close(fd);
      break;
    }
    fds.push_back(fd);
  }
  return fds;
}

bool sendAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL);
    if (sent <= 0) return false;
    data += sent;
    size -= static_cast<std::size_t>(sent);
  }
  return true;
}

}  // namespace

LoopbackBridge::LoopbackBridge(const std::string& netns_path, const std::vector<std::uint16_t>& ports) {
  const int netns_fd = ::open(netns_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (netns_fd < 0) throw std::runtime_error(bridgeErrnoText("open " + netns_path));
  std::string error;
  std::vector<int> fds;
  std::thread([&] { fds = listenInside(netns_fd, ports, error); }).join();
  ::close(netns_fd);
  stop_fd_ = eventfd(0, EFD_CLOEXEC);
  if (error.empty() && stop_fd_ < 0) error = bridgeErrnoText("eventfd");
  if (!error.empty()) {
    for (const int fd : fds) ::close(fd);
    if (stop_fd_ >= 0) ::close(stop_fd_);
    throw std::runtime_error(error);
  }
  for (std::size_t i = 0; i < fds.size(); ++i) listeners_.push_back(Listener{fds[i], ports[i]});
  acceptor_ = std::thread([this] { acceptLoop(); });
}

LoopbackBridge::~LoopbackBridge() {
  const std::uint64_t one = 1;
  (void)::write(stop_fd_, &one, sizeof one);
  acceptor_.join();
  std::vector<std::thread> pumps;
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
    for (const int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);  // each pump's poll() returns
    pumps.swap(pumps_);
  }
  for (auto& pump : pumps) pump.join();
  for (const auto& listener : listeners_) ::close(listener.fd);
  ::close(stop_fd_);
}

void LoopbackBridge::acceptLoop() {
  std::vector<pollfd> polled;
  for (const auto& listener : listeners_) polled.push_back(pollfd{listener.fd, POLLIN, 0});
  polled.push_back(pollfd{stop_fd_, POLLIN, 0});
  for (;;) {
    if (::poll(polled.data(), polled.size(), -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (polled.back().revents != 0) return;
    for (std::size_t i = 0; i < listeners_.size(); ++i) {
      if ((polled[i].revents & POLLIN) == 0) continue;
      const int inside = ::accept4(listeners_[i].fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (inside < 0) continue;
      // This thread never joined the namespace: the connect reaches the test's own loopback.
      const int outside = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      const sockaddr_in address = loopbackAddress(listeners_[i].port);
      if (outside < 0 ||
          ::connect(outside, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        if (outside >= 0) ::close(outside);
        ::close(inside);
        continue;
      }
      const std::lock_guard lock(mutex_);
      if (stopping_) {
        ::close(inside);
        ::close(outside);
        return;
      }
      open_fds_.push_back(inside);
      open_fds_.push_back(outside);
      pumps_.emplace_back([this, inside, outside] { pump(inside, outside); });
    }
  }
}

void LoopbackBridge::pump(int inside, int outside) {
  std::array<pollfd, 2> polled{pollfd{inside, POLLIN, 0}, pollfd{outside, POLLIN, 0}};
  std::array<char, 16384> buffer{};
  bool open = true;
  while (open) {
    if (::poll(polled.data(), polled.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (std::size_t i = 0; i < polled.size() && open; ++i) {
      if (polled[i].revents == 0) continue;
      const ssize_t got = ::recv(polled[i].fd, buffer.data(), buffer.size(), 0);
      open = got > 0 && sendAll(polled[1 - i].fd, buffer.data(), static_cast<std::size_t>(got));
    }
  }
  // Either side ending ends both; the fds are closed here, once the destructor can no longer shut
  // them down.
  ::shutdown(inside, SHUT_RDWR);
  ::shutdown(outside, SHUT_RDWR);
  const std::lock_guard lock(mutex_);
  std::erase(open_fds_, inside);
  std::erase(open_fds_, outside);
  ::close(inside);
  ::close(outside);
}

}  // namespace lecter::testing
