#include "lecter/obs/prometheus_metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

namespace lecter {
namespace {

using prometheus::Counter;
using prometheus::Family;
using prometheus::Gauge;
using prometheus::Histogram;

/// From a refused connection (microseconds) to a probe that waits out a long pingtimeout.
const Histogram::BucketBoundaries kProbeBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                0.1,    0.25,  0.5,    1,     2.5,  5,     10};
const Histogram::BucketBoundaries kRequestBuckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                  0.5,   1,    2.5,   5,    10,  30};
const Histogram::BucketBoundaries kCycleBuckets{0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

}  // namespace

// Named, not anonymous: Impl holds these, and a unity build sees this file as a header.
namespace metrics_internal {

/// A series found by its label values: Family::Add builds and compares a label map on every call,
/// too much for one call per probe at 10,000 targets.
template <typename Metric>
class SeriesCache {
 public:
  explicit SeriesCache(Family<Metric>& family) : family_(family) {}

  template <typename... Args>
  Metric& get(const std::vector<std::pair<const char*, std::string_view>>& labels, Args&&... args) {
    std::string key;
    for (const auto& [name, value] : labels) {
      key += value;
      key += '\x1f';  // a separator no label value from the config holds
    }
    if (const auto found = series_.find(key); found != series_.end()) return *found->second;
    prometheus::Labels map;
    for (const auto& [name, value] : labels) map.emplace(name, std::string(value));
    Metric& metric = family_.Add(map, std::forward<Args>(args)...);
    series_.emplace(std::move(key), &metric);
    return metric;
  }

  /// Removes every series whose key is not in `keep`.
  void keepOnly(const std::set<std::string>& keep) {
    for (auto it = series_.begin(); it != series_.end();) {
      if (keep.count(it->first) != 0) {
        ++it;
        continue;
      }
      family_.Remove(it->second);
      it = series_.erase(it);
    }
  }

  static std::string keyOf(const TargetLabels& t) {
    return t.service + '\x1f' + t.target + '\x1f' + t.address + '\x1f';
  }

 private:
  Family<Metric>& family_;
  std::unordered_map<std::string, Metric*> series_;
};

}  // namespace metrics_internal

using metrics_internal::SeriesCache;

