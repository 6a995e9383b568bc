#pragma once
/// Everything built from one Config: the real prober, ApiServer client, state store and reconciler.
/// The only place that names the concrete types. A config reload builds a new Runtime.

#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "lecter/app/unreachable_api_server.h"
#include "lecter/base/clock.h"
#include "lecter/config/config.h"
#include "lecter/coord/vote_board.h"
#include "lecter/kube/caching_kube_client.h"
#include "lecter/kube/dry_run_calls.h"
#include "lecter/kube/http_client.h"
#include "lecter/kube/rate_limited_calls.h"
#include "lecter/kube/rest_kube_client.h"
#include "lecter/kube/token_source.h"
#include "lecter/kube/watch_cache.h"
#include "lecter/obs/liveness.h"
#include "lecter/obs/metrics.h"
#include "lecter/probe/prober.h"
#include "lecter/reconcile/reconciler.h"
#include "lecter/store/state_store.h"

namespace lecter {

/// Something the config points to cannot be used (token, CA, in-cluster address). Exit code 2.
class StartupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RunOptions {
  bool once = false;
  bool dry_run = false;
  int interrupt_fd = -1;              // readable when a signal waits: cuts probing short
  std::function<bool()> interrupted;  // true when a signal waits: skips the rest of a cycle
  /// True once SIGTERM/SIGINT waits: ApiServer requests in flight are abandoned, no new one is sent.
  std::function<bool()> stopping;
  /// Sleeps a retry's backoff, cut short by a stop (ReconcileOptions::pause).
  std::function<void(std::chrono::milliseconds)> pause;
  /// Told of every ApiServer answer (lecter_apiserver_requests_total, /readyz); none: not told. They
  /// outlive every Runtime (a reload keeps them).
  Metrics* metrics = nullptr;
  Liveness* liveness = nullptr;
  /// ReconcileOptions::may_write: whether this replica leads (kubernetes_conf.leader_election); empty:
  /// it always writes.
  std::function<bool()> may_write;
  /// ReconcileOptions::owns: whether this replica holds the service's shard (kubernetes_conf.shards);
  /// empty: every service is its own.
  std::function<bool(const ServiceSpec&)> owns;
  /// This replica's leader_election identity and its Lease's "namespace/name", which names the views
  /// of leader_election.quorum; empty without an election (no quorum then).
  std::string voter_identity;
  std::string vote_board;
};

/// Where the ApiServer is and how to trust it, resolved from the config and the environment.
struct ApiServerAccess {
  std::string url;
  TlsOptions tls;
  /// Where url, TLS and credentials came from, for the log: "kubernetes_conf.url", "in cluster" or
  /// "kubeconfig PATH (context …)". Holds no secret.
  std::string source;
  std::vector<std::string> token_paths;  // the bearer token is read from the first existing one
  std::string token;  // a kubeconfig's inline token, used instead of token_paths (secret: never logged)
  std::vector<std::string> problems;  // what is missing; errors at run time, warnings for --check/--dry-run
  std::vector<std::string> warnings;  // always only warnings (e.g. TLS verification off)
};

/// Resolves url, CA and credentials without connecting: `url` when set; else in cluster when in a pod
/// ($KUBERNETES_SERVICE_HOST); else from a kubeconfig (kubernetes_conf.kubeconfig, $KUBECONFIG,
/// ~/.kube/config).
ApiServerAccess resolveApiServerAccess(const Config& config);

/// The bearer token's source for `access`: its inline token, else the first token file found.
std::unique_ptr<TokenSource> makeTokenSource(const ApiServerAccess& access, const Clock& clock);
/// RestKubeOptions::on_answer counting each answer in `metrics` and telling `liveness` of those that
/// show the ApiServer there; either may be null.
std::function<void(const std::string&, long, std::chrono::microseconds)> apiServerAnswerHook(
    Metrics* metrics, Liveness* liveness);

class Runtime {
 public:
  /// Builds the real parts. Throws StartupError when something needed is missing (except with
  /// --dry-run, where it is a warning and the ApiServer is treated as unreachable).
  Runtime(Config config, const RunOptions& options, const Clock& clock);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  [[nodiscard]] const Config& config() const { return config_; }
  Reconciler& reconciler() { return *reconciler_; }
  /// --dry-run's sink (why live objects were unknown); null otherwise.
  DryRunCalls* dryRun() { return dry_run_.get(); }

 private:
  void startWatchCache(const ApiServerAccess& access, KubeCalls& calls, ServicesApi& services,
                       Metrics* metrics);

  Config config_;
  std::unique_ptr<Prober> prober_;
  std::unique_ptr<TokenSource> tokens_;
  std::unique_ptr<HttpClient> http_;
  // The direct client, or its stand-in when a dry run has no ApiServer.
  std::unique_ptr<RestKubeClient> rest_;
  std::unique_ptr<RateLimitedCalls> rate_limited_;  // kubernetes_conf.qps and burst, in front of rest_
  std::unique_ptr<UnreachableApiServer> unreachable_;
  // kubernetes_conf.watch (not with --once or --dry-run): list + watch caches, read through cached_kube_.
  // Destroyed before rest_, http_ and tokens_: their threads are stopped and joined first.
  std::unique_ptr<WatchCache> watch_;
  std::unique_ptr<CachingKubeClient> cached_kube_;
  std::unique_ptr<DryRunCalls> dry_run_;
  std::unique_ptr<StateStore> store_;
  std::unique_ptr<VoteBoard> votes_;  // leader_election.quorum
  std::unique_ptr<Reconciler> reconciler_;
};

}  // namespace lecter
