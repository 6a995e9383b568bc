// my_conf.listen (and --listen, through parseListenAddress).

#include <gtest/gtest.h>

#include <string>

#include "config_texts.h"
#include "lecter/config/config_loader.h"

namespace lecter {
namespace {

using testing::kMinimalConfig;
using testing::loadText;
using testing::refusal;
using testing::withMyConfLine;

std::string withListen(const std::string& value) { return withMyConfLine("listen: " + value); }

TEST(ListenConfig, NoListenerUnlessOneIsGiven) {
  EXPECT_EQ(loadText(std::string(kMinimalConfig)).listen, "");
  EXPECT_EQ(loadText(withListen("\"\"")).listen, "");
}

TEST(ListenConfig, AnIpAndPortAreKeptInCanonicalForm) {
  EXPECT_EQ(loadText(withListen("0.0.0.0:9090")).listen, "0.0.0.0:9090");
  EXPECT_EQ(loadText(withListen("\"[::]:9090\"")).listen, "[::]:9090");
  EXPECT_EQ(loadText(withListen("\"[0:0::1]:9090\"")).listen, "[::1]:9090");
  EXPECT_EQ(loadText(withListen("127.0.0.1:0")).listen, "127.0.0.1:0") << "port 0: the system picks one";
}

TEST(ListenConfig, AHostNameAMissingPortOrABadPortIsRefusedWithWhereAndAnExample) {
  const std::string expected_start = "config.yaml:4:11: my_conf.listen: must be IP:PORT (e.g. 0.0.0.0:9090";
  EXPECT_EQ(refusal(withListen("localhost:9090")).rfind(expected_start, 0), 0U)
      << refusal(withListen("localhost:9090"));
  EXPECT_NE(refusal(withListen("9090")).find("got 9090"), std::string::npos);
  EXPECT_NE(refusal(withListen("0.0.0.0:70000")).find("my_conf.listen"), std::string::npos);
  EXPECT_NE(refusal(withListen("\"::1:9090\"")).find("my_conf.listen"), std::string::npos)
      << "an IPv6 address needs brackets";
  EXPECT_NE(refusal(withListen("\"[127.0.0.1]:9090\"")).find("my_conf.listen"), std::string::npos);
}

TEST(ListenAddress, TheCommandLineFormIsCheckedTheSameWay) {
  EXPECT_EQ(parseListenAddress("127.0.0.1:9090"), "127.0.0.1:9090");
  EXPECT_EQ(parseListenAddress("[::1]:0"), "[::1]:0");
  EXPECT_EQ(parseListenAddress("127.0.0.1"), std::nullopt);
  EXPECT_EQ(parseListenAddress("127.0.0.1:"), std::nullopt);
  EXPECT_EQ(parseListenAddress("127.0.0.1:-1"), std::nullopt);
  EXPECT_EQ(parseListenAddress("example.org:80"), std::nullopt);
}

}  // namespace
}  // namespace lecter
