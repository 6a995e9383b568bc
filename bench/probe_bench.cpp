// Probe-cycle figures for the real EpollProber over loopback targets: a share open (a listener that
// accepts and closes), a share refused (a closed port), a share hung (a filled listen(0) queue).
// Prints one JSON line per run. Figures only: nothing here fails on speed.
//
//   probe_bench [--kind tcp|http] [--targets N[,N…]]… [--timeout-ms MS] [--cycles C]
//               [--hung-fraction F|A/B] [--max-inflight K] [--accept deferred|during]
// Defaults: --targets 100,1000,10000 --timeout-ms 1000 --cycles 3 --hung-fraction 1/3
// --accept deferred. The targets that do not hang are split evenly between open and refused.
// --accept: the open targets' accept()+close() run between cycles (deferred, so the timed cycle
// holds the prober's work only, as with remote targets) or on a thread during the cycle.
// --kind http: HTTP probes (GET /), the hung fraction being servers that accept and never answer
// (slow past the deadline), the rest answering 200 at once (bench/http_responders.h).

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "bench_flags.h"
#include "deferred_accept_listeners.h"
#include "http_responders.h"
#include "lecter/probe/epoll_prober.h"
#include "loopback_targets.h"

namespace {

using lecter::ProbeOutcome;
using lecter::ProbeResult;
using lecter::ProbeTarget;
using lecter::testing::expectedOutcome;
using lecter::testing::Kind;
using namespace std::chrono_literals;

struct Options {
  std::vector<std::size_t> targets;
  std::chrono::milliseconds timeout{1000};
  std::size_t cycles = 3;
  double hung_fraction = 1.0 / 3.0;
  std::size_t max_inflight = 0;
  bool accept_during_cycle = false;
  bool http = false;
};

constexpr char kProgram[] = "probe_bench";

[[noreturn]] void usageError(const std::string& message) { lecter::bench::usageError(kProgram, message); }

std::size_t parseCount(const std::string& flag, const std::string& text, std::size_t minimum) {
  return lecter::bench::parseCount(kProgram, flag, text, minimum);
}

double parseFraction(const std::string& text) {
  try {
    std::size_t used = 0;
    double value = 0;
    if (const auto slash = text.find('/'); slash != std::string::npos) {
      const double numerator = std::stod(text.substr(0, slash), &used);
      if (used != slash) throw std::invalid_argument("numerator");
      const std::string rest = text.substr(slash + 1);
      const double denominator = std::stod(rest, &used);
      if (used != rest.size() || denominator == 0) throw std::invalid_argument("denominator");
      value = numerator / denominator;
    } else {
      value = std::stod(text, &used);
      if (used != text.size()) throw std::invalid_argument("trailing text");
    }
    if (value < 0 || value > 1) throw std::invalid_argument("range");
    return value;
  } catch (const std::exception&) {
    usageError("--hung-fraction: expected a fraction between 0 and 1 (0.3 or 1/3), got '" + text + "'");
  }
}

Options parseOptions(int argc, char** argv) {
  Options options;
  lecter::bench::forEachFlag(
      kProgram, argc, argv,
      "probe_bench [--kind tcp|http] [--targets N[,N...]]... [--timeout-ms MS] [--cycles C] "
      "[--hung-fraction F|A/B] [--max-inflight K] [--accept deferred|during]",
      [&options](const std::string& flag, const std::string& value) {
        if (flag == "--targets") {
          for (const auto count : lecter::bench::parseCounts(kProgram, flag, value, 1))
            options.targets.push_back(count);
        } else if (flag == "--timeout-ms") {
          options.timeout = std::chrono::milliseconds(parseCount(flag, value, 1));
        } else if (flag == "--cycles") {
          options.cycles = parseCount(flag, value, 1);
        } else if (flag == "--hung-fraction") {
          options.hung_fraction = parseFraction(value);
        } else if (flag == "--max-inflight") {
          options.max_inflight = parseCount(flag, value, 0);
        } else if (flag == "--kind") {
          if (value != "tcp" && value != "http")
            usageError("--kind: expected tcp or http, got '" + value + "'");
          options.http = value == "http";
        } else if (flag == "--accept") {
          if (value != "deferred" && value != "during")
            usageError("--accept: expected deferred or during, got '" + value + "'");
          options.accept_during_cycle = value == "during";
        } else {
          usageError("unknown flag " + flag);
        }
      });
  if (options.targets.empty())
    options.targets =
        options.http ? std::vector<std::size_t>{1000} : std::vector<std::size_t>{100, 1000, 10000};
  return options;
}

std::chrono::microseconds cpuTime(int who) {
  rusage usage{};
  getrusage(who, &usage);
  const auto micros = [](const timeval& t) {
    return std::chrono::seconds(t.tv_sec) + std::chrono::microseconds(t.tv_usec);
  };
  return micros(usage.ru_utime) + micros(usage.ru_stime);
}

// Context switches of the calling thread: voluntary (it blocked) and involuntary (it was preempted,
// which is what stretches a cycle on a busy machine).
std::pair<long, long> threadSwitches() {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  return {usage.ru_nvcsw, usage.ru_nivcsw};
}

long maxRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

double millis(std::chrono::nanoseconds d) { return static_cast<double>(d.count()) / 1e6; }

/// Median of sorted, non-empty `values`.
double median(const std::vector<double>& values) {
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

/// One cycle of `targets` and what it cost.
struct TimedCycle {
  std::vector<ProbeResult> results;
  lecter::ProbeCycleStats stats;
  std::chrono::nanoseconds wall{0};
  std::chrono::microseconds thread_cpu{0};   // the prober's thread (user + system)
  std::chrono::microseconds process_cpu{0};  // the whole process meanwhile
};

TimedCycle timedCycle(lecter::EpollProber& prober, const std::vector<ProbeTarget>& targets,
                      std::chrono::milliseconds timeout) {
  TimedCycle cycle;
  const auto cpu_thread_start = cpuTime(RUSAGE_THREAD);
  const auto cpu_process_start = cpuTime(RUSAGE_SELF);
  const auto wall_start = std::chrono::steady_clock::now();
  cycle.results = prober.probeAll(targets, timeout, cycle.stats);
  cycle.wall = std::chrono::steady_clock::now() - wall_start;
  cycle.thread_cpu = cpuTime(RUSAGE_THREAD) - cpu_thread_start;
  cycle.process_cpu = cpuTime(RUSAGE_SELF) - cpu_process_start;
  return cycle;
}

// One accept queue per this many open targets keeps every queue far below net.core.somaxconn.
constexpr std::size_t kOpenTargetsPerListener = 1000;

// The open targets' listeners, accepting during the cycle or between cycles (--accept).
class OpenTargets {
 public:
  OpenTargets(std::size_t listeners, bool accept_during_cycle) {
    if (accept_during_cycle) {
      during_ = std::make_unique<lecter::testing::AcceptingListeners>(listeners);
    } else {
      deferred_ = std::make_unique<lecter::bench::DeferredAcceptListeners>(listeners);
    }
  }
  [[nodiscard]] const std::vector<std::uint16_t>& ports() const {
    return during_ ? during_->ports() : deferred_->ports();
  }
  /// Called after each timed cycle.
  void betweenCycles() {
    if (deferred_) accepted_ += deferred_->drain();
  }
  /// Connections accepted and closed so far.
  std::size_t accepted() {
    betweenCycles();
    return during_ ? during_->closedConnections() : accepted_;
  }

 private:
  std::unique_ptr<lecter::testing::AcceptingListeners> during_;
  std::unique_ptr<lecter::bench::DeferredAcceptListeners> deferred_;
  std::size_t accepted_ = 0;
};

void runOnce(lecter::EpollProber& prober, std::size_t count, const Options& options) {
  const auto hung =
      static_cast<std::size_t>(std::llround(static_cast<double>(count) * options.hung_fraction));
  const std::size_t open = (count - hung + 1) / 2;
  const std::size_t refused = count - hung - open;

  OpenTargets open_listeners(
      std::max<std::size_t>(1, (open + kOpenTargetsPerListener - 1) / kOpenTargetsPerListener),
      options.accept_during_cycle);
  lecter::testing::ClosedPort closed_port;
  lecter::testing::HungListener hung_listener;
  if (!hung_listener.connectHangs(200ms)) {
    std::fprintf(stderr, "probe_bench: the hung listener answers connects; cannot make hung targets\n");
    std::exit(1);
  }

  // Kinds spread over the list in a fixed pseudo-random order, each target on its own 127.x address.
  std::vector<Kind> kinds;
  kinds.insert(kinds.end(), open, Kind::Open);
  kinds.insert(kinds.end(), refused, Kind::Refused);
  kinds.insert(kinds.end(), hung, Kind::Hung);
  std::shuffle(kinds.begin(), kinds.end(), std::mt19937(20240601));
  std::vector<ProbeTarget> targets;
  targets.reserve(count);
  std::size_t open_index = 0;
  for (std::size_t i = 0; i < count; ++i) {
    std::uint16_t port = closed_port.port();
    if (kinds[i] == Kind::Open) port = open_listeners.ports()[open_index++ % open_listeners.ports().size()];
    if (kinds[i] == Kind::Hung) port = hung_listener.port();
    targets.push_back(ProbeTarget{*lecter::parseIpAddress(lecter::testing::loopbackAddress(i)), port});
  }

  const std::size_t fds_before = lecter::testing::openDescriptorCount();
  std::vector<double> wall_ms;
  std::vector<double> start_ms;  // until the last connect was sent (ProbeCycleStats::start_phase)
  std::chrono::microseconds thread_cpu{0};
  std::chrono::microseconds process_cpu{0};
  long voluntary_switches = 0;
  long involuntary_switches = 0;
  bool all_correct = true;
  std::size_t wrong = 0;
  std::size_t slow_first = 0;  // targets started first in the last cycle, having timed out before
  std::size_t sockets_opened = 0;
  // [expected kind][outcome got], over all cycles, for the diagnosis printed when something is wrong.
  std::size_t tally[3][6] = {};
  for (std::size_t cycle = 0; cycle < options.cycles; ++cycle) {
    const auto switches_start = threadSwitches();
    const TimedCycle timed = timedCycle(prober, targets, options.timeout);
    const auto switches_end = threadSwitches();
    const std::vector<ProbeResult>& results = timed.results;
    wall_ms.push_back(millis(timed.wall));
    start_ms.push_back(millis(timed.stats.start_phase));
    slow_first = timed.stats.started_slow_first;
    sockets_opened += timed.stats.sockets_opened;
    thread_cpu += timed.thread_cpu;
    voluntary_switches += switches_end.first - switches_start.first;
    involuntary_switches += switches_end.second - switches_start.second;
    process_cpu += timed.process_cpu;
    // The targets' accept() and close() are the remote side's work: outside the measured window.
    open_listeners.betweenCycles();
    for (std::size_t i = 0; i < count && i < results.size(); ++i) {
      ++tally[static_cast<int>(kinds[i])][static_cast<int>(results[i].outcome)];
    }
    for (std::size_t i = 0; i < count; ++i) {
      if (results.size() != count || results[i].outcome != expectedOutcome(kinds[i])) {
        if (all_correct) {
          std::fprintf(
              stderr, "probe_bench: cycle %zu target %zu (%s:%u) expected %s, got %s (%s)\n", cycle, i,
              targets[i].ip.text.c_str(), targets[i].port,
              std::string(lecter::toString(expectedOutcome(kinds[i]))).c_str(),
              i < results.size() ? std::string(lecter::toString(results[i].outcome)).c_str() : "nothing",
              i < results.size() ? results[i].error.c_str() : "");
        }
        all_correct = false;
        ++wrong;
      }
    }
  }
  // Every open target's connection must have been accepted and closed before counting.
  const auto settle_deadline = std::chrono::steady_clock::now() + 10s;
  while (open_listeners.accepted() < open * options.cycles &&
         std::chrono::steady_clock::now() < settle_deadline) {
    std::this_thread::sleep_for(5ms);
  }
  const std::size_t fds_after = lecter::testing::openDescriptorCount();
  std::size_t time_wait = lecter::testing::timeWaitSocketCount(closed_port.port()) +
                          lecter::testing::timeWaitSocketCount(hung_listener.port());
  for (const std::uint16_t port : open_listeners.ports())
    time_wait += lecter::testing::timeWaitSocketCount(port);

  if (!all_correct) {
    const char* kind_names[] = {"open", "refused", "hung"};
    for (int kind = 0; kind < 3; ++kind) {
      std::fprintf(stderr, "probe_bench: %s targets got", kind_names[kind]);
      for (int outcome = 0; outcome < 6; ++outcome) {
        if (tally[kind][outcome] == 0) continue;
        std::fprintf(stderr, " %s=%zu",
                     std::string(lecter::toString(static_cast<ProbeOutcome>(outcome))).c_str(),
                     tally[kind][outcome]);
      }
      std::fprintf(stderr, "\n");
    }
  }
  std::sort(wall_ms.begin(), wall_ms.end());
  std::sort(start_ms.begin(), start_ms.end());
  const double cycles = static_cast<double>(options.cycles);
  std::printf(
      "{\"case\":\"hang_%zu_of_%zu\",\"targets\":%zu,\"open\":%zu,\"refused\":%zu,\"hung\":%zu,\"timeout_"
      "ms\":%lld,"
      "\"cycles\":%zu,\"accept\":\"%s\",\"max_inflight\":%zu,\"started_slow_first\":%zu,"
      "\"sockets_per_cycle\":%.0f,\"wall_ms_per_"
      "cycle\":%.1f,\"wall_ms_max\":%.1f,"
      "\"start_ms_per_cycle\":%.1f,\"start_ms_max\":%.1f,"
      "\"cpu_ms_per_cycle\":%.1f,\"process_cpu_ms_per_cycle\":%.1f,\"preempted_per_cycle\":%.0f,"
      "\"blocked_per_cycle\":%.0f,\"max_rss_kb\":%ld,\"fds_before\":%zu,"
      "\"fds_after\":%zu,\"time_wait_after\":%zu,\"time_wait_after_all\":%zu,\"wrong_results\":%zu,"
      "\"all_correct\":%s}\n",
      hung, count, count, open, refused, hung, static_cast<long long>(options.timeout.count()),
      options.cycles, options.accept_during_cycle ? "during" : "deferred", prober.maxInflight(), slow_first,
      static_cast<double>(sockets_opened) / cycles, median(wall_ms), wall_ms.back(), median(start_ms),
      start_ms.back(), millis(thread_cpu) / cycles, millis(process_cpu) / cycles,
      static_cast<double>(involuntary_switches) / cycles, static_cast<double>(voluntary_switches) / cycles,
      maxRssKb(), fds_before, fds_after, time_wait, lecter::testing::timeWaitSocketCount(), wrong,
      all_correct ? "true" : "false");
  std::fflush(stdout);
}

/// --kind http: a share of the targets answer 200 at once, the rest accept and never answer.
void runHttpOnce(lecter::EpollProber& prober, std::size_t count, const Options& options) {
  const auto slow =
      static_cast<std::size_t>(std::llround(static_cast<double>(count) * options.hung_fraction));
  const std::size_t fast = count - slow;
  lecter::bench::HttpResponders answering(
      std::max<std::size_t>(1, (fast + kOpenTargetsPerListener - 1) / kOpenTargetsPerListener));
  lecter::bench::DeferredAcceptListeners silent(1);
  auto spec = std::make_shared<lecter::ProbeSpec>();
  spec->kind = lecter::ProbeKind::Http;
  std::vector<bool> is_slow(count, false);
  for (std::size_t i = 0; i < slow; ++i) is_slow[i] = true;
  std::shuffle(is_slow.begin(), is_slow.end(), std::mt19937(20240601));
  std::vector<ProbeTarget> targets;
  targets.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint16_t port =
        is_slow[i] ? silent.ports().front() : answering.ports()[i % answering.ports().size()];
    targets.emplace_back(*lecter::parseIpAddress(lecter::testing::loopbackAddress(i)), port, spec);
  }
  std::vector<double> wall_ms;
  std::chrono::microseconds thread_cpu{0};
  std::chrono::microseconds process_cpu{0};
  std::size_t wrong = 0;
  std::size_t peak = 0;
  for (std::size_t cycle = 0; cycle < options.cycles; ++cycle) {
    const TimedCycle timed = timedCycle(prober, targets, options.timeout);
    const std::vector<ProbeResult>& results = timed.results;
    wall_ms.push_back(millis(timed.wall));
    thread_cpu += timed.thread_cpu;
    process_cpu += timed.process_cpu;
    peak = std::max(peak, timed.stats.peak_in_flight);
    silent.drain();  // the never-answered connections go between cycles
    for (std::size_t i = 0; i < count; ++i) {
      const ProbeOutcome expected = is_slow[i] ? ProbeOutcome::Timeout : ProbeOutcome::Up;
      if (results[i].outcome == expected) continue;
      if (wrong++ == 0) {
        std::fprintf(stderr, "probe_bench: cycle %zu target %zu (%s:%u) expected %s, got %s (%s)\n", cycle, i,
                     targets[i].ip.text.c_str(), targets[i].port,
                     std::string(lecter::toString(expected)).c_str(),
                     std::string(lecter::toString(results[i].outcome)).c_str(), results[i].error.c_str());
      }
    }
  }
  std::sort(wall_ms.begin(), wall_ms.end());
  const double cycles = static_cast<double>(options.cycles);
  const double timeout_ms = static_cast<double>(options.timeout.count());
  std::printf(
      "{\"case\":\"http_slow_%zu_of_%zu\",\"kind\":\"http\",\"targets\":%zu,\"answering\":%zu,\"slow\":%zu,"
      "\"timeout_ms\":%lld,\"cycles\":%zu,\"peak_in_flight\":%zu,\"wall_ms_per_cycle\":%.1f,\"wall_ms_max\":%"
      ".1f,"
      "\"wall_per_timeout\":%.3f,\"cpu_ms_per_cycle\":%.1f,\"process_cpu_ms_per_cycle\":%.1f,\"max_rss_kb\":%"
      "ld,"
      "\"answered\":%zu,\"wrong_results\":%zu,\"all_correct\":%s}\n",
      slow, count, count, fast, slow, static_cast<long long>(options.timeout.count()), options.cycles, peak,
      median(wall_ms), wall_ms.back(), wall_ms.back() / timeout_ms, millis(thread_cpu) / cycles,
      millis(process_cpu) / cycles, maxRssKb(), answering.answered(), wrong, wrong == 0 ? "true" : "false");
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parseOptions(argc, argv);
  try {
    const lecter::SystemClock clock;
    lecter::EpollProber prober(clock, options.max_inflight);  // raises the open-file limit first
    for (const std::size_t count : options.targets) {
      if (options.http) {
        runHttpOnce(prober, count, options);
      } else {
        runOnce(prober, count, options);
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "probe_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
