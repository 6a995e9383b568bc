#pragma once
/// The signals the daemon obeys: SIGTERM/SIGINT stop it, SIGHUP reloads the config.

#include <chrono>

namespace lecter {

enum class SignalEvent {
  None,    // the wait ran out
  Stop,    // SIGTERM or SIGINT
  Reload,  // SIGHUP
  /// Something changed in the config file's folder (see ConfigFileWatch); the file may be the same.
  ConfigChanged,
};

class SignalSource {
 public:
  virtual ~SignalSource() = default;
  /// Waits up to `timeout` for a signal (or a change of the config file); one that came earlier is
  /// returned at once.
  virtual SignalEvent waitFor(std::chrono::milliseconds timeout) = 0;
  /// True when a signal is waiting (it stays there for waitFor to take).
  [[nodiscard]] virtual bool pending() const = 0;
};

/// SignalSource over a signalfd. The constructor blocks SIGTERM, SIGINT and SIGHUP in the calling
/// thread, so build it in main() before any other thread starts: threads inherit the mask and the
/// signals then queue on the fd instead of interrupting whatever runs.
class SignalFd final : public SignalSource {
 public:
  SignalFd();
  ~SignalFd() override;
  SignalFd(const SignalFd&) = delete;
  SignalFd& operator=(const SignalFd&) = delete;

  SignalEvent waitFor(std::chrono::milliseconds timeout) override;
  [[nodiscard]] bool pending() const override;
  /// Readable while a signal is waiting: lets the prober cut a cycle short.
  [[nodiscard]] int fd() const { return fd_; }
  /// Also ends a wait when `fd` is readable (a ConfigFileWatch): waitFor returns ConfigChanged and
  /// leaves reading it to its owner.
  void alsoWakeOn(int fd) { config_fd_ = fd; }
  /// True while SIGTERM or SIGINT waits to be read (from any thread, without taking it): requests in
  /// flight give up, so a stop takes a moment whatever the ApiServer does.
  [[nodiscard]] static bool stopPending();
  /// Sleeps `delay`, or less once SIGTERM or SIGINT is pending (checked every 20 ms). A pending SIGHUP
  /// does not cut it short, so a reload waiting for the cycle's end does not undo a retry's backoff.
  static void sleepUnlessStopping(std::chrono::milliseconds delay);

 private:
  int fd_ = -1;
  int config_fd_ = -1;
};

}  // namespace lecter
