#include "probe_cycle.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>

#include "exchange_factory.h"
#include "lecter/obs/log.h"
#include "lecter/probe/connect_error.h"
#include "probe_socket.h"

namespace lecter {

namespace {
constexpr std::size_t kMaxEventsPerWait = 1024;
// Starts made between two looks at the epoll set. Thousands of connects take a while to start;
// looking in between keeps the measured latencies honest and frees slots for the next wave sooner.
constexpr std::size_t kStartsPerLook = 256;

constexpr std::uint64_t kInterruptKey = UINT64_MAX;

/// The result an errno gives: its strerror text as the error, unless the probe is up.
ProbeResult resultOf(ProbeOutcome outcome, int error) {
  ProbeResult result;
  result.outcome = outcome;
  if (outcome != ProbeOutcome::Up) result.error = probe_socket::errorText(error);
  return result;
}

std::uint64_t eventKey(std::uint32_t target, std::uint32_t slot) {
  return (static_cast<std::uint64_t>(target) << 32U) | slot;
}
}  // namespace

ProbeCycle::ProbeCycle(const Clock& clock, const std::vector<ProbeTarget>& targets,
                       std::chrono::milliseconds timeout, std::size_t max_inflight, int interrupt_fd,
                       std::vector<std::uint32_t> start_order, ExchangeFactory* exchanges)
    : clock_(clock),
      targets_(targets),
      timeout_(timeout),
      exchanges_(exchanges),
      start_order_(std::move(start_order)),
      interrupt_fd_(interrupt_fd) {
  // Targets and slots are 32-bit in the epoll key; four billion targets is far beyond any config.
  if (targets.size() >= kNoTarget) throw std::length_error("too many probe targets in one cycle");
  if (start_order_.empty()) {
    start_order_.resize(targets.size());
    for (std::uint32_t i = 0; i < targets.size(); ++i) start_order_[i] = i;
  }
  if (start_order_.size() != targets.size())
    throw std::invalid_argument("start order does not cover the targets");
  const std::size_t slot_count = std::max<std::size_t>(1, std::min(max_inflight, targets.size()));
  results_.resize(targets.size());
  slots_.resize(slot_count);
  free_slots_.reserve(slot_count);
  finished_slots_.reserve(slot_count);
  for (std::size_t i = slot_count; i > 0; --i) free_slots_.push_back(static_cast<std::uint32_t>(i - 1));
  started_.reserve(targets.size());
  events_.resize(std::min(slot_count, kMaxEventsPerWait));
}

ProbeCycle::~ProbeCycle() {
  for (Slot& slot : slots_) {
    slot.exchange.reset();  // before its socket closes
    if (slot.fd >= 0) probe_socket::closeWithReset(slot.fd);
  }
  closeSpares();
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
}

std::vector<ProbeResult> ProbeCycle::run() {
  if (targets_.empty()) return {};
  cycle_started_ = clock_.now();
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) {
    const int error = errno;
    for (std::uint32_t t = 0; t < targets_.size(); ++t) {
      record(t, ProbeOutcome::LocalError, error, std::chrono::nanoseconds(0));
    }
    warnAboutLocalErrors();
    return std::move(results_);
  }
  if (interrupt_fd_ >= 0) {
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = kInterruptKey;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, interrupt_fd_, &event);
  }
  for (;;) {
    if (interrupted_) {
      interruptRest();
      return std::move(results_);
    }
    // Opening and closing a socket cost more than the probe itself: while starts are left, the
    // sockets of ended probes serve the next ones. Closes wait until the starts are over (or a
    // slot is needed), so the last probe starts, and the cycle ends, sooner; they then run in time
    // spent waiting for deadlines anyway.
    if (next_target_ < targets_.size()) recycleFinished();
    startSome(kStartsPerLook);
    if (next_target_ == targets_.size() || free_slots_.empty()) closeFinished();
    if (next_target_ == targets_.size()) closeSpares();
    const bool more_to_start = next_target_ < targets_.size() && !free_slots_.empty();
    if (in_flight_ == 0 && !more_to_start) break;  // every target has been started and is over
    harvest(more_to_start ? 0 : millisUntilNextTimer());
    const Time now = clock_.now();
    wakeDue(now);
    expire(now);
  }
  closeFinished();
  closeSpares();
  warnAboutLocalErrors();
  return std::move(results_);
}

