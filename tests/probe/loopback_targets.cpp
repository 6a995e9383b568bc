#include "loopback_targets.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace lecter::testing {

namespace {

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("loopback target: " + what + ": " + std::strerror(errno));
}

struct Address {
  sockaddr_storage storage{};
  socklen_t length = 0;
};

Address addressOf(const std::string& ip, std::uint16_t port) {
  Address out;
  sockaddr_in v4{};
  sockaddr_in6 v6{};
  if (inet_pton(AF_INET, ip.c_str(), &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    v4.sin_port = htons(port);
    std::memcpy(&out.storage, &v4, sizeof v4);
    out.length = sizeof v4;
  } else if (inet_pton(AF_INET6, ip.c_str(), &v6.sin6_addr) == 1) {
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(port);
    std::memcpy(&out.storage, &v6, sizeof v6);
    out.length = sizeof v6;
  } else {
    throw std::runtime_error("loopback target: not an IP address: " + ip);
  }
  return out;
}

const sockaddr* asSockaddr(const Address& address) {
  return reinterpret_cast<const sockaddr*>(&address.storage);
}

// A TCP socket bound to an ephemeral port of `ip`; returns the fd and sets `port`.
int boundSocket(const std::string& ip, std::uint16_t& port) {
  const Address address = addressOf(ip, 0);
  const int fd = ::socket(address.storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) fail("socket()");
  if (address.storage.ss_family == AF_INET6) {
    const int on = 1;
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
  }
  if (::bind(fd, asSockaddr(address), address.length) != 0) {
    ::close(fd);
    fail("bind(" + ip + ")");
  }
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length);
  port = bound.ss_family == AF_INET ? ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port)
                                    : ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
  return fd;
}

int startConnect(const std::string& ip, std::uint16_t port) {
  const Address address = addressOf(ip, port);
  const int fd = ::socket(address.storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) fail("socket()");
  if (::connect(fd, asSockaddr(address), address.length) != 0 && errno != EINPROGRESS) {
    ::close(fd);
    fail("connect(" + ip + ")");
  }
  return fd;
}

// True when `fd`'s connect finished (either way) within `wait`.
bool connectFinishes(int fd, std::chrono::milliseconds wait) {
  pollfd entry{fd, POLLOUT, 0};
  return ::poll(&entry, 1, static_cast<int>(wait.count())) > 0;
}

}  // namespace

AcceptingListeners::AcceptingListeners(std::size_t count, const std::string& bind_address, Close close)
    : close_(close) {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) fail("epoll_create1()");
  stop_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (stop_fd_ < 0) fail("eventfd()");
  epoll_event stop{};
  stop.events = EPOLLIN;
  stop.data.fd = stop_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, stop_fd_, &stop);
  for (std::size_t i = 0; i < count; ++i) {
    std::uint16_t port = 0;
    const int fd = boundSocket(bind_address, port);
    // The kernel caps the backlog at net.core.somaxconn; ask for as much as it allows.
    if (::listen(fd, 65535) != 0) fail("listen()");
    listeners_.push_back(fd);
    ports_.push_back(port);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = fd;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event);
  }
  thread_ = std::thread([this] { serve(); });
}

AcceptingListeners::~AcceptingListeners() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto written = ::write(stop_fd_, &one, sizeof one);
  thread_.join();
  for (const int fd : listeners_) ::close(fd);
  ::close(stop_fd_);
  ::close(epoll_fd_);
}

void AcceptingListeners::serve() {
  std::vector<epoll_event> events(listeners_.size() + 1);
  for (;;) {
    const int count = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), -1);
    for (int i = 0; i < count; ++i) {
      const int fd = events[static_cast<std::size_t>(i)].data.fd;
      if (fd == stop_fd_) return;
      for (;;) {
        const int connection = ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
        if (connection < 0) {
          // Out of descriptors: the connection waits in the queue; try again in a moment.
          if (errno == EMFILE || errno == ENFILE) std::this_thread::sleep_for(std::chrono::milliseconds(1));
          break;
        }
        if (close_ == Close::WithReset) {
          const linger reset{1, 0};
          ::setsockopt(connection, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        }
        ::close(connection);
        closed_.fetch_add(1);
      }
    }
  }
}

