// kubernetes_conf.mode: endpointslice end to end against the ApiServer fixture (issue 4, acceptance 3):
// more than 1,000 targets split over slices, IPv4 and IPv6 slices, unhealthy targets present with
// ready: false, a target going down, a slice no longer needed deleted, another writer's edit repaired.

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "lecter_test.h"

namespace lecter::testing {
namespace {

using nlohmann::json;
using std::chrono::seconds;

class EndpointSliceModeTest : public LecterTest {
 protected:
  LecterSettings sliceSettingsFor(const std::vector<std::string>& ips) const {
    LecterSettings s = settingsFor(ips);
    s.mode = "endpointslice";
    s.watch = false;
    s.all_down = "empty";
    return s;
  }
  [[nodiscard]] std::map<std::string, bool> liveEndpoints() const {
    return api_->sliceEndpoints(kNamespace, kName);
  }
  [[nodiscard]] std::vector<std::string> sliceNames() const {
    std::vector<std::string> names;
    for (const auto& slice : api_->endpointSlices(kNamespace)) names.push_back(slice["metadata"]["name"]);
    return names;
  }
  /// Waits until the slices list exactly `expected` (address → ready).
  bool eventuallyEndpoints(const std::map<std::string, bool>& expected,
                           std::chrono::milliseconds timeout) const {
    return eventually([&] { return liveEndpoints() == expected; }, timeout);
  }
  static std::map<std::string, bool> allWith(const std::vector<std::string>& ips, bool ready) {
    std::map<std::string, bool> out;
    for (const auto& ip : ips) out[ip] = ready;
    return out;
  }
  static std::string describe(const std::map<std::string, bool>& endpoints) {
    int ready = 0;
    for (const auto& [ip, r] : endpoints) ready += r ? 1 : 0;
    return std::to_string(endpoints.size()) + " endpoints, " + std::to_string(ready) + " ready";
  }
};

TEST_F(EndpointSliceModeTest, ThousandsOfIpv6AndSomeIpv4TargetsAreSplitOverSlicesWithUnhealthyOnesNotReady) {
  // Open: the routed block of this test's network, answered by one listener. Refused: the block of a
  // second network that has no listener at all.
  network_->openListener("::", kPort);
  const auto open6 = network_->manyHosts6(1100);
  TestNetwork refusing;
  const auto refused6 = refusing.manyHosts6(300);
  const auto ips4 = openTargets(3);
  const json service = api_->putService(
      kNamespace, kName,
      json::parse(R"({"spec":{"ports":[{"name":"postgres","port":5432,"targetPort":15432}]}})"));

  std::vector<std::string> all = ips4;
  all.insert(all.end(), open6.begin(), open6.end());
  all.insert(all.end(), refused6.begin(), refused6.end());
  startLecter(sliceSettingsFor(all));

  std::map<std::string, bool> expected = allWith(ips4, true);
  expected.merge(allWith(open6, true));
  expected.merge(allWith(refused6, false));
  ASSERT_TRUE(eventuallyEndpoints(expected, seconds(30))) << "live: " << describe(liveEndpoints());

  EXPECT_EQ(sliceNames(), (std::vector<std::string>{"db-lecter", "db-lecter-ipv6", "db-lecter-ipv6-2"}));
  for (const auto& slice : api_->endpointSlices(kNamespace)) {
    const std::string name = slice["metadata"]["name"];
    EXPECT_EQ(slice["addressType"], name == "db-lecter" ? "IPv4" : "IPv6") << name;
    EXPECT_LE(slice["endpoints"].size(), 1000U) << name;
    EXPECT_EQ(slice["metadata"]["labels"]["kubernetes.io/service-name"], kName) << name;
    EXPECT_EQ(slice["metadata"]["labels"]["endpointslice.kubernetes.io/managed-by"], "lecter") << name;
    EXPECT_EQ(slice["metadata"]["ownerReferences"][0]["uid"], service["metadata"]["uid"]) << name;
    EXPECT_EQ(slice["ports"], json::parse(R"([{"name":"postgres","port":15432,"protocol":"TCP"}])")) << name;
  }

  // A target that goes down stays, not ready.
  network_->closeListener(ips4[1], kPort);
  expected[ips4[1]] = false;
  EXPECT_TRUE(eventuallyEndpoints(expected, seconds(15))) << "live: " << describe(liveEndpoints());
}

TEST_F(EndpointSliceModeTest, ASmallerConfigDeletesTheSliceNoLongerNeeded) {
  network_->openListener("::", kPort);
  const auto hosts = network_->manyHosts6(1050);
  const RunResult big = runLecter(sliceSettingsFor(hosts), {"--once"}, seconds(60));
  ASSERT_EQ(big.exit_code, 0) << big.err;
  ASSERT_EQ(sliceNames(), (std::vector<std::string>{"db-lecter-ipv6", "db-lecter-ipv6-2"}));

  const std::vector<std::string> few(hosts.begin(), hosts.begin() + 10);
  const RunResult small = runLecter(sliceSettingsFor(few), {"--once"}, seconds(60));
  ASSERT_EQ(small.exit_code, 0) << small.err;
  EXPECT_EQ(sliceNames(), (std::vector<std::string>{"db-lecter-ipv6"}));
  EXPECT_EQ(liveEndpoints(), allWith(few, true));
}

TEST_F(EndpointSliceModeTest, ASliceEditedByAnotherWriterIsRepaired) {
  const auto ips = openTargets(3);
  startLecter(sliceSettingsFor(ips));
  ASSERT_TRUE(eventuallyEndpoints(allWith(ips, true), seconds(10))) << "live: " << describe(liveEndpoints());

  json edited = *api_->endpointSlice(kNamespace, "db-lecter");
  edited["endpoints"][0]["conditions"]["ready"] = false;
  edited["endpoints"].erase(2);
  api_->putEndpointSlice(kNamespace, "db-lecter", edited);
  ASSERT_NE(liveEndpoints(), allWith(ips, true));

  EXPECT_TRUE(eventuallyEndpoints(allWith(ips, true), seconds(10))) << "live: " << describe(liveEndpoints());
}

}  // namespace
}  // namespace lecter::testing