void ProbeCycle::startSome(std::size_t most) {
  for (std::size_t started = 0; started < most && next_target_ < targets_.size() && !free_slots_.empty();
       ++started) {
    if (!start(start_order_[next_target_])) return;
    ++next_target_;
  }
  if (next_target_ == targets_.size() && stats_.start_phase == std::chrono::nanoseconds(0)) {
    stats_.start_phase = clock_.now() - cycle_started_;
  }
}

bool ProbeCycle::start(std::uint32_t target) {
  const auto address = probe_socket::addressOf(targets_[target]);
  if (!address) {
    results_[target].outcome = ProbeOutcome::LocalError;
    results_[target].error = "not an IP address: '" + targets_[target].ip.text + "'";
    return true;
  }
  const bool ipv6 = targets_[target].ip.family == IpFamily::V6;
  const bool datagram = targets_[target].kind() == ProbeKind::Udp;
  std::vector<SpareSocket>& spares = sparesOf(ipv6);
  SpareSocket reused;
  if (!spares.empty() && !datagram) {
    reused = spares.back();
    spares.pop_back();
  }
  const Time started = clock_.now();
  const probe_socket::Started connect = probe_socket::startConnect(*address, reused.fd, datagram);
  if (connect.socket_failed && (connect.error == EMFILE || connect.error == ENFILE) &&
      (!finished_slots_.empty() || spareCount() > 0)) {
    // Probes that are over (and spares of the other family) still hold sockets: free them and
    // try again.
    closeFinished();
    closeSpares();
    return false;
  }
  if (!connect.socket_failed && reused.fd < 0) ++stats_.sockets_opened;
  if (connect.socket_failed && (connect.error == EMFILE || connect.error == ENFILE) && in_flight_ > 0) {
    // Out of descriptors while probes are still in flight (the rest of the process holds more than
    // its reserve): retire the free slots, so this target waits for one of the running probes to
    // end instead of failing. The cycle goes on in smaller waves, every result still right.
    if (!warned_short_of_descriptors_) {
      log::warn(
          "out of file descriptors with {} probes in flight; the rest of the cycle goes in smaller waves",
          in_flight_);
      warned_short_of_descriptors_ = true;
    }
    free_slots_.clear();
    return false;
  }
  if (connect.socket_failed) {
    record(target, outcomeOfSocketError(connect.error), connect.error, clock_.now() - started);
    return true;
  }
  const bool connected_at_once = !connect.in_progress && connect.error == 0;
  if (!connect.in_progress && !(connected_at_once && needsExchange(target))) {
    // Completed or failed at once (loopback can do either), and nothing more to say.
    record(target, outcomeOfConnectError(connect.error), connect.error, clock_.now() - started);
    keepSpare(connect.fd, ipv6, datagram, reused.in_epoll, connect.error == 0);
    return true;
  }
  const std::uint32_t slot_index = free_slots_.back();
  free_slots_.pop_back();
  Slot& slot = slots_[slot_index];
  slot.fd = connect.fd;
  slot.target = target;
  slot.started = started;
  slot.reset_on_close = false;
  slot.ipv6 = ipv6;
  slot.datagram = datagram;
  slot.in_epoll = reused.in_epoll;
  started_.push_back(Started{target, slot_index});
  ++in_flight_;
  stats_.peak_in_flight = std::max(stats_.peak_in_flight, in_flight_);
  if (connected_at_once) {
    beginExchange(slot_index, clock_.now());
  } else if (!arm(slot_index, EPOLLOUT)) {
    finish(slot_index, ProbeOutcome::LocalError, errno, clock_.now());
  }
  return true;
}

bool ProbeCycle::needsExchange(std::uint32_t target) const {
  return exchanges_ != nullptr && targets_[target].kind() != ProbeKind::Tcp;
}

void ProbeCycle::beginExchange(std::uint32_t slot_index, Time now) {
  Slot& slot = slots_[slot_index];
  slot.exchange = exchanges_->make(targets_[slot.target], timeout_);
  advance(slot_index, slot.exchange->begin(slot.fd), now);
}

