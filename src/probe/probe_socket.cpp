#include "probe_socket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace lecter::probe_socket {

std::optional<SocketAddress> addressOf(const ProbeTarget& target) {
  SocketAddress out;
  if (target.ip.family == IpFamily::V4) {
    sockaddr_in v4{};
    v4.sin_family = AF_INET;
    v4.sin_port = htons(target.port);
    if (inet_pton(AF_INET, target.ip.text.c_str(), &v4.sin_addr) != 1) return std::nullopt;
    std::memcpy(&out.storage, &v4, sizeof v4);
    out.length = sizeof v4;
  } else {
    sockaddr_in6 v6{};
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(target.port);
    if (inet_pton(AF_INET6, target.ip.text.c_str(), &v6.sin6_addr) != 1) return std::nullopt;
    std::memcpy(&out.storage, &v6, sizeof v6);
    out.length = sizeof v6;
  }
  return out;
}

Started startConnect(const SocketAddress& address, int reuse_fd, bool datagram) {
  Started started;
  started.fd =
      reuse_fd >= 0 ? reuse_fd
      : datagram
          ? ::socket(address.storage.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP)
          : ::socket(address.storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
  if (started.fd < 0) {
    started.error = errno;
    started.socket_failed = true;
    return started;
  }
  if (::connect(started.fd, reinterpret_cast<const sockaddr*>(&address.storage), address.length) == 0) {
    return started;
  }
  // An interrupted non-blocking connect goes on in the background, like EINPROGRESS.
  if (errno == EINPROGRESS || errno == EINTR) {
    started.in_progress = true;
    return started;
  }
  started.error = errno;
  return started;
}

bool disconnect(int fd) {
  sockaddr unspecified{};
  unspecified.sa_family = AF_UNSPEC;
  return ::connect(fd, &unspecified, sizeof unspecified) == 0;
}

int pendingError(int fd) {
  int error = 0;
  socklen_t length = sizeof error;
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) return errno;
  return error;
}

void closeWithReset(int fd) {
  const linger reset{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
  ::close(fd);
}

void closeFailed(int fd) { ::close(fd); }

void closeAfterProbe(int fd, bool may_be_connected) {
  if (may_be_connected) {
    closeWithReset(fd);
  } else {
    closeFailed(fd);
  }
}

// strerror() may share one buffer between threads; the GNU strerror_r never does.
std::string errorText(int error) {
  char buffer[128];
  return ::strerror_r(error, buffer, sizeof buffer);
}

}  // namespace lecter::probe_socket
