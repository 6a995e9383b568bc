#include "support/netns/namespace_listeners.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace lecter::testing {

namespace {
std::string errnoText(const std::string& what) { return what + ": " + std::strerror(errno); }
}  // namespace

NamespaceListeners::NamespaceListeners(const std::string& netns_path) {
  const int netns_fd = ::open(netns_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (netns_fd < 0) throw std::runtime_error(errnoText("open " + netns_path));
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (wake_fd_ < 0 || epoll_fd_ < 0) {
    const std::string error = errnoText("eventfd/epoll_create1");
    ::close(netns_fd);
    if (wake_fd_ >= 0) ::close(wake_fd_);
    if (epoll_fd_ >= 0) ::close(epoll_fd_);
    throw std::runtime_error(error);
  }
  epoll_event wake{};
  wake.events = EPOLLIN;
  wake.data.fd = wake_fd_;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake);

  std::promise<std::string> started;
  auto started_future = started.get_future();
  thread_ = std::thread([this, netns_fd, s = std::move(started)]() mutable { run(netns_fd, std::move(s)); });
  const std::string error = started_future.get();
  if (!error.empty()) {
    thread_.join();
    ::close(wake_fd_);
    ::close(epoll_fd_);
    throw std::runtime_error(error);
  }
}

NamespaceListeners::~NamespaceListeners() {
  try {
    submit(Action::Stop, {}, 0);
  } catch (const std::exception&) {
    // The thread reports nothing on Stop; nothing to recover here.
  }
  thread_.join();
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

void NamespaceListeners::open(const std::string& ip, std::uint16_t port) { submit(Action::Open, ip, port); }

void NamespaceListeners::close(const std::string& ip, std::uint16_t port) { submit(Action::Close, ip, port); }

void NamespaceListeners::submit(Action action, const std::string& ip, std::uint16_t port) {
  std::future<std::string> result;
  {
    std::lock_guard lock(mutex_);
    if (thread_done_) {
      if (action == Action::Stop) return;
      throw std::runtime_error("listener thread stopped");
    }
    commands_.push_back(Command{action, ip, port, {}});
    result = commands_.back().done.get_future();
  }
  const std::uint64_t one = 1;
  if (::write(wake_fd_, &one, sizeof one) < 0 && errno != EAGAIN) {
    throw std::runtime_error(errnoText("eventfd write"));
  }
  const std::string error = result.get();
  if (!error.empty()) throw std::runtime_error(error);
}

void NamespaceListeners::run(int netns_fd, std::promise<std::string> started) {
  // Only this thread moves: the rest of the process (and the lecter child it forks) stays in the
  // host namespace and reaches the targets through the veth pair.
  const bool joined = setns(netns_fd, CLONE_NEWNET) == 0;
  const std::string join_error = joined ? std::string() : errnoText("setns(CLONE_NEWNET)");
  ::close(netns_fd);
  if (!joined) {
    std::lock_guard lock(mutex_);
    thread_done_ = true;
  }
  started.set_value(join_error);
  if (!joined) return;

  bool stop = false;
  std::array<epoll_event, 16> events{};
  while (!stop) {
    const int n = epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < n; ++i) {
      const int fd = events[static_cast<std::size_t>(i)].data.fd;
      if (fd == wake_fd_) {
        std::uint64_t count = 0;
        (void)::read(wake_fd_, &count, sizeof count);
        drainCommands(stop);
      } else {
        acceptAll(fd);
      }
    }
  }
  for (const auto& l : listeners_) ::close(l.fd);
  listeners_.clear();
  // Answer anything submitted after Stop so no caller waits forever.
  std::lock_guard lock(mutex_);
  thread_done_ = true;
  for (auto& c : commands_) c.done.set_value("listener thread stopped");
  commands_.clear();
}

void NamespaceListeners::drainCommands(bool& stop) {
  std::vector<Command> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(commands_);
  }
  for (auto& c : batch) {
    switch (c.action) {
      case Action::Open:
        c.done.set_value(openInThread(c.ip, c.port));
        break;
      case Action::Close:
        c.done.set_value(closeInThread(c.ip, c.port));
        break;
      case Action::Stop:
        stop = true;
        c.done.set_value({});
        break;
    }
  }
}

std::string NamespaceListeners::openInThread(const std::string& ip, std::uint16_t port) {
  const bool v6 = ip.find(':') != std::string::npos;
  const std::string where = (v6 ? "[" + ip + "]" : ip) + ":" + std::to_string(port);
  sockaddr_storage storage{};
  socklen_t length = 0;
  if (v6) {
    auto* addr = reinterpret_cast<sockaddr_in6*>(&storage);
    addr->sin6_family = AF_INET6;
    addr->sin6_port = htons(port);
    if (inet_pton(AF_INET6, ip.c_str(), &addr->sin6_addr) != 1) return "not an IPv6 address: " + ip;
    length = sizeof(sockaddr_in6);
  } else {
    auto* addr = reinterpret_cast<sockaddr_in*>(&storage);
    addr->sin_family = AF_INET;
    addr->sin_port = htons(port);
    if (inet_pton(AF_INET, ip.c_str(), &addr->sin_addr) != 1) return "not an IPv4 address: " + ip;
    length = sizeof(sockaddr_in);
  }
  const int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return errnoText("socket for " + where);
  const int yes = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  // "::" must not also take the IPv4 port, where the tests open listeners of their own.
  if (v6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &yes, sizeof yes);
  if (bind(fd, reinterpret_cast<const sockaddr*>(&storage), length) != 0 || listen(fd, 4096) != 0) {
    const std::string error = errnoText("listen on " + where);
    ::close(fd);
    return error;
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = fd;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
    const std::string error = errnoText("epoll_ctl for " + where);
    ::close(fd);
    return error;
  }
  listeners_.push_back(Listener{ip, port, fd});
  return {};
}

std::string NamespaceListeners::closeInThread(const std::string& ip, std::uint16_t port) {
  const auto it = std::find_if(listeners_.begin(), listeners_.end(),
                               [&](const Listener& l) { return l.ip == ip && l.port == port; });
  if (it == listeners_.end()) return "no listener on " + ip + ":" + std::to_string(port);
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, it->fd, nullptr);
  ::close(it->fd);
  listeners_.erase(it);
  return {};
}

void NamespaceListeners::acceptAll(int listen_fd) {
  for (;;) {
    const int conn = accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (conn < 0) return;  // EAGAIN: queue drained
    ::close(conn);
  }
}

}  // namespace lecter::testing
