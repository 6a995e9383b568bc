// The Endpoints object follows the health of the targets: issue 2, acceptance 3.

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "lecter_test.h"

namespace lecter::testing {
namespace {

using std::chrono::milliseconds;

/// The bound for a change to show: fall (or rise) × interval + pingtimeout + 1 s.
milliseconds changeBound(const LecterSettings& s, int threshold) {
  return milliseconds(threshold * s.interval_ms + s.ping_timeout_ms + 1000);
}

TEST_F(LecterTest, ThreeHealthyTargetsAreExactlyTheEndpointsAddresses) {
  const auto ips = openTargets(3);
  startLecter(settingsFor(ips));

  ASSERT_TRUE(eventuallyReady(ips, std::chrono::seconds(10)))
      << "ready IPs: " << ::testing::PrintToString(readyIps());

  const auto object = api_->endpoints(kNamespace, kName);
  ASSERT_TRUE(object.has_value());
  EXPECT_EQ(object->value("kind", ""), "Endpoints");
  EXPECT_EQ((*object)["metadata"].value("name", ""), kName);
  EXPECT_EQ((*object)["metadata"].value("namespace", ""), kNamespace);
  ASSERT_EQ((*object)["subsets"].size(), 1U);
  const auto& subset = (*object)["subsets"][0];
  EXPECT_FALSE(subset.contains("notReadyAddresses") && !subset["notReadyAddresses"].empty());
  ASSERT_EQ(subset["ports"].size(), 1U);
  EXPECT_EQ(subset["ports"][0].value("port", 0), kPort);
  EXPECT_EQ(subset["ports"][0].value("protocol", ""), "TCP");
}

TEST_F(LecterTest, ClosedTargetIsRemovedWithinFallIntervalsAndAddedBackWhenItReturns) {
  const auto ips = openTargets(3);
  auto settings = settingsFor(ips);
  settings.rise = 2;
  settings.fall = 2;
  startLecter(settings);
  ASSERT_TRUE(eventuallyReady(ips, std::chrono::seconds(10)));

  network_->closeListener(ips[1], kPort);
  EXPECT_TRUE(eventuallyReady({ips[0], ips[2]}, changeBound(settings, settings.fall)))
      << "ready IPs: " << ::testing::PrintToString(readyIps());

  network_->openListener(ips[1], kPort);
  EXPECT_TRUE(eventuallyReady(ips, changeBound(settings, settings.rise)))
      << "ready IPs: " << ::testing::PrintToString(readyIps());
}

TEST_F(LecterTest, AllDownKeepLeavesTheLastWrittenSet) {
  const auto ips = openTargets(2);
  auto settings = settingsFor(ips);
  settings.all_down = "keep";
  startLecter(settings);
  ASSERT_TRUE(eventuallyReady(ips, std::chrono::seconds(10)));

  for (const auto& ip : ips) network_->closeListener(ip, kPort);
  // Redis shows when lecter has seen both down; state is recorded after the write of that cycle.
  const RedisReader redis = redisReader();
  ASSERT_TRUE(eventually(
      [&] {
        for (const auto& ip : ips) {
          const auto target = redis.hash(targetHashKey(ip));
          if (!target || target->count("state") == 0 || target->at("state") != "unhealthy") return false;
        }
        return true;
      },
      std::chrono::seconds(10)))
      << "lecter never recorded both targets as unhealthy";

  EXPECT_EQ(readyIps(), ips) << "all_down: keep must leave the last set";
}

TEST_F(LecterTest, AllDownEmptyWritesAnObjectWithoutSubsets) {
  const auto ips = openTargets(2);
  auto settings = settingsFor(ips);
  settings.all_down = "empty";
  startLecter(settings);
  ASSERT_TRUE(eventuallyReady(ips, std::chrono::seconds(10)));

  for (const auto& ip : ips) network_->closeListener(ip, kPort);

  const auto hasNoSubsets = [&] {
    const auto object = api_->endpoints(kNamespace, kName);
    return object.has_value() && (!object->contains("subsets") || (*object)["subsets"].empty());
  };
  EXPECT_TRUE(eventually(hasNoSubsets, changeBound(settings, settings.fall)))
      << "stored object: " << api_->endpoints(kNamespace, kName).value_or(nlohmann::json()).dump();
  // The ApiServer answers 422 to a subset without addresses: none may have been sent.
  for (const auto& r : api_->requests())
    EXPECT_NE(r.status, 422) << r.method << " " << r.path << ": " << r.body;
}

TEST_F(LecterTest, Ipv6TargetsAreProbedLikeIpv4AndWrittenToTheEndpointsAsTheyAre) {
  const auto ips4 = openTargets(1);
  const std::string up6 = network_->addHost6(0);
  const std::string refused6 = network_->addHost6(1);  // held by the namespace, nothing listens
  network_->openListener(up6, kPort);
  startLecter(settingsFor({ips4[0], up6, refused6}));

  ASSERT_TRUE(eventuallyReady({ips4[0], up6}, std::chrono::seconds(10)))
      << "ready IPs: " << ::testing::PrintToString(readyIps());
  const auto object = api_->endpoints(kNamespace, kName);
  ASSERT_TRUE(object.has_value());
  ASSERT_EQ((*object)["subsets"].size(), 1U);
  std::vector<std::string> written;
  for (const auto& address : (*object)["subsets"][0]["addresses"]) written.push_back(address.value("ip", ""));
  EXPECT_EQ(std::count(written.begin(), written.end(), up6), 1) << ::testing::PrintToString(written);
  EXPECT_EQ(std::count(written.begin(), written.end(), refused6), 0) << ::testing::PrintToString(written);

  network_->closeListener(up6, kPort);
  EXPECT_TRUE(eventuallyReady(ips4, changeBound(settingsFor(ips4), settingsFor(ips4).fall)))
      << "ready IPs: " << ::testing::PrintToString(readyIps());
}

}  // namespace
}  // namespace lecter::testing
