// `lecter --once` over a mix of open, refused and hung targets: one cycle, only the open one written.

#include <chrono>

#include "lecter_test.h"

namespace lecter::testing {
namespace {

TEST_F(LecterTest, OnceWithOpenRefusedAndHungTargetsExitsZeroAndWritesOnlyTheOpenOne) {
  const auto open = openTargets(1);
  const std::string refused = network_->addHost(1);  // held in the namespace, no listener
  std::vector<std::string> ips{open[0], refused};
  // Four hung targets at a 3 s deadline: probed one after another they would need 12 s, more than
  // the generous bound below; probed together, about one deadline.
  for (int i = 0; i < 4; ++i) ips.push_back(network_->hungAddress(i));
  auto settings = settingsFor(ips);
  settings.ping_timeout_ms = 3000;

  const RunResult r = runLecter(settings, {"--once"}, std::chrono::seconds(10));

  ASSERT_NE(r.exit_code, -1) << "the cycle did not complete within 10 s";
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(readyIps(), open);
}

}  // namespace
}  // namespace lecter::testing
