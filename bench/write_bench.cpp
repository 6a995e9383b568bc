// bench/write_bench: the real reconciler (plan, concurrent apply, watch caches, RestKubeClient over
// libcurl) against the project's ApiServer fixture over HTTPS, which answers every write after a delay
// (--write-delay-ms, 5 ms by default: what a real ApiServer with etcd takes on a small machine). N
// services are written once and settle; after a quiet spell (the rate limiter's burst filled again)
// every service loses half its targets in the same cycle.
// For that cycle it prints one JSON line per mode and max_concurrent_writes: write_ms from the first
// write sent to the last write answered, the requests the fixture saw, the HTTP version spoken.
//
// The probes are scripted (no sockets): this measures the writes, not the prober (probe_bench does).

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench_flags.h"
#include "lecter/kube/caching_kube_client.h"
#include "lecter/kube/curl_http_client.h"
#include "lecter/kube/rate_limited_calls.h"
#include "lecter/kube/rest_kube_client.h"
#include "lecter/kube/token_source.h"
#include "lecter/kube/watch_cache.h"
#include "lecter/obs/log.h"
#include "lecter/reconcile/reconciler.h"
#include "lecter/store/memory_state_store.h"
#include "support/apiserver/apiserver_fixture.h"

namespace {

using lecter::testing::ApiServerFixture;
using nlohmann::json;
using Steady = std::chrono::steady_clock;

constexpr char kProgram[] = "write_bench";
constexpr char kNamespace[] = "default";
constexpr char kToken[] = "bench-token";
constexpr std::uint16_t kPort = 5432;
constexpr int kTargetsPerService = 4;

struct Options {
  std::vector<std::size_t> services{1000};
  std::vector<std::string> modes{"endpoints", "endpointslice"};
  std::vector<std::size_t> concurrency{1, 16};
  int write_delay_ms = 5;
  int qps = 1000;  // kubernetes_conf.qps and burst: the defaults
  int burst = 1000;
};

Options parseOptions(int argc, char** argv) {
  Options options;
  lecter::bench::forEachFlag(
      kProgram, argc, argv,
      "write_bench [--services N[,N…]] [--mode endpoints|endpointslice|both] "
      "[--max-concurrent-writes N[,N…]] [--write-delay-ms MS] [--qps N] [--burst N]",
      [&options](const std::string& flag, const std::string& value) {
        if (flag == "--services") {
          options.services = lecter::bench::parseCounts(kProgram, flag, value, 1, 100000);
        } else if (flag == "--max-concurrent-writes") {
          options.concurrency = lecter::bench::parseCounts(kProgram, flag, value, 1, 1024);
        } else if (flag == "--mode") {
          if (value == "both") {
            options.modes = {"endpoints", "endpointslice"};
          } else if (value == "endpoints" || value == "endpointslice") {
            options.modes = {value};
          } else {
            lecter::bench::usageError(
                kProgram, "--mode: expected endpoints, endpointslice or both, got '" + value + "'");
          }
        } else if (flag == "--qps" || flag == "--burst") {
          (flag == "--qps" ? options.qps : options.burst) =
              static_cast<int>(lecter::bench::parseCount(kProgram, flag, value, 1, 1000000));
        } else if (flag == "--write-delay-ms") {
          options.write_delay_ms =
              static_cast<int>(lecter::bench::parseCount(kProgram, flag, value, 0, 10000));
        } else {
          lecter::bench::usageError(kProgram, "unknown flag " + flag);
        }
      });
  return options;
}

/// Probe outcomes set by the bench.
class ScriptedProber final : public lecter::Prober {
 public:
  void setDown(std::vector<std::string> down) { down_ = std::move(down); }
  using lecter::Prober::probeAll;
  std::vector<lecter::ProbeResult> probeAll(const std::vector<lecter::ProbeTarget>& targets,
                                            std::chrono::milliseconds, lecter::ProbeCycleStats&) override {
    std::vector<lecter::ProbeResult> results;
    results.reserve(targets.size());
    for (const auto& target : targets) {
      const bool down = std::find(down_.begin(), down_.end(), target.ip.text) != down_.end();
      results.push_back(lecter::ProbeResult{down ? lecter::ProbeOutcome::Refused : lecter::ProbeOutcome::Up,
                                            std::chrono::microseconds(100),
                                            down ? "Connection refused" : ""});
    }
    return results;
  }

