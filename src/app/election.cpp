#include "election.h"

#include <random>

#include "lecter/base/file_reading.h"
#include "lecter/base/host_name.h"
#include "lecter/base/one_line.h"
#include "lecter/coord/shard_plan.h"
#include "lecter/kube/curl_http_client.h"
#include "lecter/obs/log.h"

namespace lecter {
namespace {

constexpr const char* kPodNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
constexpr std::size_t kNamespaceFileLimit = 4096;

std::string randomSuffix() {
  std::random_device device;
  std::uniform_int_distribution<int> digit(0, 15);
  std::string suffix;
  for (int i = 0; i < 8; ++i) suffix += "0123456789abcdef"[digit(device)];
  return suffix;
}

/// Half of renew_deadline, between 1 s and 10 s: a renewal that hangs gives way to the next try
/// while the lease is still held.
std::chrono::milliseconds leaseRequestTimeout(const LeaderElectionConfig& election) {
  return std::clamp(election.renew_deadline / 2, std::chrono::milliseconds(1000),
                    std::chrono::milliseconds(10000));
}

}  // namespace

std::string electionIdentity(const LeaderElectionConfig& election) {
  if (!election.identity.empty()) return election.identity;
  return hostName() + "_" + randomSuffix();
}

std::string electionNamespace(const LeaderElectionConfig& election) {
  if (!election.ns.empty()) return election.ns;
  const FileRead file = readRegularFile(kPodNamespaceFile, kNamespaceFileLimit);
  if (file.ok()) {
    if (std::string ns = trimmed(file.content); !ns.empty()) return ns;
  }
  return "default";
}

Election::Election(const Config& config, const Clock& clock, Metrics* metrics, Liveness* liveness)
    : metrics_(metrics) {
  const LeaderElectionConfig& election = config.kubernetes.leader_election;
  const ApiServerAccess access = resolveApiServerAccess(config);
  if (access.url.empty())
    throw StartupError("kubernetes_conf.leader_election: no ApiServer to hold a Lease in");
  if (!access.problems.empty()) throw StartupError(access.problems.front());
  tokens_ = makeTokenSource(access, clock);
  http_ = std::make_unique<CurlHttpClient>(access.url, access.tls, [this] { return abandon_.load(); });
  RestKubeOptions rest;
  rest.timeout = leaseRequestTimeout(election);
  rest.clock = &clock;
  rest.on_answer = apiServerAnswerHook(metrics, liveness);
  rest_ = std::make_unique<RestKubeClient>(*http_, *tokens_, rest);
  const ObjectRef lease{electionNamespace(election), election.name};
  const LeaseTimings timings{election.lease_duration, election.renew_deadline, election.retry_period};
  elector_ = std::make_unique<LeaderElector>(*rest_, lease, electionIdentity(election), timings, clock);
  if (config.kubernetes.shards > 1) {
    shards_ = std::make_unique<ShardElector>(
        *rest_,
        ShardElectorSettings{lease.ns, election.name, elector_->identity(),
                             static_cast<std::size_t>(config.kubernetes.shards), timings},
        clock);
    log::info(
        "shards: {} shards as Leases {}/{}-shard-0…{} (lease {} ms, renew deadline {} ms, retry every {} "
        "ms); "
        "this replica ({}) probes and writes the services of the shards it holds",
        config.kubernetes.shards, lease.ns, election.name, config.kubernetes.shards - 1,
        timings.lease_duration.count(), timings.renew_deadline.count(), timings.retry_period.count(),
        elector_->identity());
    return;
  }
  log::info(
      "leader election: lease {}/{} as {} (lease {} ms, renew deadline {} ms, retry every {} ms); only the "
      "holder writes and alerts",
      lease.ns, lease.name, elector_->identity(), timings.lease_duration.count(),
      timings.renew_deadline.count(), timings.retry_period.count());
}

Election::~Election() {
  abandon_ = true;
  if (shards_) shards_->stop();
  elector_->stop();
}

bool Election::owns(const ServiceSpec& service) const {
  if (!shards_) return true;
  return shards_->owns(shardOf(service.ns, service.name, shards_->shards()));
}

void Election::cycleStarted() {
  if (shards_) shards_->cycleStarted();
}

void Election::cycleEnded() {
  if (shards_) shards_->cycleEnded();
}

void Election::start() {
  if (shards_) {
    shards_->start();
  } else {
    elector_->start();
  }
}

void Election::tryOnce() {
  if (shards_) {
    shards_->tryOnce();
  } else {
    elector_->tryOnce();
  }
}

bool Election::noteRole() {
  if (shards_) {
    // Every replica writes the services of its shards; the elector logs each move.
    const std::size_t held = shards_->ownedShards().size();
    if (held != shards_told_ && metrics_ != nullptr) metrics_->setShardsHeld(held);
    shards_told_ = held;
    return held > 0;
  }
  const bool leading = elector_->leading();
  if (leading == leading_) return leading;
  leading_ = leading;
  if (metrics_ != nullptr) metrics_->setLeader(leading);
  if (leading) {
    log::info("this replica ({}) leads: it writes Endpoints, EndpointSlices and Events and sends alerts",
              elector_->identity());
  } else if (elector_->renewalOverdue()) {
    log::warn("this replica ({}) has not renewed the lease {}/{} within renew_deadline: it stops writing now",
              elector_->identity(), elector_->lease().ns, elector_->lease().name);
  } else {
    const std::string holder = elector_->holder();
    log::info("this replica ({}) follows{}: it probes and writes nothing", elector_->identity(),
              holder.empty() || holder == elector_->identity() ? std::string() : " " + holder);
  }
  return leading;
}

void Election::stopAndRelease() {
  abandon_ = true;
  if (shards_) shards_->stop();
  elector_->stop();
  abandon_ = false;
  if (shards_) {
    shards_->releaseAll();
    log::info("shards: {} released its shards", elector_->identity());
    return;
  }
  elector_->release();
}

}  // namespace lecter