struct PrometheusMetrics::Impl {
  explicit Impl(const std::string& version)
      : registry(std::make_shared<prometheus::Registry>()),
        build_info(prometheus::BuildGauge()
                       .Name("lecter_build_info")
                       .Help("Always 1; the version label says which lecter runs.")
                       .Register(*registry)),
        target_up(prometheus::BuildGauge()
                      .Name("lecter_target_up")
                      .Help("1 when the target is healthy, 0 when unhealthy; no sample while pending.")
                      .Register(*registry)),
        probes(prometheus::BuildCounter()
                   .Name("lecter_probes_total")
                   .Help("Probes made, by service, probe kind and outcome.")
                   .Register(*registry)),
        probe_duration(prometheus::BuildHistogram()
                           .Name("lecter_probe_duration_seconds")
                           .Help("How long each probe took, by service, probe kind and outcome.")
                           .Register(*registry)),
        cert_expiry(prometheus::BuildGauge()
                        .Name("lecter_tls_cert_expiry_days")
                        .Help("Days until the certificate a TLS probe (https, tls) was last shown expires; "
                              "negative once it has.")
                        .Register(*registry)),
        transitions(prometheus::BuildCounter()
                        .Name("lecter_target_transitions_total")
                        .Help("Targets that became healthy (up) or unhealthy (down), by service.")
                        .Register(*registry)),
        writes(prometheus::BuildCounter()
                   .Name("lecter_writes_total")
                   .Help("Writes to the ApiServer, by service, kind of object and result.")
                   .Register(*registry)),
        local_probe_errors(prometheus::BuildCounter()
                               .Name("lecter_local_probe_errors_total")
                               .Help("Probes that failed on lecter's own side (file descriptors, addresses).")
                               .Register(*registry)
                               .Add({})),
        api_requests(prometheus::BuildCounter()
                         .Name("lecter_apiserver_requests_total")
                         .Help("ApiServer requests, by verb and HTTP code (0: no answer).")
                         .Register(*registry)),
        api_duration(prometheus::BuildHistogram()
                         .Name("lecter_apiserver_request_duration_seconds")
                         .Help("How long ApiServer requests took, by verb.")
                         .Register(*registry)),
        cycle_duration(prometheus::BuildHistogram()
                           .Name("lecter_cycle_duration_seconds")
                           .Help("How long each cycle took, probes and writes.")
                           .Register(*registry)
                           .Add({}, kCycleBuckets)),
        last_cycle(prometheus::BuildGauge()
                       .Name("lecter_last_cycle_timestamp_seconds")
                       .Help("When the last cycle ended (Unix time).")
                       .Register(*registry)
                       .Add({})),
        reloads(prometheus::BuildCounter()
                    .Name("lecter_config_reloads_total")
                    .Help("Reloads of the config file, by result (taken, refused).")
                    .Register(*registry)),
        probes_in_flight(prometheus::BuildGauge()
                             .Name("lecter_cycle_probes_inflight_max")
                             .Help("The most probes the last cycle had in flight at once.")
                             .Register(*registry)
                             .Add({})),
        redis_up(prometheus::BuildGauge()
                     .Name("lecter_redis_up")
                     .Help("1 when Redis took the last cycle's record, 0 when not; absent without Redis.")
                     .Register(*registry)),
        leader(prometheus::BuildGauge()
                   .Name("lecter_leader")
                   .Help("1 while this replica holds the leader Lease and writes, 0 while it follows; absent "
                         "without leader election.")
                   .Register(*registry)),
        shards_held(
            prometheus::BuildGauge()
                .Name("lecter_shards_held")
                .Help("Shard Leases this replica owns and writes the services of (kubernetes_conf.shards); "
                      "absent without shards.")
                .Register(*registry)),
        quorum_votes(prometheus::BuildGauge()
                         .Name("lecter_quorum_votes")
                         .Help("Replicas whose views counted in the last vote on the service's targets "
                               "(leader_election.quorum), this one included; absent without quorum.")
                         .Register(*registry)),
        watch_restarts(prometheus::BuildCounter()
                           .Name("lecter_watch_restarts_total")
                           .Help("Watches started again, by resource and reason (ended, expired, failed).")
                           .Register(*registry)),
        notifications(
            prometheus::BuildCounter()
                .Name("lecter_notifications_total")
                .Help("Tries at sending alert messages, by receiver and result (sent, failed, dropped).")
                .Register(*registry)),
        notification_queue(prometheus::BuildGauge()
                               .Name("lecter_notification_queue_length")
                               .Help("Alert groups waiting to be sent, by receiver.")
                               .Register(*registry)),
        target_up_series(target_up),
        cert_expiry_series(cert_expiry),
        probe_series(probes),
        probe_duration_series(probe_duration),
        transition_series(transitions),
        write_series(writes),
        api_request_series(api_requests),
        api_duration_series(api_duration),
        reload_series(reloads),
        quorum_votes_series(quorum_votes),
        watch_restart_series(watch_restarts),
        notification_series(notifications),
        notification_queue_series(notification_queue) {
    build_info.Add({{"version", version}}).Set(1);
    // Both results exist from the start, so a rate over them works before the first reload.
    reload_series.get({{"result", "taken"}});
    reload_series.get({{"result", "refused"}});
  }

  /// After every change: what exposition() made is out of date.
  void changed() { changes.fetch_add(1, std::memory_order_release); }

