// The apply step end to end (issue 10, acceptance 2): the real binary against the ApiServer fixture,
// one service's writes hanging in the fixture; the other services are written in the same cycle.
//
// A cycle ends with lecter's debug line "cycle over:": while the hung write is unanswered, the first
// cycle cannot have ended, so whatever was written by then was written in it.

#include <chrono>
#include <string>
#include <vector>

#include "lecter_test.h"

namespace lecter::testing {
namespace {

constexpr int kServices = 4;
constexpr auto kPatience = std::chrono::seconds(30);

std::string appService(int i) { return "app-" + std::to_string(i + 1); }

class ConcurrentWritesTest : public LecterTest {
 protected:
  LecterSettings appServices(const std::vector<std::string>& ips) const {
    std::vector<std::string> names;
    for (int i = 0; i < kServices; ++i) names.push_back(appService(i));
    return settingsForServices(names, ips);
  }
  bool othersWritten(const std::vector<std::string>& ips) const {
    for (int i = 1; i < kServices; ++i) {
      if (api_->readyIps(kNamespace, appService(i)) != ips) return false;
    }
    return true;
  }
};

TEST_F(ConcurrentWritesTest, OneServicesHungWriteHoldsUpNoOtherServiceInTheSameCycle) {
  const std::vector<std::string> ips = openTargets(2);
  api_->hangWrites("/api/v1/namespaces/" + std::string(kNamespace) + "/endpoints/" + appService(0));
  Subprocess& lecter = startLecter(appServices(ips), {"--log-level", "debug"});

  ASSERT_TRUE(eventually([&] { return othersWritten(ips); }, kPatience)) << lecter.err();
  // Still the first cycle, and the first service's PUT still hangs in the fixture.
  EXPECT_EQ(lecter.err().find("cycle over:"), std::string::npos) << lecter.err();
  EXPECT_FALSE(api_->endpoints(kNamespace, appService(0)).has_value());
  bool hung_put_answered = false;
  for (const auto& request : api_->requests())
    hung_put_answered =
        hung_put_answered || (request.method == "PUT" && request.path.ends_with(appService(0)));
  EXPECT_FALSE(hung_put_answered);

  // Once the fixture lets it through, the first service is written too.
  api_->clearFaults();
  EXPECT_TRUE(eventually([&] { return api_->readyIps(kNamespace, appService(0)) == ips; }, kPatience))
      << lecter.err();
}

}  // namespace
}  // namespace lecter::testing