 private:
  std::vector<std::string> down_;
};

/// The ApiServer client's HTTP, timed: when the first write went out and the last one was answered.
class TimedHttp final : public lecter::HttpClient {
 public:
  explicit TimedHttp(lecter::HttpClient& inner) : inner_(inner) {}
  lecter::HttpResponse send(const lecter::HttpRequest& request) override { return inner_.send(request); }
  void start(const lecter::HttpRequest& request, lecter::HttpDone done) override {
    const bool write = request.method != "GET";
    if (write && !first_write_) first_write_ = Steady::now();
    inner_.start(request, [this, write, done = std::move(done)](lecter::HttpResponse response) {
      if (write) last_answer_ = Steady::now();
      if (!response.http_version.empty()) version_ = response.http_version;
      done(std::move(response));
    });
  }
  std::size_t poll(std::chrono::milliseconds max_wait) override { return inner_.poll(max_wait); }

  void reset() {
    first_write_.reset();
    last_answer_.reset();
  }
  [[nodiscard]] double writeMs() const {
    if (!first_write_ || !last_answer_) return 0;
    return std::chrono::duration<double, std::milli>(*last_answer_ - *first_write_).count();
  }
  [[nodiscard]] const std::string& version() const { return version_; }

 private:
  lecter::HttpClient& inner_;
  std::optional<Steady::time_point> first_write_;
  std::optional<Steady::time_point> last_answer_;
  std::string version_;
};

/// CPU time of the calling thread (the reconciler's: the cycle's own cost, without the fixture's).
double threadCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1000.0 + static_cast<double>(t.tv_nsec) / 1e6;
}

std::string serviceName(std::size_t i) {
  char name[32];
  std::snprintf(name, sizeof name, "svc-%05zu", i);
  return name;
}

std::string targetIp(std::size_t service, int target) {
  const std::size_t n = service * kTargetsPerService + static_cast<std::size_t>(target);
  return "198.18." + std::to_string(n / 250) + "." + std::to_string(n % 250 + 1);
}

lecter::Config benchConfig(std::size_t services, const std::string& mode, std::size_t concurrency,
                           const std::string& url) {
  lecter::Config config;
  config.interval = std::chrono::milliseconds(1000);
  config.ping_timeout = std::chrono::milliseconds(500);
  config.kubernetes.url = url;
  config.kubernetes.endpoint_api = "/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints";
  config.kubernetes.content_type = "application/json";
  config.kubernetes.mode =
      mode == "endpointslice" ? lecter::SyncMode::EndpointSlice : lecter::SyncMode::Endpoints;
  config.kubernetes.max_concurrent_writes = concurrency;
  for (std::size_t i = 0; i < services; ++i) {
    lecter::ServiceSpec service{serviceName(i),        kNamespace, serviceName(i), kPort, {}, {},
                                lecter::ReadyWhen::All};
    for (int t = 0; t < kTargetsPerService; ++t) {
      const std::string ip = targetIp(i, t);
      service.targets.push_back(
          lecter::TargetSpec{"node-" + std::to_string(t), *lecter::parseIpAddress(ip), kPort});
    }
    config.services.push_back(std::move(service));
  }
  config.endpoint_template = json::parse(R"({"kind":"Endpoints","apiVersion":"v1",
      "metadata":{"name":"x","namespace":"default"},
      "subsets":[{"addresses":[{"ip":"10.0.0.1"}],"ports":[{"name":"pg","port":5432,"protocol":"TCP"}]}]})");
  return config;
}

