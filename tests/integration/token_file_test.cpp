// A token file lecter must not send (issue 9, class 10): a line break inside the token would add a
// header to every request, and a huge one made libcurl fail each request with "Out of memory". Both
// are refused: requests go without a token and the ApiServer's 401 is logged with the reason.

#include <algorithm>
#include <chrono>
#include <string>

#include "lecter_test.h"

namespace lecter::testing {
namespace {

class TokenFileTest : public LecterTest {
 protected:
  /// Starts lecter with `token_text` as its token file; true once the ApiServer answered it a 401.
  bool startAndMeetA401(const std::string& token_text) {
    const auto ips = openTargets(1);
    auto settings = settingsFor(ips);
    token_path_ = dir_.write("bad-token", token_text);
    settings.token_file = token_path_;
    lecter_ = &startLecter(settings);
    return eventually(
        [&] {
          const auto requests = api_->requests();
          return std::any_of(requests.begin(), requests.end(),
                             [](const RecordedRequest& r) { return r.status == 401; });
        },
        std::chrono::seconds(10));
  }

  std::string token_path_;
  Subprocess* lecter_ = nullptr;
};

bool has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

TEST_F(TokenFileTest, ALineBreakInTheTokenNeverReachesTheApiServerAndTheLogSaysWhy) {
  ASSERT_TRUE(startAndMeetA401("tok-5e1f9c\r\nX-Injected: 1\n")) << "no request was answered 401";
  for (const RecordedRequest& request : api_->requests()) {
    EXPECT_FALSE(has(request.header_names, "x-injected")) << request.method << " " << request.path;
    EXPECT_FALSE(has(request.header_names, "authorization")) << request.method << " " << request.path;
  }
  const std::string reason = "token file " + token_path_ + ": the token holds a control character (0x0D)";
  EXPECT_TRUE(
      eventually([&] { return lecter_->err().find(reason) != std::string::npos; }, std::chrono::seconds(5)))
      << lecter_->err();
  EXPECT_EQ(lecter_->err().find("tok-5e1f9c"), std::string::npos) << "the refused token was logged";
}

TEST_F(TokenFileTest, AOneMibTokenFileIsRefusedAndRequestsStillGoOutWithTheReason) {
  ASSERT_TRUE(startAndMeetA401(std::string(1024 * 1024, 'a'))) << "no request was sent";
  const std::string reason = "token file " + token_path_ + ": is 1048576 bytes, more than 64 KiB";
  EXPECT_TRUE(
      eventually([&] { return lecter_->err().find(reason) != std::string::npos; }, std::chrono::seconds(5)))
      << lecter_->err();
}

}  // namespace
}  // namespace lecter::testing
