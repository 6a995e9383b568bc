#pragma once
/// Metrics kept in a prometheus-cpp registry and written out in the Prometheus text format for
/// /metrics. Safe to feed from any thread and to expose while it is fed.

#include <memory>
#include <string>

#include "lecter/obs/metrics.h"

namespace lecter {

class PrometheusMetrics final : public Metrics {
 public:
  /// `version` is lecter_build_info's label.
  explicit PrometheusMetrics(const std::string& version);
  ~PrometheusMetrics() override;
  PrometheusMetrics(const PrometheusMetrics&) = delete;
  PrometheusMetrics& operator=(const PrometheusMetrics&) = delete;

  void setTargets(const std::vector<TargetUp>& targets) override;
  void countProbe(std::string_view service, std::string_view kind, std::string_view outcome,
                  double seconds) override;
  void countTransition(std::string_view service, std::string_view direction) override;
  void countWrite(std::string_view service, std::string_view kind, std::string_view result) override;
  void countLocalProbeError() override;
  void countApiServerRequest(std::string_view verb, int code, double seconds) override;
  void cycleEnded(double seconds, double unix_seconds) override;
  void countConfigReload(bool taken) override;
  void setProbesInFlightMax(std::size_t probes) override;
  void setRedisUp(bool up) override;
  void setLeader(bool leading) override;
  void setShardsHeld(std::size_t shards) override;
  void setQuorumVotes(const std::map<std::string, int>& votes_by_service) override;
  void countWatchRestart(std::string_view resource, std::string_view reason) override;
  void countNotification(std::string_view receiver, std::string_view result) override;
  void setNotificationQueueLength(std::string_view receiver, std::size_t length) override;

  /// Every series, in the Prometheus text exposition format (version 0.0.4).
  [[nodiscard]] std::string exposition() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lecter
