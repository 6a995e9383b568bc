#include "support/apiserver/connection_drop.h"

#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace lecter::testing {
namespace {

int portOf(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  return -1;
}

bool isConnection(int fd, std::uint16_t local_port, int peer_port) {
  sockaddr_storage local{};
  sockaddr_storage peer{};
  socklen_t local_len = sizeof local;
  socklen_t peer_len = sizeof peer;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) return false;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) return false;
  return portOf(local) == local_port && portOf(peer) == peer_port;
}

}  // namespace

int connectionDescriptor(std::uint16_t local_port, int peer_port) {
  DIR* fds = opendir("/proc/self/fd");
  if (fds == nullptr) return -1;
  int found = -1;
  while (dirent* entry = readdir(fds)) {
    const int fd = std::atoi(entry->d_name);
    if (entry->d_name[0] != '.' && fd != dirfd(fds) && isConnection(fd, local_port, peer_port)) {
      found = fd;
      break;
    }
  }
  closedir(fds);
  return found;
}

bool dropConnection(std::uint16_t local_port, int peer_port) {
  // The HTTP library does not hand its socket to handlers, so find it among our descriptors: only one
  // has this (local port, peer port) pair, and the calling thread owns it, so it cannot change meanwhile.
  const int found = connectionDescriptor(local_port, peer_port);
  if (found < 0) return false;
  // dup2 closes the socket (the peer gets a FIN and no bytes) and leaves /dev/null in its place.
  const int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (devnull < 0) return false;
  const bool ok = dup2(devnull, found) == found;
  close(devnull);
  return ok;
}

}  // namespace lecter::testing
