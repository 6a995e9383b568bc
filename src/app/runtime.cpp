#include "lecter/app/runtime.h"

#include <cstdlib>
#include <filesystem>
#include <utility>

#include "kubeconfig_access.h"
#include "lecter/base/file_reading.h"
#include "lecter/kube/caching_kube_client.h"
#include "lecter/kube/curl_http_client.h"
#include "lecter/kube/dry_run_calls.h"
#include "lecter/kube/rate_limited_calls.h"
#include "lecter/kube/rest_kube_client.h"
#include "lecter/obs/log.h"
#include "lecter/obs/secrets.h"
#include "lecter/probe/epoll_prober.h"
#include "lecter/store/memory_state_store.h"
#include "lecter/store/redis_state_store.h"
#include "lecter/store/redis_vote_board.h"

namespace lecter {

namespace {

constexpr const char* kInClusterCa = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt";

bool exists(const std::string& path) {
  std::error_code ignored;
  return std::filesystem::exists(path, ignored);
}

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace

ApiServerAccess resolveApiServerAccess(const Config& config) {
  const KubernetesConfig& k = config.kubernetes;
  ApiServerAccess access;
  access.url = k.url;
  access.source = "kubernetes_conf.url";
  if (access.url.empty()) {
    const std::string host = env("KUBERNETES_SERVICE_HOST");
    const std::string port = env("KUBERNETES_SERVICE_PORT");
    // Not in a pod: like kubectl, from a kubeconfig.
    if (host.empty() || port.empty()) return accessFromKubeconfig(k, env("KUBECONFIG"), env("HOME"));
    access.url = "https://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + port;
    access.source = "in cluster ($KUBERNETES_SERVICE_HOST)";
  }
  access.token_paths = k.token_paths;
  access.tls.insecure_skip_verify = k.insecure_skip_tls_verify;
  if (k.insecure_skip_tls_verify) {
    access.warnings.push_back(
        "kubernetes_conf.insecure_skip_tls_verify is true: the ApiServer's certificate is NOT verified");
  }
  if (!k.ca_file.empty()) {
    access.tls.ca_file = k.ca_file;
    if (const auto problem = regularFileProblem(k.ca_file))
      access.problems.push_back("kubernetes_conf.ca_file: " + k.ca_file + " " + *problem);
  } else if (exists(kInClusterCa)) {
    access.tls.ca_file = kInClusterCa;
  }
  bool token_found = false;
  for (const auto& path : k.token_paths) token_found = token_found || exists(path);
  if (!token_found) {
    std::string tried;
    for (const auto& path : k.token_paths) tried += (tried.empty() ? "" : ", ") + path;
    access.problems.push_back("kubernetes_conf.token_file: no token file found (tried " + tried + ")");
  }
  return access;
}

std::unique_ptr<TokenSource> makeTokenSource(const ApiServerAccess& access, const Clock& clock) {
  // An inline kubeconfig token, or none at all when a client certificate authenticates.
  if (!access.token.empty() || access.token_paths.empty())
    return std::make_unique<StaticTokenSource>(access.token);
  return std::make_unique<FileTokenSource>(access.token_paths, clock);
}

std::function<void(const std::string&, long, std::chrono::microseconds)> apiServerAnswerHook(
    Metrics* metrics, Liveness* liveness) {
  return [metrics, liveness](const std::string& method, long status, std::chrono::microseconds elapsed) {
    if (metrics != nullptr) {
      metrics->countApiServerRequest(method, static_cast<int>(status),
                                     std::chrono::duration<double>(elapsed).count());
    }
    // An answer that shows the ApiServer is there and lets lecter in.
    const bool answered = (status >= 200 && status < 300) || status == 404 || status == 409;
    if (liveness != nullptr && answered) liveness->apiServerAnswered();
  };
}

Runtime::Runtime(Config config, const RunOptions& options, const Clock& clock) : config_(std::move(config)) {
  auto prober = std::make_unique<EpollProber>(clock, config_.max_inflight);
  prober->setInterruptFd(options.interrupt_fd);
  prober_ = std::move(prober);

  const ApiServerAccess access = resolveApiServerAccess(config_);
  for (const auto& w : access.warnings) log::warn("{}", w);
  if (!access.problems.empty()) {
    if (!options.dry_run) throw StartupError(access.problems.front());
    for (const auto& p : access.problems) log::warn("{} (dry run goes on)", p);
  }
  if (!access.url.empty()) log::info("ApiServer {} (from {})", access.url, access.source);
  tokens_ = makeTokenSource(access, clock);
  KubeCalls* calls = nullptr;
  ServicesApi* services = nullptr;
  EventsApi* events = nullptr;
  if (access.url.empty()) {
    unreachable_ = std::make_unique<UnreachableApiServer>("no ApiServer configured");
    calls = unreachable_.get();
    services = unreachable_.get();
    events = unreachable_.get();
  } else {
    http_ = std::make_unique<CurlHttpClient>(access.url, access.tls, options.stopping);
    RestKubeOptions rest;
    rest.endpoint_api = config_.kubernetes.endpoint_api;
    rest.content_type = config_.kubernetes.content_type;
    rest.clock = &clock;
    rest.on_answer = apiServerAnswerHook(options.metrics, options.liveness);
    rest_ = std::make_unique<RestKubeClient>(*http_, *tokens_, rest);
    const RateLimit limit{static_cast<double>(config_.kubernetes.qps), config_.kubernetes.burst};
    rate_limited_ = std::make_unique<RateLimitedCalls>(*rest_, clock, limit, options.pause, options.stopping);
    calls = rate_limited_.get();
    services = rest_.get();
    events = rest_.get();
    if (config_.kubernetes.watch && !options.once && !options.dry_run) {
      startWatchCache(access, *calls, *services, options.metrics);
      calls = cached_kube_.get();
      services = cached_kube_.get();
    }
  }
  if (options.dry_run) {
    dry_run_ = std::make_unique<DryRunCalls>(*calls);
    calls = dry_run_.get();
    events = dry_run_.get();
  }

  if (config_.redis) secrets::remember(config_.redis->password);
  // A dry run records nothing outside: its state stays in memory.
  if (config_.redis && !options.dry_run) {
    store_ = std::make_unique<RedisStateStore>(*config_.redis, clock);
  } else {
    store_ = std::make_unique<MemoryStateStore>();
  }

  ReconcileOptions reconcile;
  reconcile.interrupted = options.interrupted;
  reconcile.stopping = options.stopping;
  reconcile.pause = options.pause;
  reconcile.may_write = options.may_write;
  reconcile.owns = options.owns;
  if (config_.kubernetes.leader_election.quorum && config_.redis && !options.dry_run) {
    if (options.voter_identity.empty()) {
      log::warn(
          "kubernetes_conf.leader_election.quorum: leader election is off, so there is no vote: each "
          "replica's own probes decide");
    } else {
      votes_ = std::make_unique<RedisVoteBoard>(*config_.redis, options.vote_board, clock);
      reconcile.votes = votes_.get();
      reconcile.voter_identity = options.voter_identity;
      // "Reported within the last two intervals", and a cycle may spend a probe timeout before it
      // reports.
      reconcile.vote_ttl = 2 * config_.interval + config_.ping_timeout;
    }
  }
  reconciler_ = std::make_unique<Reconciler>(config_, *prober_, ApiServer{*calls, *services, *events},
                                             *store_, clock, reconcile);
}

void Runtime::startWatchCache(const ApiServerAccess& access, KubeCalls& calls, ServicesApi& services,
                              Metrics* metrics) {
  std::vector<std::string> namespaces;
  for (const auto& service : config_.services) namespaces.push_back(service.ns);
  // Each watch thread has a client of its own: CurlHttpClient is not thread-safe.
  auto make_http = [access] { return std::make_unique<CurlHttpClient>(access.url, access.tls); };
  watch_ = std::make_unique<WatchCache>(
      watchedCollectionsFor(namespaces, config_.kubernetes.mode == SyncMode::EndpointSlice,
                            config_.kubernetes.endpoint_api),
      make_http, *tokens_, realPacing, ListWatchTiming{},
      [metrics](std::string_view resource, std::string_view reason) {
        if (metrics != nullptr) metrics->countWatchRestart(resource, reason);
      });
  cached_kube_ = std::make_unique<CachingKubeClient>(calls, services, watch_->caches());
}

Runtime::~Runtime() = default;

}  // namespace lecter
