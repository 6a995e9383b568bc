// bench/soak: the real lecter binary against the ApiServer fixture for thousands of cycles at a short
// interval, its targets (inside a network namespace) flapping at random from a seed, and the fixture
// injecting a fault now and then (a 500, a dropped connection, dropped or expired watches, a conflicting
// writer, a 429). It prints lecter's RSS, descriptors and threads after warm-up and at the end, the
// Redis transition stream's length, and the writes lecter made against the changes the fixture saw.
//
// One JSON line: a leak shows as end figures above the start ones; a redundant write as writes above
// changes. Needs root (the targets live in a network namespace, as in the end-to-end tests).

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_flags.h"
#include "lecter_config_writer.h"
#include "redis_reader.h"
#include "support/apiserver/apiserver_fixture.h"
#include "support/apiserver/yaml_to_json.h"
#include "support/common/occurrences.h"
#include "support/common/subprocess.h"
#include "support/common/temp_dir.h"
#include "support/netns/test_network.h"
#include "support/redis/redis_server.h"

namespace {

using lecter::testing::ApiServerFixture;
using lecter::testing::occurrences;
using nlohmann::json;

constexpr std::uint16_t kPort = 15432;
constexpr char kNamespace[] = "default";
constexpr char kName[] = "db";
constexpr char kToken[] = "soak-token";
constexpr char kRedisPassword[] = "soak-redis-pw";
constexpr char kKeyPrefix[] = "lecter-soak";

struct Options {
  int cycles = 5000;
  int warmup_cycles = 200;
  int interval_ms = 20;
  int targets = 6;
  unsigned seed = 1;
  int flip_every = 4;     // cycles between flips, on average
  int fault_every = 250;  // cycles between injected faults
};

constexpr char kProgram[] = "soak";

[[noreturn]] void usageError(const std::string& message) { lecter::bench::usageError(kProgram, message); }

int parseCount(const std::string& flag, const std::string& text, int min) {
  constexpr std::size_t kMax = 10'000'000;
  return static_cast<int>(
      lecter::bench::parseCount(kProgram, flag, text, static_cast<std::size_t>(min), kMax));
}

Options parseOptions(int argc, char** argv) {
  Options options;
  lecter::bench::forEachFlag(
      kProgram, argc, argv,
      "soak [--cycles N] [--warmup-cycles N] [--interval-ms MS] [--targets N] [--seed S] "
      "[--flip-every CYCLES] [--fault-every CYCLES]",
      [&options](const std::string& flag, const std::string& value) {
        if (flag == "--cycles") {
          options.cycles = parseCount(flag, value, 1);
        } else if (flag == "--warmup-cycles") {
          options.warmup_cycles = parseCount(flag, value, 1);
        } else if (flag == "--interval-ms") {
          options.interval_ms = parseCount(flag, value, 1);
        } else if (flag == "--targets") {
          options.targets = std::min(parseCount(flag, value, 2), 80);
        } else if (flag == "--seed") {
          options.seed = static_cast<unsigned>(parseCount(flag, value, 0));
        } else if (flag == "--flip-every") {
          options.flip_every = parseCount(flag, value, 1);
        } else if (flag == "--fault-every") {
          options.fault_every = parseCount(flag, value, 1);
        } else {
          usageError("unknown flag " + flag);
        }
      });
  return options;
}

/// What /proc says of a process now.
struct ProcessSample {
  long rss_kb = 0;
  int fds = 0;
  int threads = 0;
};

ProcessSample sampleProcess(pid_t pid) {
  ProcessSample sample;
  const std::string dir = "/proc/" + std::to_string(pid);
  std::ifstream status(dir + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) sample.rss_kb = std::atol(line.c_str() + 6);
    if (line.rfind("Threads:", 0) == 0) sample.threads = std::atoi(line.c_str() + 8);
  }
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator(dir + "/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
    ++sample.fds;
  return sample;
}

/// The faults the fixture injects in turn.
class FaultRotation {
 public:
  explicit FaultRotation(ApiServerFixture& api) : api_(api) {}

  /// Injects the next fault and says which.
  std::string injectNext() {
    const int kind = next_++ % 6;
    switch (kind) {
      case 0:
        api_.failNext(1, 500);
        return "500";
      case 1:
        api_.dropNext(1);
        return "drop";
      case 2:
        api_.dropWatches();
        return "drop_watches";
      case 3:
        api_.expireWatchHistory();
        return "expire_watches";
      case 4:
        api_.conflictOnNextPut(kNamespace, kName, "soak-writer", std::to_string(next_));
        return "conflict";
      default:
        api_.failNext(1, 429);
        return "429";
    }
  }

