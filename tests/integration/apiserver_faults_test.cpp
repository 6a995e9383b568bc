// The ApiServer misbehaving: 5xx for a while, or a certificate lecter must not trust.

#include <algorithm>
#include <cctype>
#include <chrono>

#include "lecter_test.h"

namespace lecter::testing {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::size_t countStatus(const ApiServerFixture& api, int status) {
  const auto requests = api.requests();
  return static_cast<std::size_t>(std::count_if(
      requests.begin(), requests.end(), [&](const RecordedRequest& r) { return r.status == status; }));
}

TEST_F(LecterTest, KeepsRunningThroughApiServer500sAndConvergesAfterRecovery) {
  const auto ips = openTargets(3);
  Subprocess& lecter = startLecter(settingsFor(ips));
  ASSERT_TRUE(eventuallyReady(ips, std::chrono::seconds(10)));

  api_->failAll(500);
  network_->closeListener(ips[0], kPort);
  // Several failed attempts, so the outage spans cycles.
  ASSERT_TRUE(eventually([&] { return countStatus(*api_, 500) >= 3; }, std::chrono::seconds(10)))
      << "lecter stopped calling the ApiServer while it failed";
  EXPECT_TRUE(lecter.running()) << "lecter died on ApiServer errors:\n" << lecter.err();
  EXPECT_EQ(readyIps(), ips) << "nothing can have been written while every request failed";

  api_->clearFaults();
  EXPECT_TRUE(eventuallyReady({ips[1], ips[2]}, std::chrono::seconds(15)))
      << "did not converge after recovery: " << ::testing::PrintToString(readyIps());
  EXPECT_TRUE(lecter.running());
}

TEST_F(LecterTest, WrongCaIsRefusedWithAClearTlsErrorAndNothingIsWritten) {
  const auto ips = openTargets(1);
  auto settings = settingsFor(ips);
  settings.ca_file = api_->otherCaFile();

  const RunResult r = runLecter(settings, {"--once"});

  EXPECT_EQ(r.exit_code, 1) << r.err;
  const std::string err = lower(r.err);
  EXPECT_TRUE(err.find("certificate") != std::string::npos || err.find("tls") != std::string::npos ||
              err.find("ssl") != std::string::npos)
      << "stderr does not say what is wrong:\n"
      << r.err;
  const auto requests = api_->requests();
  EXPECT_TRUE(std::none_of(requests.begin(), requests.end(), [](const RecordedRequest& q) {
    return q.method == "PUT";
  })) << "a write reached the ApiServer through an untrusted connection";
  EXPECT_FALSE(api_->endpoints(kNamespace, kName).has_value());
}

}  // namespace
}  // namespace lecter::testing
