#pragma once
// One probeAll() call: every target's probe in flight at once (up to max_inflight sockets), one
// epoll set, each probe with its own deadline. This is the policy every probe kind shares: it
// connects, times, waves and records; once a socket is connected, the kind's ProbeExchange (if it
// has one) speaks its protocol on it. Private to the probe module.

#include <sys/epoll.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <queue>
#include <vector>

#include "lecter/base/clock.h"
#include "lecter/probe/probe_cycle_stats.h"
#include "lecter/probe/probe_result.h"
#include "probe_exchange.h"

namespace lecter {

class ExchangeFactory;

class ProbeCycle {
 public:
  /// `max_inflight` >= 1. The cycle keeps references to `targets`: they must outlive run().
  /// `interrupt_fd` (or -1): when it becomes readable the cycle ends at once, every probe not over
  /// yet a LocalError ("interrupted"). The fd is only watched, never read.
  /// `start_order`: indexes into `targets`, each once, in the order to start them; empty: as given.
  /// `exchanges` makes the protocol part of targets that are not plain TCP; null: every target is
  /// probed by its TCP handshake alone. It must outlive the cycle.
  ProbeCycle(const Clock& clock, const std::vector<ProbeTarget>& targets, std::chrono::milliseconds timeout,
             std::size_t max_inflight, int interrupt_fd = -1, std::vector<std::uint32_t> start_order = {},
             ExchangeFactory* exchanges = nullptr);
  ~ProbeCycle();  // closes whatever is still open, should run() have thrown
  ProbeCycle(const ProbeCycle&) = delete;
  ProbeCycle& operator=(const ProbeCycle&) = delete;

  /// Runs the cycle to the end: one result per target, in the order of the targets. Call once.
  std::vector<ProbeResult> run();
  /// What the cycle cost; complete once run() has returned.
  [[nodiscard]] const ProbeCycleStats& stats() const { return stats_; }

 private:
  using Time = SteadyTime;
  static constexpr std::uint32_t kNoTarget = UINT32_MAX;

  /// A socket slot; at most max_inflight of them, reused as probes end. A slot whose probe is over
  /// keeps its socket (target kNoTarget) until recycleFinished() or closeFinished() takes it.
  struct Slot {
    int fd = -1;
    std::uint32_t target = kNoTarget;
    Time started;
    bool reset_on_close = false;  // the socket is or may have become connected
    bool ipv6 = false;
    bool datagram = false;  // a UDP socket: never kept as a spare for the TCP probes
    bool in_epoll = false;  // registered in the epoll set (one-shot, armed or not)
    /// The protocol's part, once the socket is connected; null while connecting, and for TCP.
    std::unique_ptr<ProbeExchange> exchange;
    std::optional<Time> wake_at;  // the exchange asked to be resumed then, event or not
  };
  /// An unconnected socket kept for the next probe of its family (probe_socket::disconnect()).
  struct SpareSocket {
    int fd = -1;
    bool in_epoll = false;  // still registered, disarmed (one-shot): re-armed with EPOLL_CTL_MOD
  };
  /// Probes in the order they started. Every probe has the same timeout, so this is also the
  /// order of their deadlines: the nearest one is always at the head. Entries of probes that
  /// already ended are skipped when they reach the head.
  struct Started {
    std::uint32_t target;
    std::uint32_t slot;
  };
  /// A wake-up an exchange asked for; stale once its slot holds another probe or another time.
  struct Wake {
    Time at;
    std::uint32_t target;
    std::uint32_t slot;
    bool operator>(const Wake& other) const { return at > other.at; }
  };

  /// Starts up to `most` more targets, as long as slots are free.
  void startSome(std::size_t most);
  /// Starts one probe, or ends it at once (an outcome known without waiting). False when it
  /// could not start for lack of descriptors and must be tried again once a probe ends.
  bool start(std::uint32_t target);
  /// True when the target's kind speaks a protocol once connected.
  [[nodiscard]] bool needsExchange(std::uint32_t target) const;
  /// The socket of `slot` is connected: hands it to the target kind's exchange.
  void beginExchange(std::uint32_t slot, Time now);
  /// Does what the exchange asked for: ends the probe, or arms the socket (and a wake-up).
  void advance(std::uint32_t slot, ExchangeStep step, Time now);
  /// (Re-)arms the slot's socket, one-shot, for `events`. False (errno set) when epoll refused.
  bool arm(std::uint32_t slot, std::uint32_t events);
  void harvest(int wait_ms);
  void onEvent(std::uint32_t slot, std::uint32_t events, Time now);
  void wakeDue(Time now);
  void expire(Time now);
  /// Milliseconds until the nearest deadline or wake-up (rounded up), 0 when one has passed.
  int millisUntilNextTimer();
  /// Records the probe's outcome. Its socket is closed later, by closeFinished().
  void finish(std::uint32_t slot, ProbeOutcome outcome, int error, Time now);
  void finish(std::uint32_t slot, ProbeResult result, Time now);
  /// Closes the sockets of probes that are over and frees their slots.
  void closeFinished();
  /// Turns the sockets of probes that are over into spares, as many as the starts left can use,
  /// and frees their slots.
  void recycleFinished();
  /// Keeps a socket whose probe ended for the next start, or closes it when it cannot be reused (a
  /// datagram socket never is).
  void keepSpare(int fd, bool ipv6, bool datagram, bool in_epoll, bool may_be_connected);
  void closeSpares();
  std::vector<SpareSocket>& sparesOf(bool ipv6) { return spares_[ipv6 ? 1 : 0]; }
  [[nodiscard]] std::size_t spareCount() const { return spares_[0].size() + spares_[1].size(); }
  void record(std::uint32_t target, ProbeOutcome outcome, int error, std::chrono::nanoseconds latency);
  void record(std::uint32_t target, ProbeResult result, std::chrono::nanoseconds latency);
  void failAllInFlight(int error);
  void interruptRest();
  void warnAboutLocalErrors();

  const Clock& clock_;
  const std::vector<ProbeTarget>& targets_;
  const std::chrono::milliseconds timeout_;
  std::vector<ProbeResult> results_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::vector<std::uint32_t> finished_slots_;       // probe over, socket not closed yet
  std::array<std::vector<SpareSocket>, 2> spares_;  // by family: [0] IPv4, [1] IPv6
  std::vector<Started> started_;                    // one entry per target that went in flight
  std::priority_queue<Wake, std::vector<Wake>, std::greater<>> wakes_;
  ExchangeFactory* exchanges_ = nullptr;
  std::size_t head_ = 0;  // first entry of started_ not yet known to be over
  std::vector<epoll_event> events_;
  std::vector<std::uint32_t> start_order_;  // indexes into targets_
  std::uint32_t next_target_ = 0;           // position in start_order_ of the next target to start
  std::size_t in_flight_ = 0;
  int epoll_fd_ = -1;
  int interrupt_fd_ = -1;
  bool interrupted_ = false;
  Time cycle_started_;
  ProbeCycleStats stats_;
  bool warned_short_of_descriptors_ = false;
};

}  // namespace lecter
