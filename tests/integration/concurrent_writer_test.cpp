// Optimistic concurrency: a write that lost a race (409) is re-read, recomputed and retried, and what
// the other writer put on the object survives (DESIGN.md, "Kubernetes facts to honour").

#include <algorithm>
#include <chrono>

#include "lecter_test.h"

namespace lecter::testing {
namespace {

TEST_F(LecterTest, ConcurrentWritersLabelSurvivesA409AndTheNewSetIsWritten) {
  const auto ips = openTargets(3);
  auto settings = settingsFor(ips);
  settings.content_type = "application/json";
  startLecter(settings);
  ASSERT_TRUE(eventuallyReady(ips, std::chrono::seconds(10)));

  api_->conflictOnNextPut(kNamespace, kName, "owner", "someone-else");
  network_->closeListener(ips[0], kPort);

  EXPECT_TRUE(eventuallyReady({ips[1], ips[2]}, std::chrono::seconds(10)))
      << "ready IPs: " << ::testing::PrintToString(readyIps());
  const auto object = api_->endpoints(kNamespace, kName);
  ASSERT_TRUE(object.has_value());
  EXPECT_EQ(object->value(nlohmann::json::json_pointer("/metadata/labels/owner"), ""), "someone-else")
      << "the other writer's label was lost: " << object->dump();

  const auto requests = api_->requests();
  const bool saw_conflict = std::any_of(requests.begin(), requests.end(), [](const RecordedRequest& r) {
    return r.method == "PUT" && r.status == 409;
  });
  EXPECT_TRUE(saw_conflict) << "the PUT never met the concurrent writer";
}

}  // namespace
}  // namespace lecter::testing
