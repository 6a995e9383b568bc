#include "http_responders.h"

#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "deferred_accept_listeners.h"

namespace lecter::bench {

namespace {

constexpr std::string_view kAnswer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
constexpr std::uint64_t kStopKey = UINT64_MAX;
constexpr std::uint64_t kListenerBit = 1ULL << 62U;

[[noreturn]] void fail(const std::string& call) {
  throw std::runtime_error("http responders: " + call + ": " + std::strerror(errno));
}

}  // namespace

HttpResponders::HttpResponders(std::size_t count) {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  stop_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (epoll_fd_ < 0 || stop_fd_ < 0) fail("epoll_create1/eventfd");
  epoll_event stop{};
  stop.events = EPOLLIN;
  stop.data.u64 = kStopKey;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, stop_fd_, &stop);
  for (std::size_t i = 0; i < count; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) fail("socket");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    socklen_t length = sizeof address;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0) fail("bind");
    if (::listen(fd, static_cast<int>(maxAcceptBacklog())) != 0) fail("listen");
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    listeners_.push_back(fd);
    ports_.push_back(ntohs(address.sin_port));
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = kListenerBit | static_cast<std::uint64_t>(fd);
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event);
  }
  thread_ = std::thread([this] { serve(); });
}

HttpResponders::~HttpResponders() {
  const std::uint64_t one = 1;
  if (::write(stop_fd_, &one, sizeof one) < 0) std::abort();
  thread_.join();
  for (const int fd : listeners_) ::close(fd);
  ::close(stop_fd_);
  ::close(epoll_fd_);
}

void HttpResponders::serve() {
  std::unordered_map<int, std::string> requests;  // connection → what it sent so far
  std::array<epoll_event, 256> events{};
  std::array<char, 4096> buffer{};
  for (;;) {
    const int ready = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), -1);
    for (int i = 0; i < ready; ++i) {
      const std::uint64_t key = events[static_cast<std::size_t>(i)].data.u64;
      if (key == kStopKey) {
        for (const auto& [fd, text] : requests) ::close(fd);
        return;
      }
      if ((key & kListenerBit) != 0) {
        const int listener = static_cast<int>(key & ~kListenerBit);
        for (int fd; (fd = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0;) {
          epoll_event event{};
          event.events = EPOLLIN;
          event.data.u64 = static_cast<std::uint64_t>(fd);
          ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event);
          requests[fd];
        }
        continue;
      }
      const int fd = static_cast<int>(key);
      const ssize_t got = ::recv(fd, buffer.data(), buffer.size(), 0);
      if (got > 0) requests[fd].append(buffer.data(), static_cast<std::size_t>(got));
      if (got > 0 && requests[fd].find("\r\n\r\n") == std::string::npos) continue;
      if (got < 0 && errno == EAGAIN) continue;
      if (got > 0) {
        // A probe's answer is small: one send fits the socket buffer.
        if (::send(fd, kAnswer.data(), kAnswer.size(), MSG_NOSIGNAL) > 0) ++answered_;
      }
      requests.erase(fd);
      ::close(fd);
    }
  }
}

}  // namespace lecter::bench