  std::mutex mutex;  // the caches; the metrics themselves are atomic
  std::atomic<std::uint64_t> changes{0};
  std::mutex exposition_mutex;
  std::optional<std::string> exposed;  // the last exposition, made when `changes` was exposed_changes
  std::uint64_t exposed_changes = 0;
  std::shared_ptr<prometheus::Registry> registry;
  Family<Gauge>& build_info;
  Family<Gauge>& target_up;
  Family<Counter>& probes;
  Family<Histogram>& probe_duration;
  Family<Gauge>& cert_expiry;
  Family<Counter>& transitions;
  Family<Counter>& writes;
  Counter& local_probe_errors;
  Family<Counter>& api_requests;
  Family<Histogram>& api_duration;
  Histogram& cycle_duration;
  Gauge& last_cycle;
  Family<Counter>& reloads;
  Gauge& probes_in_flight;
  Family<Gauge>& redis_up;
  Gauge* redis_up_series = nullptr;  // added at the first record: no sample without Redis
  Family<Gauge>& leader;
  Gauge* leader_series = nullptr;  // added when the election starts: no sample without one
  Family<Gauge>& shards_held;
  Gauge* shards_held_series = nullptr;  // added when the shards' election starts
  Family<Gauge>& quorum_votes;
  Family<Counter>& watch_restarts;
  Family<Counter>& notifications;
  Family<Gauge>& notification_queue;
  SeriesCache<Gauge> target_up_series;
  SeriesCache<Gauge> cert_expiry_series;
  SeriesCache<Counter> probe_series;
  SeriesCache<Histogram> probe_duration_series;
  SeriesCache<Counter> transition_series;
  SeriesCache<Counter> write_series;
  SeriesCache<Counter> api_request_series;
  SeriesCache<Histogram> api_duration_series;
  SeriesCache<Counter> reload_series;
  SeriesCache<Gauge> quorum_votes_series;
  SeriesCache<Counter> watch_restart_series;
  SeriesCache<Counter> notification_series;
  SeriesCache<Gauge> notification_queue_series;
};

PrometheusMetrics::PrometheusMetrics(const std::string& version) : impl_(std::make_unique<Impl>(version)) {}
PrometheusMetrics::~PrometheusMetrics() = default;

void PrometheusMetrics::setTargets(const std::vector<TargetUp>& targets) {
  const std::lock_guard lock(impl_->mutex);
  std::set<std::string> keep_up;
  std::set<std::string> keep_expiry;
  for (const auto& target : targets) {
    const TargetLabels& t = target.labels;
    if (target.up) {
      impl_->target_up_series.get({{"service", t.service}, {"target", t.target}, {"address", t.address}})
          .Set(*target.up ? 1 : 0);
      keep_up.insert(SeriesCache<Gauge>::keyOf(t));
    }
    if (target.cert_days_left) {
      impl_->cert_expiry_series.get({{"service", t.service}, {"target", t.target}, {"address", t.address}})
          .Set(*target.cert_days_left);
      keep_expiry.insert(SeriesCache<Gauge>::keyOf(t));
    }
  }
  impl_->target_up_series.keepOnly(keep_up);
  impl_->cert_expiry_series.keepOnly(keep_expiry);
  impl_->changed();
}

void PrometheusMetrics::countProbe(std::string_view service, std::string_view kind, std::string_view outcome,
                                   double seconds) {
  const std::lock_guard lock(impl_->mutex);
  impl_->probe_series.get({{"service", service}, {"kind", kind}, {"outcome", outcome}}).Increment();
  impl_->probe_duration_series
      .get({{"service", service}, {"kind", kind}, {"outcome", outcome}}, kProbeBuckets)
      .Observe(seconds);
  impl_->changed();
}

void PrometheusMetrics::countTransition(std::string_view service, std::string_view direction) {
  const std::lock_guard lock(impl_->mutex);
  impl_->transition_series.get({{"service", service}, {"direction", direction}}).Increment();
  impl_->changed();
}

void PrometheusMetrics::countWrite(std::string_view service, std::string_view kind, std::string_view result) {
  const std::lock_guard lock(impl_->mutex);
  impl_->write_series.get({{"service", service}, {"kind", kind}, {"result", result}}).Increment();
  impl_->changed();
}

void PrometheusMetrics::countLocalProbeError() {
  impl_->local_probe_errors.Increment();
  impl_->changed();
}