 private:
  ApiServerFixture& api_;
  int next_ = 0;
};

/// The ready and not-ready addresses an Endpoints body lists, as one comparable text.
std::string addressSetOf(const json& object) {
  std::set<std::string> entries;
  for (const auto& subset : object.value("subsets", json::array())) {
    // '+' and '-' prefixed by append: "+" + a temporary warns in GCC 12 at -O3 (-Wrestrict, false positive).
    for (const auto& a : subset.value("addresses", json::array()))
      entries.insert(std::string("+").append(a.value("ip", "")));
    for (const auto& a : subset.value("notReadyAddresses", json::array()))
      entries.insert(std::string("-").append(a.value("ip", "")));
  }
  std::string text;
  for (const auto& e : entries) text += e + " ";
  return text;
}

struct WriteFigures {
  int writes = 0;          // PUTs of the Endpoints the fixture took (200, or 201 for the first)
  int changes = 0;         // of those, how many changed the address set
  int failed_writes = 0;   // PUTs answered otherwise (injected faults, conflicts)
  int other_requests = 0;  // everything else: lists, watches, Services, Events
};

WriteFigures writeFigures(const ApiServerFixture& api) {
  const std::string path = std::string("/api/v1/namespaces/") + kNamespace + "/endpoints/" + kName;
  WriteFigures figures;
  std::string stored;  // the address set after the last write the fixture took
  for (const auto& request : api.requests()) {
    if (request.method != "PUT" || request.path != path) {
      ++figures.other_requests;
      continue;
    }
    if (request.status != 200 && request.status != 201) {
      ++figures.failed_writes;
      continue;
    }
    ++figures.writes;
    const std::string now = addressSetOf(lecter::testing::yamlToJson(request.body));
    if (now != stored) ++figures.changes;
    stored = now;
  }
  return figures;
}

lecter::testing::ApiServerOptions fixtureOptions() {
  lecter::testing::ApiServerOptions options;
  options.tokens = {kToken};
  return options;
}

class Soak {
 public:
  explicit Soak(const Options& options)
      : options_(options),
        random_(options.seed),
        api_(fixtureOptions()),
        redis_(kRedisPassword),
        faults_(api_) {
    token_file_ = dir_.write("token", std::string(kToken) + "\n");
    for (int i = 0; i < options.targets; ++i) {
      ips_.push_back(network_.addHost(i));
      network_.openListener(ips_.back(), kPort);
      open_.insert(ips_.back());
    }
  }

  int run() {
    lecter::testing::Subprocess lecter({LECTER_BINARY, "-f", writeConfig(), "--log-level", "debug"},
                                       dir_.path());
    auto cycles = [&] { return occurrences(lecter.err(), "cycle over:"); };
    const auto started = std::chrono::steady_clock::now();
    if (!waitFor(lecter, [&] { return cycles() >= static_cast<std::size_t>(options_.warmup_cycles); }))
      return fail(lecter, "lecter did not finish its warm-up cycles");
    const ProcessSample start = sampleProcess(lecter.pid());
    const std::size_t start_cycle = cycles();

    int flips = 0;
    int faults = 0;
    std::map<std::string, int> fault_kinds;
    std::size_t next_fault = start_cycle + static_cast<std::size_t>(options_.fault_every);
    std::vector<long> rss_series;
    std::size_t next_sample = start_cycle + 1000;
    std::uniform_int_distribution<int> gap(1, 2 * options_.flip_every - 1);
    std::uniform_int_distribution<std::size_t> pick(0, ips_.size() - 1);
    for (std::size_t now = cycles(); now < start_cycle + static_cast<std::size_t>(options_.cycles);
         now = cycles()) {
      const std::size_t until = now + static_cast<std::size_t>(gap(random_));
      if (!waitFor(lecter, [&] { return cycles() >= until; })) return fail(lecter, "lecter stopped cycling");
      flip(ips_[pick(random_)]);
      ++flips;
      if (until >= next_fault) {
        ++fault_kinds[faults_.injectNext()];
        ++faults;
        next_fault += static_cast<std::size_t>(options_.fault_every);
      }
      if (until >= next_sample) {
        rss_series.push_back(sampleProcess(lecter.pid()).rss_kb);
        next_sample += 1000;
      }
    }
    api_.clearFaults();
    const bool converged = waitFor(lecter, [&] { return readyNow() == open_; });
    const ProcessSample end = sampleProcess(lecter.pid());
    const std::size_t end_cycle = cycles();

    const auto stop_asked = std::chrono::steady_clock::now();
    lecter.signal(SIGTERM);
    const auto exit_code = lecter.wait(std::chrono::seconds(10));
    const auto stop_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - stop_asked)
            .count();
    const std::string log = lecter.err();
    const WriteFigures writes = writeFigures(api_);
    const auto stream = lecter::testing::RedisReader(redis_.host(), redis_.port(), kRedisPassword)
                            .stream(std::string(kKeyPrefix) + ":transitions");

