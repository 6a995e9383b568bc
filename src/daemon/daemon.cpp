#include "lecter/daemon/daemon.h"

#include <utility>

#include "lecter/obs/log.h"

namespace lecter {

Daemon::Daemon(SignalSource& signals, DaemonHooks hooks) : signals_(signals), hooks_(std::move(hooks)) {}

int Daemon::run() {
  for (;;) {
    hooks_.cycle();
    // The sleep comes after the cycle, so a slow cycle delays the next instead of overlapping it.
    // A signal that came during the cycle is waiting on the fd and ends this wait at once.
    for (;;) {
      const SignalEvent event = signals_.waitFor(hooks_.interval());
      if (event == SignalEvent::Stop) {
        log::info("stopping on signal");
        return 0;
      }
      if (event == SignalEvent::Reload) {
        log::info("reloading the config on SIGHUP");
        hooks_.reload();
        continue;  // then sleep the rest of a fresh interval
      }
      break;
    }
  }
}

}  // namespace lecter
