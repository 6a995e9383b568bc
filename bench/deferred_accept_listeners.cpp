#include "deferred_accept_listeners.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

namespace lecter::bench {

namespace {
[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("deferred-accept listener: " + what + ": " + std::strerror(errno));
}
}  // namespace

std::size_t maxAcceptBacklog() {
  std::size_t backlog = 4096;
  if (std::FILE* file = std::fopen("/proc/sys/net/core/somaxconn", "re"); file != nullptr) {
    unsigned long value = 0;
    if (std::fscanf(file, "%lu", &value) == 1 && value > 0) backlog = value;
    std::fclose(file);
  }
  return backlog;
}

DeferredAcceptListeners::DeferredAcceptListeners(std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) fail("socket()");
    listeners_.push_back(fd);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_ANY);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) fail("bind()");
    // The kernel caps the backlog at net.core.somaxconn.
    if (::listen(fd, 65535) != 0) fail("listen()");
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ports_.push_back(ntohs(address.sin_port));
  }
}

DeferredAcceptListeners::~DeferredAcceptListeners() {
  for (const int fd : listeners_) ::close(fd);
}

std::size_t DeferredAcceptListeners::drain() {
  std::size_t drained = 0;
  for (const int listener : listeners_) {
    for (;;) {
      const int connection = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
      if (connection < 0) {
        // A connection reset while it waited in the queue may be reported instead of returned.
        if (errno == ECONNABORTED || errno == EINTR) continue;
        break;  // EAGAIN: the queue is empty
      }
      ::close(connection);
      ++drained;
    }
  }
  return drained;
}

}  // namespace lecter::bench
