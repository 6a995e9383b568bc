// The lecter binary's command line: exit codes and what it prints, run as a user would run it.

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <sstream>
#include <string>

#include "support/common/fifo.h"
#include "support/common/subprocess.h"
#include "support/common/temp_dir.h"

namespace lecter {
namespace {

using testing::runToCompletion;
using testing::TempDir;

const std::string kSeedConfig = std::string(LECTER_SOURCE_DIR) + "/tests/fixtures/seed-config.yaml";

std::string configProbing(const std::string& ip, int port) {
  return "my_conf:\n"
         "  interval: 2000\n"
         "  pingtimeout: 500\n"
         "kubernetes_conf:\n"
         "  url: https://127.0.0.1:1\n"
         "  token_file: ./token\n"
         "service_info:\n"
         "  db:\n"
         "    namespace: default\n"
         "    name: db\n"
         "service_healthcheck_list:\n"
         "  db:\n"
         "  - port: " +
         std::to_string(port) +
         "\n"
         "  - iplist:\n"
         "    - name: node-01\n"
         "      ip: " +
         ip +
         "\n"
         "endpoint_template:\n"
         "  kind: Endpoints\n"
         "  apiVersion: v1\n"
         "  metadata:\n"
         "    name: db\n"
         "    namespace: default\n";
}

/// A loopback listener that is never accepted from: the kernel completes the handshakes anyway.
class Listener {
 public:
  Listener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        ::listen(fd_, 16) != 0 || ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
  }
  ~Listener() { ::close(fd_); }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  [[nodiscard]] int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(CommandLine, CheckAcceptsTheSeedConfigUnchanged) {
  const auto r = runToCompletion({LECTER_BINARY, "--check", "-f", kSeedConfig});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, kSeedConfig + ": OK, 3 services, 7 targets\n");
}

TEST(CommandLine, CheckNamesTheReceiversOfAlertsAndNeverTheirUrls) {
  TempDir dir;
  const std::string path = dir.write(
      "config.yaml",
      configProbing("198.18.0.10", 5432) +
          "notify:\n  receivers:\n  - name: ops\n    type: dingtalk\n"
          "    url: https://oapi.dingtalk.com/robot/send?access_token=cli-token-77\n"
          "  - name: oncall\n    type: slack\n    url: https://hooks.slack.com/services/T/B/cli-slack-88\n");
  const auto r = runToCompletion({LECTER_BINARY, "--check", "-f", path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, path + ": OK, 1 services, 1 targets, alerts to ops (dingtalk), oncall (slack)\n");
  EXPECT_EQ((r.out + r.err).find("cli-token-77"), std::string::npos);
  EXPECT_EQ((r.out + r.err).find("cli-slack-88"), std::string::npos);
}

TEST(CommandLine, AMalformedConfigExitsTwoNamingTheKeyAndItsPosition) {
  TempDir dir;
  const std::string path = dir.write("config.yaml", "my_conf:\n  interval: 2000\n  pingtimout: 3000\n");
  const auto r = runToCompletion({LECTER_BINARY, "--check", "-f", path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "lecter: " + path + ":3:3: my_conf.pingtimout: unknown key; did you mean \"pingtimeout\"?\n");
}

TEST(CommandLine, AnAddressKubernetesRefusesIsAnErrorOutsideADryRun) {
  TempDir dir;
  const std::string path = dir.write("config.yaml", configProbing("127.0.0.1", 5432));
  const auto r = runToCompletion({LECTER_BINARY, "--check", "-f", path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(
      r.err.find(":16:11: service_healthcheck_list.db.iplist[0].ip: 127.0.0.1 must not be in the loopback "
                 "range"),
      std::string::npos)
      << r.err;
}

TEST(CommandLine, AConfigPathThatIsAFifoExitsTwoAtOnceSayingWhatItIs) {
  TempDir dir;
  const std::string path = dir.path() + "/config.yaml";
  testing::makeFifo(path);  // no writer: opening it to read would wait for one
  const auto r = runToCompletion({LECTER_BINARY, "-f", path}, {}, std::chrono::seconds(5));
  EXPECT_EQ(r.exit_code, 2) << "-1 is still waiting on the FIFO after 5 s";
  EXPECT_EQ(r.err, "lecter: " + path + ": is a FIFO, not a regular file\n");
}

TEST(CommandLine, ACaFileThatIsAFifoRefusesToStartSayingWhatItIs) {
  TempDir dir;
  dir.write("token", "t\n");
  testing::makeFifo(dir.path() + "/ca.crt");  // libcurl would wait on it for a writer
  std::string config = configProbing("198.18.0.21", 5432);
  config.replace(config.find("  token_file: ./token\n"), 22, "  token_file: ./token\n  ca_file: ./ca.crt\n");
  const std::string path = dir.write("config.yaml", config);
  const auto r = runToCompletion({LECTER_BINARY, "--once", "-f", path}, dir.path(), std::chrono::seconds(5));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("kubernetes_conf.ca_file: ./ca.crt is a FIFO, not a regular file"), std::string::npos)
      << r.err;
}

TEST(CommandLine, WithoutAConfigFileItSaysWhereItLookedAndExitsTwo) {
  TempDir dir;
  const auto r = runToCompletion({LECTER_BINARY, "--check"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("./config.yaml, ./conf/config.yaml or ./src/config.yaml"), std::string::npos) << r.err;
}

TEST(CommandLine, TheDefaultConfigIsFoundUnderConf) {
  TempDir dir;
  dir.write("conf/config.yaml", testing::readFile(kSeedConfig));
  const auto r = runToCompletion({LECTER_BINARY, "--check"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "./conf/config.yaml: OK, 3 services, 7 targets\n");
}

TEST(CommandLine, AnUnknownFlagIsAUsageErrorExitingTwo) {
  const auto r = runToCompletion({LECTER_BINARY, "--bogus"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--bogus"), std::string::npos) << r.err;
}

TEST(CommandLine, AnUnknownLogLevelIsAUsageError) {
  const auto r = runToCompletion({LECTER_BINARY, "--log-level", "loud", "--check", "-f", kSeedConfig});
  EXPECT_EQ(r.exit_code, 2);
}

TEST(CommandLine, WarningIsALogLevelAsTheLinesNameIt) {
  const auto r = runToCompletion({LECTER_BINARY, "--log-level", "warning", "--check", "-f", kSeedConfig});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(CommandLine, CheckAndOnceTogetherAreAUsageErrorNamingBoth) {
  // --check only validates: with --once it would silently not run the cycle asked for.
  const auto r = runToCompletion({LECTER_BINARY, "--check", "--once", "-f", kSeedConfig});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--once excludes --check"), std::string::npos) << r.err;
}

TEST(CommandLine, VersionAndHelpExitZero) {
  const auto version = runToCompletion({LECTER_BINARY, "--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("lecter ", 0), 0U) << version.out;
  const auto help = runToCompletion({LECTER_BINARY, "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--dry-run"), std::string::npos);
}

TEST(CommandLine, OnceDryRunPrintsEachProbeAndTheObjectItWouldWriteWithoutAnApiServer) {
  Listener listener;
  TempDir dir;
  const std::string path = dir.write("config.yaml", configProbing("127.0.0.1", listener.port()));
  const auto r = runToCompletion({LECTER_BINARY, "--once", "--dry-run", "-f", path}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("probe db node-01 127.0.0.1:" + std::to_string(listener.port()) + " up "),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("kind: Endpoints"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("- ip: \"127.0.0.1\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("service db default/db: would write (live object unknown"), std::string::npos)
      << r.out;
  EXPECT_NE(r.err.find("must not be in the loopback range"), std::string::npos) << "no warning: " << r.err;
}

TEST(CommandLine, OnceWithoutATokenFileRefusesToStart) {
  TempDir dir;
  const std::string path = dir.write("config.yaml", configProbing("198.18.0.21", 5432));
  const auto r = runToCompletion({LECTER_BINARY, "--once", "-f", path}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("kubernetes_conf.token_file: no token file found (tried ./token)"), std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace lecter

namespace lecter {
namespace {

TEST(CommandLine, JsonLogFormatWritesOneObjectPerLineWithTimeLevelAndTheMessageEscaped) {
  const TempDir dir;
  std::string config = configProbing("198.18.0.1", 5432);  // --check connects to nothing
  const std::string token_path = "/nonexistent/say \"hi\"\\there/token";
  config.replace(config.find("./token"), 7, "'" + token_path + "'");
  const std::string path = dir.write("config.yaml", config);
  const auto r = runToCompletion({LECTER_BINARY, "--check", "--log-format", "json", "-f", path});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::istringstream lines(r.err);
  int parsed = 0;
  bool warned_about_token = false;
  for (std::string line; std::getline(lines, line);) {
    const auto object = nlohmann::ordered_json::parse(line, nullptr, false);
    ASSERT_FALSE(object.is_discarded()) << "not one JSON object: " << line;
    ASSERT_EQ(object.size(), 3U) << line;
    auto key = object.begin();
    EXPECT_EQ((key++).key(), "time");
    EXPECT_EQ((key++).key(), "level");
    EXPECT_EQ(key.key(), "message");
    EXPECT_EQ(object["time"].get<std::string>().back(), 'Z') << line;
    ++parsed;
    if (object["level"] == "warning" &&
        object["message"].get<std::string>().find(token_path) != std::string::npos)
      warned_about_token = true;
  }
  EXPECT_GE(parsed, 2) << r.err;
  EXPECT_TRUE(warned_about_token) << "the token path, quotes and backslash included, is in a warning: "
                                  << r.err;
}

TEST(CommandLine, AnUnknownLogFormatIsAUsageError) {
  const auto r = runToCompletion({LECTER_BINARY, "--check", "--log-format", "xml", "-f", kSeedConfig});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE((r.out + r.err).find("--log-format"), std::string::npos) << r.out << r.err;
}

}  // namespace
}  // namespace lecter
