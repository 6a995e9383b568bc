#pragma once
/// The loop: a cycle, then a sleep of `interval` that a signal cuts short. One cycle at a time (the
/// seed's `go secondLoop` let slow cycles overlap and race); a signal never interrupts a write.

#include <chrono>
#include <functional>

#include "lecter/daemon/signal_source.h"

namespace lecter {

struct DaemonHooks {
  /// Runs one cycle.
  std::function<void()> cycle;
  /// Reloads the config (SIGHUP); keeps the old one when the new one is bad.
  std::function<void()> reload;
  /// The sleep between cycles (may change after a reload).
  std::function<std::chrono::milliseconds()> interval;
};

class Daemon {
 public:
  Daemon(SignalSource& signals, DaemonHooks hooks);
  /// Runs until SIGTERM/SIGINT; returns the exit code (0).
  int run();

 private:
  SignalSource& signals_;
  DaemonHooks hooks_;
};

}  // namespace lecter
