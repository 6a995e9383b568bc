// No token or password is ever logged (issue 2, acceptance 5). Every test of this executable checks
// lecter's output in LecterTest::TearDown; this one adds the paths most likely to leak: the most
// verbose log level, a token the ApiServer rejects (401) and a Redis that refuses the password.

#include <signal.h>

#include <algorithm>
#include <chrono>

#include "lecter_test.h"

namespace lecter::testing {
namespace {

constexpr char kRejectedToken[] = "rejected-token-91c2e7";
constexpr char kWrongRedisPassword[] = "wrong-redis-pw-0d44af";

TEST_F(LecterTest, SecretsStayOutOfTheLogsAtTraceLevelThrough401sAndRedisAuthFailures) {
  const auto ips = openTargets(1);
  auto settings = settingsFor(ips);
  settings.token_file = dir_.write("rejected-token", kRejectedToken);
  settings.redis->password = kWrongRedisPassword;

  Subprocess& lecter = startLecter(settings, {"--log-level", "trace"});
  ASSERT_TRUE(eventually(
      [&] {
        const auto requests = api_->requests();
        return std::count_if(requests.begin(), requests.end(),
                             [](const RecordedRequest& r) { return r.status == 401; }) >= 2;
      },
      std::chrono::seconds(10)))
      << "lecter never met the 401";
  ASSERT_TRUE(lecter.running()) << lecter.err();
  lecter.signal(SIGTERM);
  ASSERT_TRUE(lecter.wait(std::chrono::seconds(5)).has_value());

  const std::string output = lecter.out() + lecter.err();
  EXPECT_FALSE(output.empty()) << "at trace level lecter said nothing: nothing was checked";
  EXPECT_EQ(output.find(kRejectedToken), std::string::npos) << "the token was logged:\n" << output;
  EXPECT_EQ(output.find(kWrongRedisPassword), std::string::npos) << "the Redis password was logged:\n"
                                                                 << output;
}

}  // namespace
}  // namespace lecter::testing