    std::ostringstream faults_text;
    for (const auto& [kind, n] : fault_kinds)
      faults_text << (faults_text.tellp() > 0 ? "," : "") << '"' << kind << "\":" << n;
    std::ostringstream series;
    for (const long kb : rss_series) series << (series.tellp() > 0 ? "," : "") << kb;
    const auto ratio = [](long a, long b) {
      return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b);
    };
    std::printf(
        "{\"cycles\":%zu,\"interval_ms\":%d,\"targets\":%d,\"seed\":%u,\"wall_s\":%.1f,"
        "\"flips\":%d,\"faults\":%d,\"fault_kinds\":{%s},"
        "\"rss_kb_start\":%ld,\"rss_kb_end\":%ld,\"rss_end_over_start\":%.3f,\"rss_kb_every_1000_cycles\":[%"
        "s],"
        "\"fds_start\":%d,\"fds_end\":%d,\"threads_start\":%d,\"threads_end\":%d,"
        "\"transitions_in_redis\":%zu,\"transitions_logged\":%zu,"
        "\"writes\":%d,\"changes_seen_by_apiserver\":%d,\"redundant_writes\":%d,\"failed_writes\":%d,"
        "\"wrote_lines_logged\":%zu,\"other_requests\":%d,\"converged\":%s,\"crashes\":%zu,"
        "\"stop_ms\":%lld,\"exit_code\":%d}\n",
        end_cycle - start_cycle, options_.interval_ms, options_.targets, options_.seed,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(), flips, faults,
        faults_text.str().c_str(), start.rss_kb, end.rss_kb, ratio(end.rss_kb, start.rss_kb),
        series.str().c_str(), start.fds, end.fds, start.threads, end.threads, stream ? stream->size() : 0U,
        occurrences(log, std::string("target ") + kName + " node-"), writes.writes, writes.changes,
        writes.writes - writes.changes, writes.failed_writes, occurrences(log, "wrote endpoints "),
        writes.other_requests, converged ? "true" : "false", occurrences(log, "Sanitizer"),
        static_cast<long long>(stop_ms), exit_code.value_or(-1));
    const bool ok = converged && exit_code == 0 && writes.writes == writes.changes;
    return ok ? 0 : 1;
  }

 private:
  std::string writeConfig() const {
    lecter::testing::LecterSettings s;
    s.interval_ms = options_.interval_ms;
    s.ping_timeout_ms = 200;
    s.url = api_.url();
    s.ca_file = api_.caFile();
    s.token_file = token_file_;
    s.redis = lecter::testing::RedisUnderTest{redis_.host() + ":" + std::to_string(redis_.port()),
                                              kRedisPassword, 0, kKeyPrefix};
    lecter::testing::ServiceUnderTest service;
    service.key = kName;
    service.ns = kNamespace;
    service.name = kName;
    service.port = kPort;
    service.ips = ips_;
    s.services.push_back(service);
    return dir_.write("config.yaml", lecter::testing::renderConfig(s));
  }

  /// Opens a closed target or closes an open one; the last open one stays open, another opens instead.
  void flip(const std::string& ip) {
    if (!open_.contains(ip)) {
      network_.openListener(ip, kPort);
      open_.insert(ip);
    } else if (open_.size() > 1) {
      network_.closeListener(ip, kPort);
      open_.erase(ip);
    } else {
      for (const auto& other : ips_) {
        if (open_.contains(other)) continue;
        network_.openListener(other, kPort);
        open_.insert(other);
        break;
      }
    }
  }

  [[nodiscard]] std::set<std::string> readyNow() const {
    const auto ready = api_.readyIps(kNamespace, kName);
    return {ready.begin(), ready.end()};
  }

  /// Polls `done` while lecter runs, for at most 30 s (a real process cannot be driven by a clock).
  static bool waitFor(lecter::testing::Subprocess& lecter, const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      if (done()) return true;
      if (!lecter.running()) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
  }

  static int fail(lecter::testing::Subprocess& lecter, const std::string& why) {
    const std::string log = lecter.err();
    std::fprintf(stderr, "soak: %s; lecter's log ends:\n%s\n", why.c_str(),
                 log.substr(log.size() > 4000 ? log.size() - 4000 : 0).c_str());
    return 1;
  }

  Options options_;
  std::mt19937 random_;
  lecter::testing::TempDir dir_;
  lecter::testing::TestNetwork network_;
  ApiServerFixture api_;
  lecter::testing::RedisServer redis_;
  FaultRotation faults_;
  std::string token_file_;
  std::vector<std::string> ips_;
  std::set<std::string> open_;
};

}  // namespace

int main(int argc, char** argv) {
  const Options options = parseOptions(argc, argv);
  if (const auto why = lecter::testing::TestNetwork::unavailableReason()) {
    std::fprintf(stderr, "soak: needs a network namespace for its targets: %s\n", why->c_str());
    return 2;
  }
  try {
    Soak soak(options);
    return soak.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "soak: %s\n", e.what());
    return 1;
  }
}
