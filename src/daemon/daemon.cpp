#include "lecter/daemon/daemon.h"

#include <utility>

#include "lecter/obs/log.h"

namespace lecter {

Daemon::Daemon(SignalSource& signals, const Clock& clock, DaemonHooks hooks)
    : signals_(signals), clock_(clock), hooks_(std::move(hooks)) {}

int Daemon::run() {
  for (;;) {
    hooks_.cycle();
    // The sleep comes after the cycle, so a slow cycle delays the next instead of overlapping it.
    // Its end is fixed here: what happens during it (a reload, a new interval) never moves it.
    const SteadyTime next_cycle = clock_.now() + hooks_.interval();
    reloaded_this_interval_ = false;
    if (reload_pending_) reload();
    if (!sleepUntil(next_cycle)) {
      log::info("stopping on signal");
      return 0;
    }
  }
}

bool Daemon::sleepUntil(SteadyTime until) {
  // A signal that came during the cycle is waiting on the fd and ends the first wait at once.
  for (SteadyTime now = clock_.now(); now < until; now = clock_.now()) {
    // Rounded up: a wait cut to whole milliseconds would end just before `until` and spin.
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(until - now);
    switch (signals_.waitFor(left)) {
      case SignalEvent::Stop:
        return false;
      case SignalEvent::Reload:
        reloadAsked("on SIGHUP");
        break;
      case SignalEvent::ConfigChanged:
        if (hooks_.config_changed && hooks_.config_changed()) reloadAsked("because the file changed");
        break;
      case SignalEvent::None:
        break;
    }
  }
  return true;
}

void Daemon::reloadAsked(const char* why) {
  reload_why_ = why;
  if (reloaded_this_interval_) {
    reload_pending_ = true;  // coalesced with any other until the next interval
  } else {
    reload();
  }
}

void Daemon::reload() {
  reload_pending_ = false;
  reloaded_this_interval_ = true;
  log::info("reloading the config {}", reload_why_);
  hooks_.reload();
}

}  // namespace lecter