void ProbeCycle::advance(std::uint32_t slot_index, ExchangeStep step, Time now) {
  if (step.done) {
    finish(slot_index, std::move(step.result), now);
    return;
  }
  if (!arm(slot_index, step.events)) {
    finish(slot_index, ProbeOutcome::LocalError, errno, now);
    return;
  }
  Slot& slot = slots_[slot_index];
  slot.wake_at.reset();
  if (step.wake_after) {
    slot.wake_at = now + *step.wake_after;
    wakes_.push(Wake{*slot.wake_at, slot.target, slot_index});
  }
}

bool ProbeCycle::arm(std::uint32_t slot_index, std::uint32_t events) {
  Slot& slot = slots_[slot_index];
  epoll_event event{};
  // One-shot: a probe needs one wake-up per step, and a registration that outlives its socket (a
  // forked child holding a copy) can never fire into the slot's next probe.
  event.events = events | EPOLLONESHOT;
  event.data.u64 = eventKey(slot.target, slot_index);
  if (::epoll_ctl(epoll_fd_, slot.in_epoll ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, slot.fd, &event) != 0)
    return false;
  slot.in_epoll = true;
  return true;
}

void ProbeCycle::harvest(int wait_ms) {
  // Drain every event already there before expire() runs: after a long burst of starts, a probe
  // whose handshake finished in time must not be called a timeout just because its event was not
  // in the first batch.
  for (int wait = wait_ms;; wait = 0) {
    const int count = ::epoll_wait(epoll_fd_, events_.data(), static_cast<int>(events_.size()), wait);
    if (count < 0) {
      if (errno != EINTR) failAllInFlight(errno);
      return;
    }
    const Time now = clock_.now();
    for (int i = 0; i < count; ++i) {
      const std::uint64_t key = events_[static_cast<std::size_t>(i)].data.u64;
      if (key == kInterruptKey) {
        interrupted_ = true;
        continue;
      }
      const auto target = static_cast<std::uint32_t>(key >> 32U);
      const auto slot = static_cast<std::uint32_t>(key & 0xFFFFFFFFU);
      if (slot >= slots_.size() || slots_[slot].target != target) continue;  // that probe is over
      onEvent(slot, events_[static_cast<std::size_t>(i)].events, now);
    }
    // The interrupt fd stays readable (it is never read here), so draining again would only see it.
    if (interrupted_ || static_cast<std::size_t>(count) < events_.size()) return;
  }
}

void ProbeCycle::onEvent(std::uint32_t slot_index, std::uint32_t events, Time now) {
  Slot& slot = slots_[slot_index];
  if (slot.exchange) {
    advance(slot_index, slot.exchange->resume(events), now);
    return;
  }
  // Writable with no error or hang-up: the handshake completed, SO_ERROR would say 0.
  const bool failed = (events & (EPOLLERR | EPOLLHUP)) != 0;
  const int error = failed ? probe_socket::pendingError(slot.fd) : 0;
  if (error == 0 && needsExchange(slot.target)) {
    beginExchange(slot_index, now);
  } else {
    finish(slot_index, outcomeOfConnectError(error), error, now);
  }
}

void ProbeCycle::wakeDue(Time now) {
  while (!wakes_.empty() && wakes_.top().at <= now) {
    const Wake wake = wakes_.top();
    wakes_.pop();
    Slot& slot = slots_[wake.slot];
    if (slot.target != wake.target || !slot.exchange || slot.wake_at != wake.at) continue;  // stale
    slot.wake_at.reset();
    advance(wake.slot, slot.exchange->resume(0), now);
  }
}

void ProbeCycle::expire(Time now) {
  for (; head_ < started_.size(); ++head_) {
    const Started& entry = started_[head_];
    const Slot& slot = slots_[entry.slot];
    if (slot.target != entry.target) continue;
    if (slot.started + timeout_ > now) return;
    if (slot.exchange) {
      finish(entry.slot, slot.exchange->resultAtDeadline(), now);
    } else {
      finish(entry.slot, ProbeOutcome::Timeout, ETIMEDOUT, now);
    }
  }
}

int ProbeCycle::millisUntilNextTimer() {
  while (head_ < started_.size() && slots_[started_[head_].slot].target != started_[head_].target) ++head_;
  if (head_ == started_.size()) return 0;
  Time next = slots_[started_[head_].slot].started + timeout_;
  if (!wakes_.empty()) next = std::min(next, wakes_.top().at);
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(next - clock_.now());
  return static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(left.count(), 0, INT32_MAX));
}

