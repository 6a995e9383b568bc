#pragma once
/// The loop: a cycle, then a sleep of `interval` that a signal cuts short. One cycle at a time (the
/// seed's `go secondLoop` let slow cycles overlap and race); a signal never interrupts a write.
///
/// SIGHUP reloads at most once per interval, and a reload never moves the next cycle: that starts
/// when the interval that began after the last cycle ends. A SIGHUP that comes after this interval's
/// reload is remembered and done at the start of the next one, so a stream of SIGHUPs neither starves
/// the cycles nor is lost.

#include <chrono>
#include <functional>

#include "lecter/base/clock.h"
#include "lecter/daemon/signal_source.h"

namespace lecter {

struct DaemonHooks {
  /// Runs one cycle.
  std::function<void()> cycle;
  /// Reloads the config (SIGHUP, or the file changed); keeps the old one when the new one is bad.
  std::function<void()> reload;
  /// Something changed in the config file's folder: true when the file itself now reads otherwise
  /// than at the last reload (or start), which then counts as a SIGHUP. None: ignored.
  std::function<bool()> config_changed;
  /// The sleep between cycles (may change after a reload; a new value counts from the next sleep).
  std::function<std::chrono::milliseconds()> interval;
};

class Daemon {
 public:
  /// `clock` times the sleeps; `signals` ends them early.
  Daemon(SignalSource& signals, const Clock& clock, DaemonHooks hooks);
  /// Runs until SIGTERM/SIGINT; returns the exit code (0).
  int run();

 private:
  /// Sleeps until `until`, reloading on the first SIGHUP and remembering any later one. False on
  /// SIGTERM/SIGINT.
  bool sleepUntil(SteadyTime until);
  void reload();
  /// A SIGHUP, or a change of the file that counts as one, during the sleep.
  void reloadAsked(const char* why);

  SignalSource& signals_;
  const Clock& clock_;
  DaemonHooks hooks_;
  bool reload_pending_ = false;  // a SIGHUP came after this interval's reload
  bool reloaded_this_interval_ = false;
  const char* reload_why_ = "on SIGHUP";
};

}  // namespace lecter
