// The Grafana dashboard in deploy/ reads only metrics lecter exposes.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>

#include "lecter/obs/prometheus_metrics.h"

namespace lecter {
namespace {

const std::string kDashboard = std::string(LECTER_SOURCE_DIR) + "/deploy/grafana-dashboard.json";

/// Every expression of every panel.
std::vector<std::string> expressions(const nlohmann::json& dashboard) {
  std::vector<std::string> out;
  for (const auto& panel : dashboard.at("panels"))
    for (const auto& target : panel.at("targets")) out.push_back(target.at("expr").get<std::string>());
  return out;
}

/// An exposition with a sample of every metric lecter has.
std::string everyMetric() {
  PrometheusMetrics metrics("t");
  metrics.setTargets({TargetUp{{"db", "node-01", "198.18.0.1:5432"}, true, std::nullopt},
                      TargetUp{{"api", "node-02", "198.18.0.2:443"}, true, 30.0}});
  metrics.countProbe("db", "tcp", "up", 0.001);
  metrics.countTransition("db", "up");
  metrics.countWrite("db", "endpoints", "success");
  metrics.countLocalProbeError();
  metrics.countApiServerRequest("PUT", 200, 0.01);
  metrics.cycleEnded(0.5, 1.0);
  metrics.countConfigReload(true);
  metrics.setProbesInFlightMax(1);
  metrics.setRedisUp(true);
  metrics.setLeader(true);
  metrics.countWatchRestart("endpoints", "expired");
  metrics.countNotification("ops", "sent");
  metrics.setNotificationQueueLength("ops", 0);
  return metrics.exposition();
}

TEST(GrafanaDashboard, EveryMetricItQueriesIsOneLecterExposes) {
  std::ifstream file(kDashboard);
  ASSERT_TRUE(file) << kDashboard;
  const auto dashboard = nlohmann::json::parse(file, nullptr, false);
  ASSERT_FALSE(dashboard.is_discarded()) << kDashboard << " is not JSON";
  const std::string exposition = everyMetric();
  static const std::regex metric_name(R"(lecter_[a-z_]+)");
  static const std::regex histogram_part(R"(_(bucket|count|sum)$)");
  std::set<std::string> queried;
  for (const std::string& expr : expressions(dashboard)) {
    for (auto m = std::sregex_iterator(expr.begin(), expr.end(), metric_name); m != std::sregex_iterator();
         ++m)
      queried.insert(std::regex_replace(m->str(), histogram_part, ""));
  }
  EXPECT_GE(queried.size(), 10U) << "the dashboard covers the metrics";
  for (const std::string& name : queried)
    EXPECT_NE(exposition.find("# TYPE " + name + " "), std::string::npos)
        << name << " is not a metric of lecter";
}

TEST(GrafanaDashboard, ItShowsWhatTheOnCallNeeds) {
  std::ifstream file(kDashboard);
  const auto dashboard = nlohmann::json::parse(file, nullptr, false);
  ASSERT_FALSE(dashboard.is_discarded());
  std::string all;
  for (const std::string& expr : expressions(dashboard)) all += expr + "\n";
  for (const char* needed : {"lecter_target_up", "lecter_target_transitions_total", "lecter_writes_total",
                             "lecter_cycle_duration_seconds_bucket", "lecter_apiserver_requests_total"})
    EXPECT_NE(all.find(needed), std::string::npos) << needed;
}

}  // namespace
}  // namespace lecter