/// One run: a fresh fixture, the objects written and settled, then the cycle that is measured.
void runOnce(std::size_t services, const std::string& mode, std::size_t concurrency, const Options& options) {
  const int write_delay_ms = options.write_delay_ms;
  // A connection per write in flight (HTTP/1.1), the watches beside them.
  ApiServerFixture api(lecter::testing::ApiServerOptions{
      true, {kToken}, {}, false, {"lecter"}, std::chrono::milliseconds(100), concurrency + 16});
  for (std::size_t i = 0; i < services; ++i) {
    api.putService(kNamespace, serviceName(i),
                   json{{"spec", {{"ports", {{{"name", "pg"}, {"port", kPort}}}}}}});
  }
  lecter::Config config = benchConfig(services, mode, concurrency, api.url());
  config.kubernetes.qps = options.qps;
  config.kubernetes.burst = options.burst;
  lecter::TlsOptions tls;
  tls.ca_file = api.caFile();
  lecter::StaticTokenSource tokens(kToken);
  lecter::CurlHttpClient curl(api.url(), tls);
  TimedHttp http(curl);
  lecter::RestKubeOptions rest_options;
  rest_options.content_type = config.kubernetes.content_type;
  lecter::RestKubeClient rest(http, tokens, rest_options);
  lecter::SystemClock clock;
  lecter::RateLimitedCalls limited(
      rest, clock, lecter::RateLimit{static_cast<double>(config.kubernetes.qps), config.kubernetes.burst},
      [](std::chrono::milliseconds wait) { std::this_thread::sleep_for(wait); });
  const auto make_http = [&api, tls] { return std::make_unique<lecter::CurlHttpClient>(api.url(), tls); };
  lecter::WatchCache watch(
      lecter::watchedCollectionsFor({kNamespace}, mode == "endpointslice", config.kubernetes.endpoint_api),
      make_http, tokens);
  lecter::CachingKubeClient cached(limited, rest, watch.caches());
  ScriptedProber prober;
  lecter::MemoryStateStore store;
  lecter::Reconciler reconciler(config, prober, lecter::ApiServer{cached, cached, rest}, store, clock, {});

  // Written once with every target up, then cycles until one writes nothing: the caches hold it all.
  for (int settle = 0; settle < 20; ++settle) {
    bool wrote = false;
    for (const auto& s : reconciler.runCycle().services)
      wrote = wrote || s.outcome != lecter::SyncOutcome::InSync;
    if (!wrote && settle > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }

  // The measured cycle is the first change after a quiet spell, as a mass failure is: the rate limiter
  // has filled its burst again since the settling writes.
  std::this_thread::sleep_for(
      std::chrono::duration<double>(std::min(static_cast<double>(options.burst) / options.qps, 10.0)));

  std::vector<std::string> down;
  for (std::size_t i = 0; i < services; ++i) {
    for (int t = 0; t < kTargetsPerService / 2; ++t) down.push_back(targetIp(i, t));
  }
  prober.setDown(down);
  api.delayWrites(std::chrono::milliseconds(write_delay_ms));
  api.clearRequests();
  http.reset();
  const double cpu_before = threadCpuMs();
  const auto wall_before = Steady::now();
  const lecter::CycleReport report = reconciler.runCycle();
  const double cycle_cpu_ms = threadCpuMs() - cpu_before;
  const double cycle_ms = std::chrono::duration<double, std::milli>(Steady::now() - wall_before).count();
  std::size_t written = 0;
  std::size_t failed = 0;
  for (const auto& s : report.services) {
    written += s.outcome == lecter::SyncOutcome::Written ? 1 : 0;
    failed += s.outcome == lecter::SyncOutcome::Failed ? 1 : 0;
  }
  std::printf(
      "{\"services\":%zu,\"mode\":\"%s\",\"max_concurrent_writes\":%zu,\"write_delay_ms\":%d,"
      "\"qps\":%d,\"burst\":%d,\"write_ms\":%.1f,\"cycle_ms\":%.1f,\"cycle_cpu_ms\":%.1f,\"requests\":%zu,"
      "\"written\":%zu,\"failed\":"
      "%zu,\"http_version\":\"%s\"}\n",
      services, mode.c_str(), concurrency, write_delay_ms, options.qps, options.burst, http.writeMs(),
      cycle_ms, cycle_cpu_ms, api.requestCount(), written, failed, http.version().c_str());
  std::fflush(stdout);
  api.delayWrites(std::chrono::milliseconds(0));
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parseOptions(argc, argv);
  lecter::log::setup("error");
  for (const auto services : options.services) {
    for (const auto& mode : options.modes) {
      for (const auto concurrency : options.concurrency) runOnce(services, mode, concurrency, options);
    }
  }
  return 0;
}