void ProbeCycle::finish(std::uint32_t slot_index, ProbeOutcome outcome, int error, Time now) {
  finish(slot_index, resultOf(outcome, error), now);
}

void ProbeCycle::finish(std::uint32_t slot_index, ProbeResult result, Time now) {
  Slot& slot = slots_[slot_index];
  // A connect the kernel reported failed left the socket closed: nothing to reset. Any other socket
  // is connected, or may have connected since its deadline passed; one an exchange used always is.
  // A datagram socket has no connection to reset.
  const ProbeOutcome outcome = result.outcome;
  slot.reset_on_close =
      !slot.datagram && (slot.exchange != nullptr ||
                         (outcome != ProbeOutcome::Refused && outcome != ProbeOutcome::Unreachable &&
                          outcome != ProbeOutcome::OtherError));
  slot.exchange.reset();  // before its socket closes or serves another probe
  slot.wake_at.reset();
  record(slot.target, std::move(result), now - slot.started);
  slot.target = kNoTarget;
  finished_slots_.push_back(slot_index);
  --in_flight_;
}

void ProbeCycle::closeFinished() {
  for (const std::uint32_t slot_index : finished_slots_) {
    Slot& slot = slots_[slot_index];
    probe_socket::closeAfterProbe(slot.fd, slot.reset_on_close);
    slot = Slot{};
    free_slots_.push_back(slot_index);
  }
  finished_slots_.clear();
}

void ProbeCycle::recycleFinished() {
  const std::size_t starts_left = targets_.size() - next_target_;
  while (!finished_slots_.empty() && spareCount() < starts_left) {
    const std::uint32_t slot_index = finished_slots_.back();
    finished_slots_.pop_back();
    Slot& slot = slots_[slot_index];
    keepSpare(slot.fd, slot.ipv6, slot.datagram, slot.in_epoll, slot.reset_on_close);
    slot = Slot{};
    free_slots_.push_back(slot_index);
  }
}

void ProbeCycle::keepSpare(int fd, bool ipv6, bool datagram, bool in_epoll, bool may_be_connected) {
  if (datagram) {
    probe_socket::closeFailed(fd);  // spares serve TCP connects: a datagram socket just closes
  } else if (probe_socket::disconnect(fd)) {
    sparesOf(ipv6).push_back(SpareSocket{fd, in_epoll});
  } else {
    probe_socket::closeAfterProbe(fd, may_be_connected);
  }
}

void ProbeCycle::closeSpares() {
  for (std::vector<SpareSocket>& spares : spares_) {
    for (const SpareSocket& spare : spares) probe_socket::closeFailed(spare.fd);  // unconnected
    spares.clear();
  }
}

void ProbeCycle::record(std::uint32_t target, ProbeOutcome outcome, int error,
                        std::chrono::nanoseconds latency) {
  record(target, resultOf(outcome, error), latency);
}

void ProbeCycle::record(std::uint32_t target, ProbeResult result, std::chrono::nanoseconds latency) {
  result.latency = std::chrono::duration_cast<std::chrono::microseconds>(latency);
  results_[target] = std::move(result);
}

void ProbeCycle::failAllInFlight(int error) {
  const Time now = clock_.now();
  for (std::uint32_t i = 0; i < slots_.size(); ++i) {
    if (slots_[i].target != kNoTarget) finish(i, ProbeOutcome::LocalError, error, now);
  }
}

void ProbeCycle::interruptRest() {
  failAllInFlight(EINTR);
  closeFinished();
  for (; next_target_ < targets_.size(); ++next_target_) {
    record(start_order_[next_target_], ProbeOutcome::LocalError, EINTR, std::chrono::nanoseconds(0));
  }
}

void ProbeCycle::warnAboutLocalErrors() {
  std::size_t count = 0;
  const ProbeResult* first = nullptr;
  for (const ProbeResult& result : results_) {
    if (result.outcome != ProbeOutcome::LocalError) continue;
    if (first == nullptr) first = &result;
    ++count;
  }
  stats_.local_errors = count;
  if (first != nullptr) {
    log::warn("{} of {} probes failed on this side ({}); their targets keep their state", count,
              results_.size(), first->error);
  }
}

}  // namespace lecter
