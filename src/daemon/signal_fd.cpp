#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>

#include "lecter/daemon/signal_source.h"

namespace lecter {

SignalFd::SignalFd() {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGTERM);
  sigaddset(&mask, SIGINT);
  sigaddset(&mask, SIGHUP);
  if (pthread_sigmask(SIG_BLOCK, &mask, nullptr) != 0) throw std::runtime_error("pthread_sigmask failed");
  fd_ = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  if (fd_ < 0) throw std::runtime_error(std::string("signalfd: ") + std::strerror(errno));
}

SignalFd::~SignalFd() {
  if (fd_ >= 0) close(fd_);
}

bool SignalFd::pending() const {
  pollfd pfd{fd_, POLLIN, 0};
  return poll(&pfd, 1, 0) == 1;
}

bool SignalFd::stopPending() {
  // Every thread blocks these signals, so one sent to the process stays pending until read here.
  sigset_t pending;
  if (sigpending(&pending) != 0) return false;
  return sigismember(&pending, SIGTERM) == 1 || sigismember(&pending, SIGINT) == 1;
}

void SignalFd::sleepUnlessStopping(std::chrono::milliseconds delay) {
  constexpr std::chrono::milliseconds kSlice{20};
  const auto deadline = std::chrono::steady_clock::now() + delay;
  while (!stopPending()) {
    const auto left = deadline - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) return;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(left, kSlice));
  }
}

SignalEvent SignalFd::waitFor(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    signalfd_siginfo info{};
    const ssize_t n = read(fd_, &info, sizeof info);
    if (n == static_cast<ssize_t>(sizeof info)) {
      return info.ssi_signo == SIGHUP ? SignalEvent::Reload : SignalEvent::Stop;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return SignalEvent::None;
    std::array<pollfd, 2> fds{pollfd{fd_, POLLIN, 0}, pollfd{config_fd_, POLLIN, 0}};
    const int r = poll(fds.data(), config_fd_ >= 0 ? 2 : 1, static_cast<int>(left.count()));
    if (r < 0 && errno != EINTR) return SignalEvent::None;
    // A signal first: a stop must not wait behind a stream of file events.
    if (r > 0 && (fds[0].revents & POLLIN) == 0 && (fds[1].revents & POLLIN) != 0)
      return SignalEvent::ConfigChanged;
  }
}

}  // namespace lecter
