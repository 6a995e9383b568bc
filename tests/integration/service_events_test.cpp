// Issue 4, acceptance 5: Events on the Service and port names from the Service, with the real
// binary, targets in the test network and the ApiServer fixture; and notReadyAddresses end to end.

#include <algorithm>
#include <chrono>

#include "lecter_test.h"

namespace lecter::testing {
namespace {

using nlohmann::json;

/// The events on Service default/db with `reason`.
std::vector<json> eventsWithReason(const ApiServerFixture& api, const std::string& reason) {
  std::vector<json> out;
  for (const auto& e : api.events()) {
    if (e.value("reason", "") == reason && e["involvedObject"].value("name", "") == kName) out.push_back(e);
  }
  return out;
}

TEST_F(LecterTest, ClosingATargetsListenerPostsATargetDownEventOnTheService) {
  const json service =
      api_->putService(kNamespace, kName, json::parse(R"({"spec":{"ports":[{"port":15432}]}})"));
  const auto ips = openTargets(2);
  Subprocess& lecter = startLecter(settingsFor(ips));
  ASSERT_TRUE(eventuallyReady(ips, std::chrono::seconds(10)));
  EXPECT_TRUE(api_->events().empty()) << "a start with healthy targets announced something";

  network_->closeListener(ips[0], kPort);

  ASSERT_TRUE(
      eventually([&] { return !eventsWithReason(*api_, "TargetDown").empty(); }, std::chrono::seconds(10)))
      << "no TargetDown event; events: " << json(api_->events()).dump() << "\n"
      << lecter.err();
  const json event = eventsWithReason(*api_, "TargetDown").front();
  EXPECT_EQ(event["type"], "Warning");
  EXPECT_EQ(event["involvedObject"]["kind"], "Service");
  EXPECT_EQ(event["involvedObject"]["namespace"], kNamespace);
  EXPECT_EQ(event["involvedObject"]["uid"], service["metadata"]["uid"]);
  EXPECT_NE(event["message"].get<std::string>().find(ips[0] + ":" + std::to_string(kPort)), std::string::npos)
      << event.dump();
  EXPECT_EQ(event["source"]["component"], "lecter");
  EXPECT_TRUE(eventuallyReady({ips[1]}, std::chrono::seconds(10)));
  // One transition, one event: a target that stays down is not announced again.
  EXPECT_EQ(eventsWithReason(*api_, "TargetDown").size(), 1U);
  EXPECT_TRUE(lecter.running()) << lecter.err();
}

TEST_F(LecterTest, ThePortNameIsTakenFromTheService) {
  api_->putService(kNamespace, kName, json::parse(R"({"spec":{"ports":[{"name":"metrics","port":9187},
                                                    {"name":"postgres","port":5432,"targetPort":15432}]}})"));
  const auto ips = openTargets(1);
  startLecter(settingsFor(ips));
  ASSERT_TRUE(eventuallyReady(ips, std::chrono::seconds(10)));
  const auto object = api_->endpoints(kNamespace, kName);
  ASSERT_TRUE(object.has_value());
  EXPECT_EQ((*object)["subsets"][0]["ports"][0].value("name", ""), "postgres") << object->dump();
  EXPECT_EQ((*object)["subsets"][0]["ports"][0].value("port", 0), kPort);
}

TEST_F(LecterTest, AServiceWithASelectorIsLeftAlone) {
  api_->putService(kNamespace, kName,
                   json::parse(R"({"spec":{"selector":{"app":"db"},"ports":[{"port":5432}]}})"));
  const auto ips = openTargets(1);
  const RunResult r = runLecter(settingsFor(ips), {"--once"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("has a selector"), std::string::npos) << r.err;
  EXPECT_FALSE(api_->endpoints(kNamespace, kName).has_value())
      << "lecter wrote the Endpoints of a selector Service";
}

TEST_F(LecterTest, AMissingServiceIsAWarningAndTheEndpointsAreStillWritten) {
  const auto ips = openTargets(1);
  const RunResult r = runLecter(settingsFor(ips), {"--once"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("there is no Service default/db"), std::string::npos) << r.err;
  EXPECT_EQ(readyIps(), ips);
}

TEST_F(LecterTest, NotReadyPutsAClosedTargetInNotReadyAddresses) {
  api_->putService(kNamespace, kName, json::parse(R"({"spec":{"ports":[{"port":15432}]}})"));
  const auto ips = openTargets(2);
  auto settings = settingsFor(ips);
  settings.unhealthy = "not_ready";
  startLecter(settings);
  ASSERT_TRUE(eventuallyReady(ips, std::chrono::seconds(10)));

  network_->closeListener(ips[0], kPort);

  const auto notReady = [&] {
    const auto object = api_->endpoints(kNamespace, kName);
    if (!object || !object->contains("subsets")) return std::vector<std::string>{};
    std::vector<std::string> out;
    for (const auto& subset : (*object)["subsets"])
      for (const auto& address : subset.value("notReadyAddresses", json::array()))
        out.push_back(address["ip"]);
    return out;
  };
  EXPECT_TRUE(
      eventually([&] { return notReady() == std::vector<std::string>{ips[0]}; }, std::chrono::seconds(10)))
      << "stored: " << api_->endpoints(kNamespace, kName).value_or(json()).dump();
  EXPECT_EQ(readyIps(), std::vector<std::string>{ips[1]});
}

}  // namespace
}  // namespace lecter::testing
