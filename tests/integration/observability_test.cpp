// What lecter shows of itself on my_conf.listen: issue 11, acceptance 1.

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "lecter/base/json_fields.h"
#include "lecter_test.h"
#include "metrics_scrape.h"

namespace lecter::testing {
namespace {

using std::chrono::seconds;

class ObservabilityTest : public LecterTest {
 protected:
  /// The value of `name`{labels} in a scrape of /metrics now; none when absent or unreachable.
  std::optional<double> scrape(const std::string& name,
                               const std::map<std::string, std::string>& labels) const {
    const HttpGot got = httpGet(listen_port_, "/metrics");
    if (got.status != 200) return std::nullopt;
    return sampleValue(got.body, name, labels);
  }
  /// True once a scrape finds `name`{labels} equal to `expected`.
  bool eventuallySample(const std::string& name, const std::map<std::string, std::string>& labels,
                        double expected, std::chrono::milliseconds timeout) const {
    return eventually([&] { return scrape(name, labels) == expected; }, timeout);
  }
  /// True once a scrape finds `name`{labels} at `at_least` or more.
  bool eventuallyAtLeast(const std::string& name, const std::map<std::string, std::string>& labels,
                         double at_least, std::chrono::milliseconds timeout) const {
    return eventually([&] { return scrape(name, labels).value_or(-1) >= at_least; }, timeout);
  }
};

std::map<std::string, std::string> targetLabels(const std::string& name, const std::string& ip) {
  return {{"service", "db"}, {"target", name}, {"address", ip + ":" + std::to_string(kPort)}};
}

TEST_F(ObservabilityTest, MetricsFollowATargetDownAndBackWithItsTransitionsAndWrites) {
  const auto ips = openTargets(2);
  startLecter(listeningSettings(ips));
  ASSERT_TRUE(eventuallyReady(ips, seconds(10)));
  ASSERT_TRUE(eventuallySample("lecter_target_up", targetLabels("node-02", ips[1]), 1, seconds(10)))
      << httpGet(listen_port_, "/metrics").body;
  const double ups_before =
      scrape("lecter_target_transitions_total", {{"service", "db"}, {"direction", "up"}}).value_or(0);
  const double writes_before =
      scrape("lecter_writes_total", {{"service", "db"}, {"kind", "endpoints"}, {"result", "success"}})
          .value_or(0);
  EXPECT_GE(writes_before, 1) << "the first write of default/db is counted";

  network_->closeListener(ips[1], kPort);
  EXPECT_TRUE(eventuallySample("lecter_target_up", targetLabels("node-02", ips[1]), 0, seconds(10)));
  EXPECT_EQ(scrape("lecter_target_up", targetLabels("node-01", ips[0])), 1);
  EXPECT_EQ(scrape("lecter_target_transitions_total", {{"service", "db"}, {"direction", "down"}}), 1);
  ASSERT_TRUE(eventuallyReady({ips[0]}, seconds(10)));
  EXPECT_TRUE(eventuallyAtLeast("lecter_writes_total",
                                {{"service", "db"}, {"kind", "endpoints"}, {"result", "success"}},
                                writes_before + 1, seconds(5)))
      << "the write that removed node-02 is counted";
  EXPECT_GE(scrape("lecter_probes_total", {{"service", "db"}, {"outcome", "refused"}}).value_or(0), 1);

  network_->openListener(ips[1], kPort);
  EXPECT_TRUE(eventuallySample("lecter_target_up", targetLabels("node-02", ips[1]), 1, seconds(10)));
  EXPECT_EQ(scrape("lecter_target_transitions_total", {{"service", "db"}, {"direction", "up"}}),
            ups_before + 1);
  EXPECT_GE(scrape("lecter_apiserver_requests_total", {{"verb", "PUT"}, {"code", "200"}}).value_or(0), 2);
}

TEST_F(ObservabilityTest, RedisUpProbesInFlightAndWatchRestartsAreShown) {
  const auto ips = openTargets(2);
  startLecter(listeningSettings(ips));
  ASSERT_TRUE(eventuallyReady(ips, seconds(10)));
  EXPECT_TRUE(eventuallySample("lecter_redis_up", {}, 1, seconds(5)))
      << httpGet(listen_port_, "/metrics").body;
  EXPECT_EQ(scrape("lecter_cycle_probes_inflight_max", {}), 2) << "both targets probed at once";
  ASSERT_TRUE(eventually([&] { return api_->openWatches() == 2; }, seconds(10)));

  api_->expireWatchHistory();
  EXPECT_TRUE(eventuallyAtLeast("lecter_watch_restarts_total",
                                {{"resource", "endpoints"}, {"reason", "expired"}}, 1, seconds(10)))
      << httpGet(listen_port_, "/metrics").body;
  EXPECT_TRUE(eventuallyAtLeast("lecter_watch_restarts_total",
                                {{"resource", "services"}, {"reason", "expired"}}, 1, seconds(10)));

  redis_->stop();
  EXPECT_TRUE(eventuallySample("lecter_redis_up", {}, 0, seconds(10)))
      << "Redis gone shows within a cycle or two";
  redis_->start();
  EXPECT_TRUE(eventuallySample("lecter_redis_up", {}, 1, seconds(20))) << "and back once it reconnects";
}

TEST_F(ObservabilityTest, JsonLogLinesOfATransitionCarryItsServiceTargetAddressAndOutcome) {
  const auto ips = openTargets(2);
  Subprocess& lecter = startLecter(settingsFor(ips), {"--log-format", "json"});
  ASSERT_TRUE(eventuallyReady(ips, seconds(10)));
  network_->closeListener(ips[1], kPort);
  ASSERT_TRUE(eventuallyReady({ips[0]}, seconds(10)));
  nlohmann::json transition;
  nlohmann::json write;
  ASSERT_TRUE(eventually(
      [&] {
        std::istringstream lines(lecter.err());
        for (std::string line; std::getline(lines, line);) {
          const auto object = nlohmann::json::parse(line, nullptr, false);
          if (!object.is_object()) continue;
          // Not value(): GCC 12 sees a null dereference in it that is not there (-Wnull-dereference).
          const std::string message = stringMember(object, "message");
          if (message.find("-> unhealthy") != std::string::npos) transition = object;
          if (message.rfind("wrote ", 0) == 0) write = object;
        }
        return transition.is_object() && write.is_object();
      },
      seconds(5)))
      << lecter.err();
  EXPECT_EQ(transition["service"], "db") << transition;
  EXPECT_EQ(transition["target"], "node-02") << transition;
  EXPECT_EQ(transition["address"], ips[1] + ":" + std::to_string(kPort)) << transition;
  EXPECT_EQ(transition["outcome"], "refused") << transition;
  EXPECT_EQ(transition["state"], "unhealthy") << transition;
  EXPECT_EQ(write["service"], "db") << write;
  EXPECT_EQ(write["object"], "endpoints default/db") << write;
}

TEST_F(ObservabilityTest, HealthzTurns503WhileACycleIsStuckOnTheApiServerAnd200WhenItEnds) {
  const auto ips = openTargets(2);
  const LecterSettings settings = listeningSettings(ips);  // interval 200 ms, pingtimeout 300 ms: 1.5 s
  startLecter(settings);
  ASSERT_TRUE(eventuallyReady(ips, seconds(10)));
  EXPECT_TRUE(eventually([&] { return httpGet(listen_port_, "/healthz").status == 200; }, seconds(5)));
  EXPECT_TRUE(eventually([&] { return httpGet(listen_port_, "/readyz").status == 200; }, seconds(5)));

  // The next write hangs: the cycle that makes it cannot end.
  api_->hangWrites("/api/v1/namespaces/default/endpoints");
  network_->closeListener(ips[1], kPort);
  ASSERT_TRUE(eventually([&] { return httpGet(listen_port_, "/healthz").status == 503; }, seconds(8)))
      << httpGet(listen_port_, "/healthz").body;
  EXPECT_NE(httpGet(listen_port_, "/healthz").body.find("stalled"), std::string::npos)
      << httpGet(listen_port_, "/healthz").body;
  EXPECT_EQ(httpGet(listen_port_, "/readyz").status, 200) << "a stalled cycle is a liveness matter";

  api_->clearFaults();
  EXPECT_TRUE(eventually([&] { return httpGet(listen_port_, "/healthz").status == 200; }, seconds(15)))
      << httpGet(listen_port_, "/healthz").body;
  EXPECT_TRUE(eventuallyReady({ips[0]}, seconds(10)));
}

TEST_F(ObservabilityTest, AnAddressInUseIsAStartupErrorNamingTheSetting) {
  const auto ips = openTargets(1);
  LecterSettings settings = listeningSettings(ips);
  const RunResult first_holder = runLecter(settings, {"--check"});  // the config is valid
  ASSERT_EQ(first_holder.exit_code, 0) << first_holder.out << first_holder.err;
  // The ApiServer fixture's own port is taken: listening there must fail, clearly.
  settings.listen = "127.0.0.1:" + std::to_string(api_->port());
  const RunResult run = runLecter(settings, {});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(
      (run.out + run.err).find("my_conf.listen: cannot listen on 127.0.0.1:" + std::to_string(api_->port())),
      std::string::npos)
      << run.out << run.err;
}

}  // namespace
}  // namespace lecter::testing