void PrometheusMetrics::countApiServerRequest(std::string_view verb, int code, double seconds) {
  const std::lock_guard lock(impl_->mutex);
  const std::string code_text = std::to_string(code);
  impl_->api_request_series.get({{"verb", verb}, {"code", code_text}}).Increment();
  impl_->api_duration_series.get({{"verb", verb}}, kRequestBuckets).Observe(seconds);
  impl_->changed();
}

void PrometheusMetrics::cycleEnded(double seconds, double unix_seconds) {
  impl_->cycle_duration.Observe(seconds);
  impl_->last_cycle.Set(unix_seconds);
  impl_->changed();
}

void PrometheusMetrics::countConfigReload(bool taken) {
  const std::lock_guard lock(impl_->mutex);
  impl_->reload_series.get({{"result", taken ? "taken" : "refused"}}).Increment();
  impl_->changed();
}

void PrometheusMetrics::setProbesInFlightMax(std::size_t probes) {
  impl_->probes_in_flight.Set(static_cast<double>(probes));
  impl_->changed();
}

void PrometheusMetrics::setShardsHeld(std::size_t shards) {
  const std::lock_guard lock(impl_->mutex);
  if (impl_->shards_held_series == nullptr) impl_->shards_held_series = &impl_->shards_held.Add({});
  impl_->shards_held_series->Set(static_cast<double>(shards));
  impl_->changed();
}

void PrometheusMetrics::setQuorumVotes(const std::map<std::string, int>& votes_by_service) {
  const std::lock_guard lock(impl_->mutex);
  std::set<std::string> keep;
  for (const auto& [service, votes] : votes_by_service) {
    impl_->quorum_votes_series.get({{"service", service}}).Set(votes);
    keep.insert(service + '\x1f');
  }
  impl_->quorum_votes_series.keepOnly(keep);
  impl_->changed();
}

void PrometheusMetrics::setLeader(bool leading) {
  const std::lock_guard lock(impl_->mutex);
  if (impl_->leader_series == nullptr) impl_->leader_series = &impl_->leader.Add({});
  impl_->leader_series->Set(leading ? 1 : 0);
  impl_->changed();
}

void PrometheusMetrics::setRedisUp(bool up) {
  const std::lock_guard lock(impl_->mutex);
  if (impl_->redis_up_series == nullptr) impl_->redis_up_series = &impl_->redis_up.Add({});
  impl_->redis_up_series->Set(up ? 1 : 0);
  impl_->changed();
}

void PrometheusMetrics::countWatchRestart(std::string_view resource, std::string_view reason) {
  const std::lock_guard lock(impl_->mutex);
  impl_->watch_restart_series.get({{"resource", resource}, {"reason", reason}}).Increment();
  impl_->changed();
}

void PrometheusMetrics::countNotification(std::string_view receiver, std::string_view result) {
  const std::lock_guard lock(impl_->mutex);
  impl_->notification_series.get({{"receiver", receiver}, {"result", result}}).Increment();
  impl_->changed();
}

void PrometheusMetrics::setNotificationQueueLength(std::string_view receiver, std::size_t length) {
  const std::lock_guard lock(impl_->mutex);
  impl_->notification_queue_series.get({{"receiver", receiver}}).Set(static_cast<double>(length));
  impl_->changed();
}

std::string PrometheusMetrics::exposition() const {
  // Between cycles nothing changes: a scrape then gets the text the last one made. The count is read
  // before collecting, so a change made meanwhile makes the next scrape collect again.
  const std::lock_guard lock(impl_->exposition_mutex);
  const std::uint64_t changes = impl_->changes.load(std::memory_order_acquire);
  if (impl_->exposed && impl_->exposed_changes == changes) return *impl_->exposed;
  impl_->exposed = prometheus::TextSerializer().Serialize(impl_->registry->Collect());
  impl_->exposed_changes = changes;
  return *impl_->exposed;
}

}  // namespace lecter