ClosedPort::ClosedPort(const std::string& bind_address) { fd_ = boundSocket(bind_address, port_); }

ClosedPort::~ClosedPort() { ::close(fd_); }

HungListener::HungListener() {
  listener_ = boundSocket("0.0.0.0", port_);
  if (::listen(listener_, 0) != 0) fail("listen()");
  // listen(0) queues one connection; the next SYNs find the queue full and are dropped. The first
  // filler must have completed its handshake for the queue to count as full.
  fillers_.push_back(startConnect("127.0.0.1", port_));
  if (!connectFinishes(fillers_.front(), std::chrono::seconds(2))) {
    throw std::runtime_error("loopback target: the first connect to the hung listener did not complete");
  }
  for (int i = 0; i < 2; ++i) fillers_.push_back(startConnect("127.0.0.1", port_));
}

HungListener::~HungListener() {
  for (const int fd : fillers_) ::close(fd);
  ::close(listener_);
}

bool HungListener::connectHangs(std::chrono::milliseconds wait) const {
  const int fd = startConnect("127.0.0.1", port_);
  const bool finished = connectFinishes(fd, wait);
  ::close(fd);
  return !finished;
}

std::string loopbackAddress(std::size_t n) {
  // 127.1.0.1 … 127.1.0.254, 127.1.1.1 …: never .0 or .255 in the last byte, to stay unambiguous.
  const std::size_t last = n % 254 + 1;
  const std::size_t middle = n / 254;
  return "127." + std::to_string(1 + middle / 256) + "." + std::to_string(middle % 256) + "." +
         std::to_string(last);
}

std::size_t openDescriptorCount() {
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) fail("opendir(/proc/self/fd)");
  std::size_t count = 0;
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  ::closedir(dir);
  return count - 1;  // the directory stream's own descriptor
}

namespace {
// Port of an "0100007F:1F90" address field of /proc/net/tcp.
std::uint16_t portOfProcAddress(const std::string& field) {
  const auto colon = field.rfind(':');
  return colon == std::string::npos
             ? 0
             : static_cast<std::uint16_t>(std::stoul(field.substr(colon + 1), nullptr, 16));
}

/// True when an "0500017F:1F90" address field of /proc/net/tcp is in 127.1.0.0/16 (the address is
/// written as a little-endian hex number: 127 is its last byte, 1 the one before).
bool isTargetAddress(const std::string& field) {
  const auto colon = field.rfind(':');
  return colon == 8 && field.compare(4, 4, "017F") == 0;
}

std::size_t countTimeWait(int port, bool only_targets = false) {
  std::size_t count = 0;
  for (const char* path : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream file(path);
    std::string line;
    std::getline(file, line);  // header
    while (std::getline(file, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state;
      fields >> slot >> local >> remote >> state;
      if (state != "06") continue;  // TCP_TIME_WAIT
      const bool local_end = port < 0 || portOfProcAddress(local) == port;
      const bool remote_end = port >= 0 && portOfProcAddress(remote) == port;
      if (!only_targets ? local_end || remote_end
                        : (local_end && isTargetAddress(local)) || (remote_end && isTargetAddress(remote))) {
        ++count;
      }
    }
  }
  return count;
}
}  // namespace

std::size_t timeWaitSocketCount() { return countTimeWait(-1); }

std::size_t timeWaitSocketCount(std::uint16_t port) { return countTimeWait(port); }

std::size_t timeWaitAtTargets(std::uint16_t port) { return countTimeWait(port, true); }

bool hasIpv6Loopback() {
  const int fd = ::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in6 address{};
  address.sin6_family = AF_INET6;
  address.sin6_addr = in6addr_loopback;
  const bool bound = ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return bound;
}

}  // namespace lecter::testing
